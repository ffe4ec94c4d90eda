"use client";
import { useState } from "react";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";

export type SchemeOption = { id: string; label: string; headers: readonly string[]; signsUrl: boolean };
export type SecretOption = { id: string; name: string; scheme: string };

/** Add a source: name it, pick the vault's HMAC secret (its scheme is preselected) and the tolerance. */
export function WebhookSourceForm({ action, schemes, secrets }: { action: (prev: ActionState, form: FormData) => Promise<ActionState>; schemes: SchemeOption[]; secrets: SecretOption[] }) {
  const [scheme, setScheme] = useState(secrets[0]?.scheme ?? "stripe");
  const chosen = schemes.find((s) => s.id === scheme);
  return (
    <ActionForm action={action} className="space-y-4">
      {(state, pending) => (
        <>
          <div className="grid gap-4 md:grid-cols-2">
            <Field label="Name" name="name" placeholder="Stripe billing events" defaultValue={state.ok ? "" : state.values?.name} error={state.fields?.name} required />
            <SelectField
              label="Signing secret (HMAC credential)"
              name="credentialId"
              defaultValue={state.ok ? undefined : state.values?.credentialId}
              error={state.fields?.credentialId}
              onChange={(e) => setScheme(secrets.find((s) => s.id === e.target.value)?.scheme ?? scheme)}
              options={secrets.map((s) => ({ value: s.id, label: s.name }))}
            />
            <SelectField label="Sender's signature scheme" name="scheme" value={scheme} onChange={(e) => setScheme(e.target.value)} error={state.fields?.scheme} options={schemes.map((s) => ({ value: s.id, label: s.label }))} />
            <Field label="Timestamp tolerance (seconds)" name="toleranceSeconds" type="number" min={30} max={3600} defaultValue={state.ok ? "300" : (state.values?.toleranceSeconds ?? "300")} error={state.fields?.toleranceSeconds} hint="300 s unless the sender documents otherwise." />
            {chosen?.signsUrl && (
              <div className="md:col-span-2">
                <Field label="URL the sender posts to (optional)" name="signedUrl" placeholder="https://hooks.example.com/api/webhooks/…" defaultValue={state.ok ? "" : state.values?.signedUrl} error={state.fields?.signedUrl} hint={`${chosen.label} signs the URL itself. Fill this in when Authpulse sits behind a proxy that changes the host; leave it empty otherwise.`} />
              </div>
            )}
          </div>
          {chosen && <p className="text-xs text-zinc-500 dark:text-zinc-400">Deliveries must carry {chosen.headers.join(", ")}.</p>}
          <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add source"}</Button>
        </>
      )}
    </ActionForm>
  );
}
