"use client";
import { useActionState, type ReactNode } from "react";
import { Notice } from "@/components/ui/notice";
import type { ActionState } from "@/lib/server/actions/action-state";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** A form bound to a server action that shows the action's message (success or error) inline. */
export function ActionForm({ action, children, className = "", showSuccess = true }: { action: Action; children: (state: ActionState, pending: boolean) => ReactNode; className?: string; showSuccess?: boolean }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className={className} noValidate>
      {state.message && (!state.ok || showSuccess) && (
        <div className="mb-3">
          <Notice kind={state.ok ? "success" : "error"}>{state.message}</Notice>
        </div>
      )}
      {children(state, pending)}
    </form>
  );
}
