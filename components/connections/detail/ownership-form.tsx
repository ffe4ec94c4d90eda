"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";

/** Admin form: the member accountable for this connection and the workflows that use it. */
export function OwnershipForm({ connectionId, ownerId, workflows, members, action }: { connectionId: string; ownerId: string | null; workflows: string[]; members: { userId: string; name: string }[]; action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  return (
    <ActionForm action={action}>
      {(state, pending) => (
        <div className="grid gap-3 sm:grid-cols-2">
          <input type="hidden" name="connectionId" value={connectionId} />
          <SelectField id="ownership-owner" label="Owner" name="ownerId" defaultValue={state.values?.ownerId ?? ownerId ?? ""} error={state.fields?.ownerId} options={[{ value: "", label: "No owner" }, ...members.map((m) => ({ value: m.userId, label: m.name }))]} />
          <Field id="ownership-workflows" label="Workflows" name="workflows" defaultValue={state.values?.workflows ?? workflows.join(", ")} error={state.fields?.workflows} hint="Comma-separated labels, e.g. lead-routing, enrichment." />
          <div className="sm:col-span-2">
            <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Saving…" : "Save owner and workflows"}</Button>
          </div>
        </div>
      )}
    </ActionForm>
  );
}
