"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";
import { ConnectionBasicsFields } from "./connection-basics-fields";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** Service account with the JWT bearer grant (RFC 7523), e.g. a Google service-account JSON key. */
export function ServiceAccountForm({ action }: { action: Action }) {
  return (
    <ActionForm action={action}>
      {(state, pending) => (
        <div className="space-y-4">
          <div>
            <label htmlFor="sa-key" className="mb-1 block text-sm font-medium text-zinc-800 dark:text-zinc-200">
              Service-account JSON key
            </label>
            <input
              id="sa-key"
              name="serviceAccountKey"
              type="file"
              accept="application/json,.json"
              required
              aria-invalid={state.fields?.serviceAccountKey ? true : undefined}
              aria-describedby={state.fields?.serviceAccountKey ? "sa-key-error" : "sa-key-hint"}
              className="block w-full text-sm text-zinc-700 file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-zinc-50 dark:text-zinc-300 dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100"
            />
            {state.fields?.serviceAccountKey ? (
              <p id="sa-key-error" className="mt-1 text-sm text-red-600 dark:text-red-400">{state.fields.serviceAccountKey}</p>
            ) : (
              <p id="sa-key-hint" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                Google Cloud console → IAM → Service accounts → Keys → Add key → JSON (at most 64 KB). The private key is stored encrypted and never shown again; choose the file again after an error.
              </p>
            )}
          </div>
          <Field id="sa-scopes" label="Scopes" name="scopes" autoComplete="off" placeholder="https://www.googleapis.com/auth/admin.directory.user.readonly" defaultValue={state.values?.scopes} error={state.fields?.scopes} hint="Space-separated. They go into the assertion's scope claim." />
          <Field id="sa-subject" label="Act as user (subject), optional" name="subject" type="email" autoComplete="off" placeholder="admin@yourcompany.com" defaultValue={state.values?.subject} error={state.fields?.subject} hint="For Google domain-wide delegation: the Workspace user the service account acts for. Leave empty to act as the service account itself." />
          <ConnectionBasicsFields idPrefix="sa" state={state} defaultLabel="" />
          <Button type="submit" disabled={pending}>{pending ? "Exchanging the assertion…" : "Get a token and connect"}</Button>
        </div>
      )}
    </ActionForm>
  );
}
