"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/server/actions/action-state";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;
type Option = { value: string; label: string };

const select = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950";

/** Pick a member and mark them departed (admins). */
export function MarkDepartedForm({ members, action }: { members: Option[]; action: Action }) {
  return (
    <ActionForm action={action}>
      {(state, pending) => (
        <div className="flex flex-wrap items-end gap-3">
          <label className="block text-sm">
            <span className="mb-1 block font-medium text-zinc-800 dark:text-zinc-200">Member who left</span>
            <select name="membershipId" className={select} defaultValue={state.values?.membershipId}>
              {members.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
            </select>
          </label>
          <Button type="submit" variant="danger" disabled={pending || members.length === 0}>Mark as departed</Button>
        </div>
      )}
    </ActionForm>
  );
}

/** Hand one item to a current member. */
export function TransferForm({ subjectType, subjectId, members, action }: { subjectType: string; subjectId: string; members: Option[]; action: Action }) {
  return (
    <ActionForm action={action} showSuccess={false}>
      {(state, pending) => (
        <div className="flex flex-wrap items-center gap-2">
          <input type="hidden" name="subjectType" value={subjectType} />
          <input type="hidden" name="subjectId" value={subjectId} />
          <label className="sr-only" htmlFor={`owner-${subjectId}`}>New owner</label>
          <select id={`owner-${subjectId}`} name="newOwnerId" className={select} aria-invalid={state.fields?.newOwnerId ? true : undefined}>
            {members.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
          </select>
          <Button type="submit" variant="secondary" disabled={pending}>Transfer</Button>
          {state.fields?.newOwnerId && <span className="text-sm text-red-600 dark:text-red-400">{state.fields.newOwnerId}</span>}
        </div>
      )}
    </ActionForm>
  );
}
