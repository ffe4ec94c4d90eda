"use client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";
import { ActionForm } from "./action-form";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

export function RenameWorkspaceForm({ name, action }: { name: string; action: Action }) {
  return (
    <ActionForm action={action}>
      {(state, pending) => (
        <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
          <Field label="Workspace name" name="name" required defaultValue={state.values?.name ?? name} error={state.fields?.name} />
          <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Rename"}</Button>
        </div>
      )}
    </ActionForm>
  );
}

export function CreateWorkspaceForm({ action }: { action: Action }) {
  return (
    <ActionForm action={action}>
      {(state, pending) => (
        <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
          <Field label="New workspace name" name="name" required placeholder="e.g. EMEA sales ops" defaultValue={state.values?.name} error={state.fields?.name} />
          <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Creating…" : "Create workspace"}</Button>
        </div>
      )}
    </ActionForm>
  );
}
