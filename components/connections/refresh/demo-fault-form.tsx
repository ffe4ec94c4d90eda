"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/server/actions/action-state";

const choices = [
  { mode: "unavailable", label: "Outage (503)" },
  { mode: "rate_limited", label: "Rate limit (429)" },
  { mode: "invalid_grant", label: "Revoke grants (invalid_grant)" },
  { mode: "none", label: "Back to normal" },
] as const;

/** Demo provider only: make its token endpoint fail on purpose and watch refresh, errors and alerts react. */
export function DemoFaultForm({ connectionId, current, action }: { connectionId: string; current: string; action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  return (
    <ActionForm action={action}>
      {(_state, pending) => (
        <div className="space-y-3">
          <input type="hidden" name="connectionId" value={connectionId} />
          <p className="text-sm" data-testid="demo-fault-mode">
            Token endpoint now: <span className="font-medium">{current === "none" ? "working normally" : choices.find((c) => c.mode === current)?.label ?? current}</span>
          </p>
          <div className="flex flex-wrap gap-2">
            {choices.map((c) => (
              <Button key={c.mode} type="submit" name="mode" value={c.mode} variant={c.mode === "none" ? "primary" : "secondary"} disabled={pending || c.mode === current}>
                {c.label}
              </Button>
            ))}
          </div>
        </div>
      )}
    </ActionForm>
  );
}
