"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type { ActionState } from "@/lib/server/actions/action-state";

export function AcceptInviteForm({ token, email, needsAccount, action }: { token: string; email: string; needsAccount: boolean; action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.message && <Notice kind="error">{state.message}</Notice>}
      <input type="hidden" name="token" value={token} />
      {needsAccount && (
        <>
          <Field label="Email" name="email-display" value={email} readOnly disabled />
          <Field label="Your name" name="name" autoComplete="name" required defaultValue={state.values?.name} error={state.fields?.name} />
          <Field label="Choose a password" name="password" type="password" autoComplete="new-password" required minLength={12} error={state.fields?.password} hint="At least 12 characters." />
        </>
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : needsAccount ? "Create account and join" : "Join workspace"}
      </Button>
    </form>
  );
}
