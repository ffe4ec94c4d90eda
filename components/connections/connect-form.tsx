"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** Label and scopes for a new connection (or a reconnect), then off to the provider's consent screen. */
export function ConnectForm({ providerKey, providerName, scopes, minimumScopes, preselected, connectionId, defaultLabel, disabled, action }: {
  providerKey: string;
  providerName: string;
  scopes: string[];
  minimumScopes: string[];
  preselected: string[];
  connectionId?: string;
  defaultLabel: string;
  disabled: boolean;
  action: Action;
}) {
  return (
    <ActionForm action={action}>
      {(state, pending) => (
        <div className="space-y-4">
          <input type="hidden" name="providerKey" value={providerKey} />
          {connectionId && <input type="hidden" name="connectionId" value={connectionId} />}
          {connectionId ? <input type="hidden" name="label" value={defaultLabel} /> : <Field label="Connection name" name="label" required defaultValue={state.values?.label ?? defaultLabel} error={state.fields?.label} hint="Say what it is for, e.g. the workflow that uses it." />}
          <fieldset>
            <legend className="mb-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">Scopes to request</legend>
            {scopes.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">This provider takes scopes from the app's settings in its console, not from the request.</p>
            ) : (
              <ul className="grid gap-1 sm:grid-cols-2">
                {scopes.map((scope) => (
                  <li key={scope}>
                    <label className="flex items-center gap-2 text-sm">
                      <input type="checkbox" name="scopes" value={scope} defaultChecked={preselected.includes(scope)} className="h-4 w-4 rounded border-zinc-300 accent-indigo-600" />
                      <code className="text-xs">{scope}</code>
                      {minimumScopes.includes(scope) && <span className="text-xs text-zinc-500">(minimum)</span>}
                    </label>
                  </li>
                ))}
              </ul>
            )}
            <div className="mt-3">
              <Field label="Other scopes" name="extraScopes" placeholder="e.g. crm.write" defaultValue={state.values?.extraScopes} hint="Space-separated, exactly as the provider names them." />
            </div>
            {state.fields?.scopes && <p className="mt-1 text-sm text-red-600 dark:text-red-400">{state.fields.scopes}</p>}
          </fieldset>
          <Button type="submit" disabled={pending || disabled}>{pending ? "Opening consent screen…" : `${connectionId ? "Reconnect" : "Connect"} with ${providerName}`}</Button>
          {disabled && <p className="text-xs text-zinc-500">Save the OAuth app first.</p>}
        </div>
      )}
    </ActionForm>
  );
}
