"use client";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ActionState } from "@/lib/server/actions/action-state";
import { ActionForm } from "./action-form";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;
export type MemberRowData = { membershipId: string; name: string; email: string; role: "admin" | "viewer"; lastLoginAt: string | null; isSelf: boolean };

export function MemberRow({ member, changeRole, remove }: { member: MemberRowData; changeRole: Action; remove: Action }) {
  return (
    <li className="py-3" data-testid="member-row" data-email={member.email}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <p className="truncate text-sm font-medium">{member.name}{member.isSelf && <span className="ml-2 text-xs text-zinc-500">(you)</span>}</p>
          <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">{member.email} · last login <RelativeTime value={member.lastLoginAt} /></p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          <ActionForm action={changeRole} showSuccess={false} className="flex items-center gap-2">
            {(_s, pending) => (
              <>
                <input type="hidden" name="membershipId" value={member.membershipId} />
                <label className="sr-only" htmlFor={`role-${member.membershipId}`}>Role of {member.email}</label>
                <select id={`role-${member.membershipId}`} name="role" defaultValue={member.role} className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950">
                  <option value="viewer">Viewer</option>
                  <option value="admin">Admin</option>
                </select>
                <Button type="submit" variant="secondary" disabled={pending}>Save</Button>
              </>
            )}
          </ActionForm>
          <ActionForm action={remove} showSuccess={false}>
            {(_s, pending) => (
              <>
                <input type="hidden" name="membershipId" value={member.membershipId} />
                <Button type="submit" variant="danger" disabled={pending} aria-label={`Remove ${member.email}`}>Remove</Button>
              </>
            )}
          </ActionForm>
        </div>
      </div>
    </li>
  );
}
