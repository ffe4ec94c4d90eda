"use client";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill } from "@/components/ui/status-pill";
import type { ActionState } from "@/lib/server/actions/action-state";
import { ActionForm } from "./action-form";

export function PendingInviteRow({ invite, revoke }: { invite: { id: string; email: string; role: string; expiresAt: string; isExpired: boolean }; revoke: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="invite-row">
      <div>
        <p className="text-sm font-medium">{invite.email} <span className="ml-1 text-xs text-zinc-500">as {invite.role}</span></p>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {invite.isExpired ? <StatusPill tone="warn">expired</StatusPill> : <>expires <RelativeTime value={invite.expiresAt} /></>}
        </p>
      </div>
      <ActionForm action={revoke} showSuccess={false}>
        {(_s, pending) => (
          <>
            <input type="hidden" name="inviteId" value={invite.id} />
            <Button type="submit" variant="ghost" disabled={pending}>Withdraw</Button>
          </>
        )}
      </ActionForm>
    </li>
  );
}
