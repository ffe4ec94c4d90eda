import { Field, SelectField } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";

/** Name and environment, common to every machine-connection form. */
export function ConnectionBasicsFields({ idPrefix, state, defaultLabel }: { idPrefix: string; state: ActionState; defaultLabel: string }) {
  return (
    <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
      <Field id={`${idPrefix}-label`} label="Connection name" name="label" required defaultValue={state.values?.label ?? defaultLabel} error={state.fields?.label} hint="Say what it is for, e.g. the workflow that uses it." />
      <SelectField
        id={`${idPrefix}-environment`}
        label="Environment"
        name="environment"
        defaultValue={state.values?.environment || "prod"}
        error={state.fields?.environment}
        options={[
          { value: "prod", label: "prod" },
          { value: "staging", label: "staging" },
          { value: "sandbox", label: "sandbox" },
          { value: "dev", label: "dev" },
        ]}
      />
    </div>
  );
}
