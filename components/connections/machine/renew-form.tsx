"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/server/actions/action-state";

/** "Renew now": repeats the connection's token request from its stored settings. */
export function RenewForm({ connectionId, action }: { connectionId: string; action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  return (
    <ActionForm action={action}>
      {(_state, pending) => (
        <div className="flex flex-wrap items-center gap-3">
          <input type="hidden" name="connectionId" value={connectionId} />
          <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Renewing…" : "Renew now"}</Button>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">Gets a fresh token with the stored settings, as the refresh engine does before expiry.</p>
        </div>
      )}
    </ActionForm>
  );
}
