"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/server/actions/action-state";

/** "Refresh now": one refresh at once, under the same lease as the workers; clears a terminal state first. */
export function RefreshNowForm({ connectionId, action }: { connectionId: string; action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  return (
    <ActionForm action={action}>
      {(_state, pending) => (
        <div className="flex flex-wrap items-center gap-3">
          <input type="hidden" name="connectionId" value={connectionId} />
          <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Refreshing…" : "Refresh now"}</Button>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">Refreshes at once instead of waiting for the schedule, e.g. after you fixed the OAuth app&apos;s settings.</p>
        </div>
      )}
    </ActionForm>
  );
}
