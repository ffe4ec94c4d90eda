"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type { ActionState } from "@/lib/server/actions/action-state";

export function SetupForm({ token, action }: { token: string; action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.message && <Notice kind="error">{state.message}</Notice>}
      <input type="hidden" name="token" value={token} />
      <Field label="Your name" name="name" autoComplete="name" required defaultValue={state.values?.name} error={state.fields?.name} />
      <Field label="Work email" name="email" type="email" autoComplete="username" required defaultValue={state.values?.email} error={state.fields?.email} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required minLength={12} error={state.fields?.password} hint="At least 12 characters. A passphrase from your password manager is ideal." />
      <Field label="Workspace name" name="workspaceName" required defaultValue={state.values?.workspaceName ?? "RevOps"} error={state.fields?.workspaceName} hint="Usually your team or company. You can add more workspaces later." />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create admin account"}
      </Button>
    </form>
  );
}
