"use client";
import { useState } from "react";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";
import { overlapOptions, type FormMethod } from "./credential-form-fields";
import { CertificateFields } from "./method-fields";
import { SECRET_HINT } from "./secret-hint";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

const secretLabels: Record<Exclude<FormMethod, "mtls" | "track_only">, string> = { api_key: "New API key", basic: "New password", bearer: "New token", hmac: "New signing secret" };

function NewSecretFields({ method, state }: { method: FormMethod; state: ActionState }) {
  if (method === "mtls") return <CertificateFields state={state} />;
  if (method === "track_only") return <p className="text-sm text-zinc-600 dark:text-zinc-400">Authpulse keeps no secret for this entry. Rotate it where it lives, then record the rotation here to reset its age.</p>;
  return <Field id="rotate-secret" label={secretLabels[method]} name="newSecret" type="password" required autoComplete="off" spellCheck={false} error={state.fields?.newSecret} hint={SECRET_HINT} />;
}

function WhatHappensNext({ hours, hasSecret }: { hours: number; hasSecret: boolean }) {
  const [now] = useState(() => Date.now());
  if (!hasSecret) return <p className="text-sm text-zinc-600 dark:text-zinc-400">The rotation age resets to 0 days; nothing else changes here.</p>;
  const until = new Date(now + hours * 3600_000);
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="rotation-next">
      The new secret becomes active at once. The old secret stays valid for {hours} hours, until{" "}
      <time dateTime={until.toISOString()} suppressHydrationWarning>{until.toLocaleString()}</time>, then is retired automatically and erased. An older secret still in its overlap is retired now.
    </p>
  );
}

/** The rotation wizard's form: the new secret, the overlap window, and what happens next. */
export function RotateForm({ credentialId, method, hasSecret, action }: { credentialId: string; method: FormMethod; hasSecret: boolean; action: Action }) {
  return (
    <ActionForm action={action}>
      {(state, pending) => <RotateFields credentialId={credentialId} method={method} hasSecret={hasSecret} state={state} pending={pending} />}
    </ActionForm>
  );
}

function RotateFields({ credentialId, method, hasSecret, state, pending }: { credentialId: string; method: FormMethod; hasSecret: boolean; state: ActionState; pending: boolean }) {
  const [hours, setHours] = useState(Number(state.values?.overlapHours) || 24);
  return (
    <div className="space-y-5">
      <input type="hidden" name="credentialId" value={credentialId} />
      <NewSecretFields method={method} state={state} />
      {hasSecret && (
        <SelectField id="rotate-overlap" label="Overlap window" name="overlapHours" value={String(hours)} onChange={(e) => setHours(Number(e.target.value))} error={state.fields?.overlapHours} options={overlapOptions.map((h) => ({ value: String(h), label: `${h} hours${h === 24 ? " (default)" : ""}` }))} />
      )}
      <div>
        <h3 className="mb-1 text-sm font-semibold text-zinc-900 dark:text-zinc-100">What happens next</h3>
        <WhatHappensNext hours={hours} hasSecret={hasSecret} />
      </div>
      {state.fields?.form && <p className="text-sm text-red-600 dark:text-red-400">{state.fields.form}</p>}
      <Button type="submit" disabled={pending}>{pending ? "Rotating…" : method === "track_only" ? "Record the rotation" : "Rotate now"}</Button>
    </div>
  );
}
