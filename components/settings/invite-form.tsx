"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";
import { ActionForm } from "./action-form";

function CopyLink({ link }: { link: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-3 rounded-md border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-700 dark:bg-zinc-950">
      <p className="mb-2 text-xs font-medium text-zinc-600 dark:text-zinc-400">Invite link (shown only now)</p>
      <div className="flex gap-2">
        <input readOnly value={link} aria-label="Invite link" data-testid="invite-link" className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900" onFocus={(e) => e.currentTarget.select()} />
        <Button type="button" variant="secondary" onClick={() => void navigator.clipboard.writeText(link).then(() => setCopied(true))}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}

export function InviteForm({ action }: { action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  return (
    <ActionForm action={action}>
      {(state, pending) => (
        <>
          <div className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
            <Field label="Email" name="email" type="email" required placeholder="teammate@company.com" defaultValue={state.ok ? "" : state.values?.email} error={state.fields?.email} />
            <SelectField label="Role" name="role" defaultValue={state.values?.role ?? "viewer"} options={[{ value: "viewer", label: "Viewer" }, { value: "admin", label: "Admin" }]} error={state.fields?.role} />
            <Button type="submit" disabled={pending}>{pending ? "Inviting…" : "Create invite"}</Button>
          </div>
          {state.ok && state.link && <CopyLink link={state.link} />}
        </>
      )}
    </ActionForm>
  );
}
