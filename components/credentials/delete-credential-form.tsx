"use client";
import { useState } from "react";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";

/** Delete in two steps: open the confirmation, type the name, then delete (soft: history stays). */
export function DeleteCredentialForm({ credentialId, name, action }: { credentialId: string; name: string; action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" variant="danger" onClick={() => setConfirming(true)}>Delete…</Button>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">Retires every version and erases the stored secrets. The audit history stays.</p>
      </div>
    );
  }
  return (
    <ActionForm action={action}>
      {(state, pending) => (
        <div className="space-y-3">
          <input type="hidden" name="credentialId" value={credentialId} />
          <Field id="delete-confirm" label={`Type "${name}" to confirm`} name="confirmName" autoComplete="off" autoFocus error={state.fields?.confirmName} hint="Integrations still using this secret stop being tracked here; revoke it at the provider too." />
          <div className="flex gap-3">
            <Button type="submit" variant="danger" disabled={pending}>{pending ? "Deleting…" : "Delete credential"}</Button>
            <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>Cancel</Button>
          </div>
        </div>
      )}
    </ActionForm>
  );
}
