"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/server/actions/action-state";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** Disable/enable and delete buttons for one source (admins). */
export function SourceAdminForms({ sourceId, enabled, toggleAction, deleteAction }: { sourceId: string; enabled: boolean; toggleAction: Action; deleteAction: Action }) {
  return (
    <div className="flex flex-wrap items-start gap-3">
      <ActionForm action={toggleAction}>
        {(_, pending) => (
          <>
            <input type="hidden" name="sourceId" value={sourceId} />
            <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
            <Button type="submit" variant="secondary" disabled={pending}>{enabled ? "Disable" : "Enable"}</Button>
          </>
        )}
      </ActionForm>
      <ActionForm action={deleteAction}>
        {(state, pending) => (
          <>
            <input type="hidden" name="sourceId" value={sourceId} />
            {!state.ok && <Button type="submit" variant="danger" disabled={pending}>Delete source</Button>}
          </>
        )}
      </ActionForm>
    </div>
  );
}
