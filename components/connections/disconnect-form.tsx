"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/server/actions/action-state";

export function DisconnectForm({ connectionId, action }: { connectionId: string; action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  return (
    <ActionForm action={action}>
      {(state, pending) => (
        <div className="flex flex-wrap items-center gap-3">
          <input type="hidden" name="connectionId" value={connectionId} />
          {!state.ok && <Button type="submit" variant="danger" disabled={pending}>{pending ? "Revoking…" : "Disconnect and revoke"}</Button>}
          <p className="text-xs text-zinc-500 dark:text-zinc-400">Revokes the tokens at the provider when it supports RFC 7009, then deletes them here.</p>
        </div>
      )}
    </ActionForm>
  );
}
