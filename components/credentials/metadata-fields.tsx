"use client";
import { TextAreaField } from "@/components/ui/field";
import { Field, SelectField } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";
import { environmentOptions } from "./credential-form-fields";
import { LastRotatedField } from "./last-rotated-field";

export type MemberOption = { userId: string; name: string; email: string };

/** What every credential records besides its secret: name, system, owner, where it is used, who can see it. */
export function MetadataFields({ state, members }: { state: ActionState; members: MemberOption[] }) {
  const v = state.values;
  const f = state.fields;
  return (
    <fieldset className="space-y-4">
      <legend className="mb-2 text-sm font-semibold text-zinc-900 dark:text-zinc-100">About this credential</legend>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="cred-name" label="Name" name="name" required autoComplete="off" placeholder="e.g. HubSpot sync key" defaultValue={v?.name} error={f?.name} hint="One labelled key per workflow makes rotation safe." />
        <Field id="cred-provider" label="Provider or system" name="provider" required autoComplete="off" placeholder="e.g. HubSpot, Stripe, internal ETL" defaultValue={v?.provider} error={f?.provider} />
        <SelectField id="cred-environment" label="Environment" name="environment" defaultValue={v?.environment || "prod"} error={f?.environment} options={environmentOptions} />
        <SelectField id="cred-owner" label="Owner" name="ownerId" defaultValue={v?.ownerId ?? ""} error={f?.ownerId} options={[{ value: "", label: "No owner yet" }, ...members.map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))]} />
      </div>
      <Field id="cred-workflows" label="Workflows" name="workflows" autoComplete="off" placeholder="e.g. lead routing, nightly enrichment" defaultValue={v?.workflows} error={f?.workflows} hint="Comma separated. Which pipelines break if this key stops working." />
      <TextAreaField id="cred-people" label="People with access" name="peopleWithAccess" rows={2} autoComplete="off" placeholder="ana@example.com, ops@example.com" defaultValue={v?.peopleWithAccess} error={f?.peopleWithAccess} hint="Comma separated emails of everyone who has seen or can read the secret where it lives." />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label className="flex items-start gap-2 text-sm text-zinc-800 dark:text-zinc-200">
            <input type="checkbox" name="sensitive" defaultChecked={v?.sensitive === "on"} className="mt-0.5 h-4 w-4 rounded border-zinc-300 accent-indigo-600" />
            <span>
              <span className="font-medium">Sensitive</span>
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">Billing, admin or write access to customer data: rotate every 30 days instead of 90.</span>
            </span>
          </label>
          {f?.sensitive && <p className="mt-1 text-sm text-red-600 dark:text-red-400">{f.sensitive}</p>}
        </div>
        <Field id="cred-interval" label="Rotation interval in days (optional)" name="rotationIntervalDays" inputMode="numeric" autoComplete="off" placeholder="90, or 30 when sensitive" defaultValue={v?.rotationIntervalDays} error={f?.rotationIntervalDays} />
        <LastRotatedField defaultValue={v?.lastRotatedOn} error={f?.lastRotatedAt} />
      </div>
    </fieldset>
  );
}
