"use client";
import { useState } from "react";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";

/** Pass (when nothing fails) or accept the risk with a reason and an expiry date. */
export function SignOffForm({ runId, itemKey, failureCount, defaultExpiry, action }: { runId: string; itemKey: string; failureCount: number; defaultExpiry: string; action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  const [accepting, setAccepting] = useState(false);
  return (
    <ActionForm action={action} className="space-y-3" showSuccess={false}>
      {(state, pending) => (
        <>
          <input type="hidden" name="runId" value={runId} />
          <input type="hidden" name="key" value={itemKey} />
          {accepting ? (
            <div className="grid gap-3 sm:grid-cols-[1fr_12rem]">
              <input type="hidden" name="decision" value="accept_risk" />
              <Field id={`reason-${itemKey}`} label="Why the risk is acceptable" name="reason" defaultValue={state.values?.reason} error={state.fields?.reason} placeholder="e.g. Vendor rotation scheduled on the 1st; ticket SEC-42" />
              <Field id={`until-${itemKey}`} label="Accepted until" name="riskExpiresAt" type="date" defaultValue={state.values?.riskExpiresAt ?? defaultExpiry} error={state.fields?.riskExpiresAt} />
              <div className="flex gap-2 sm:col-span-2">
                <Button type="submit" variant="secondary" disabled={pending}>Accept risk</Button>
                <Button type="button" variant="ghost" onClick={() => setAccepting(false)}>Cancel</Button>
              </div>
            </div>
          ) : (
            <div className="flex flex-wrap gap-2">
              <input type="hidden" name="decision" value="pass" />
              {failureCount === 0 && (
                <Button type="submit" disabled={pending}>Sign off: passes</Button>
              )}
              <Button type="button" variant="secondary" onClick={() => setAccepting(true)}>Accept risk…</Button>
            </div>
          )}
        </>
      )}
    </ActionForm>
  );
}
