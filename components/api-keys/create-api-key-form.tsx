"use client";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type { ApiKeyActionState } from "@/lib/server/actions/api-key-actions";

export type ScopableCredential = { id: string; name: string; provider: string; method: string; environment: string };
/** A live (not disconnected) OAuth or machine connection a key may be scoped to. */
export type ScopableConnection = { id: string; label: string; provider: string; environment: string; needsAttention: boolean };

function CopyField({ label, value, testId, multiline = false }: { label: string; value: string; testId: string; multiline?: boolean }) {
  const [copied, setCopied] = useState(false);
  const className = "min-w-0 flex-1 rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <div>
      <p className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">{label}</p>
      <div className="flex items-start gap-2">
        {multiline ? (
          <textarea readOnly value={value} aria-label={label} data-testid={testId} rows={3} className={`${className} resize-none`} onFocus={(e) => e.currentTarget.select()} />
        ) : (
          <input readOnly value={value} aria-label={label} data-testid={testId} className={className} onFocus={(e) => e.currentTarget.select()} />
        )}
        <Button type="button" variant="secondary" aria-label={`Copy ${label.toLowerCase()}`} onClick={() => void navigator.clipboard.writeText(value).then(() => setCopied(true))}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}

/** The key exactly once, right after creation; it lives only in this component's state. */
function OneTimeKey({ apiKey, curl }: { apiKey: string; curl: string }) {
  return (
    <div className="mt-4 space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950/40" data-testid="one-time-key">
      <p className="text-sm font-medium text-amber-900 dark:text-amber-200">Copy it now: Authpulse stores only its hash. This is the only time the full key is shown.</p>
      <CopyField label="New API key" value={apiKey} testId="new-api-key" />
      <CopyField label="Try it with curl" value={curl} testId="curl-example" multiline />
    </div>
  );
}

function chosenSuggestions(raw: string | undefined): Set<string> {
  try {
    const parsed: unknown = JSON.parse(raw ?? "[]");
    return new Set(Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === "string") : []);
  } catch {
    return new Set();
  }
}

function ConnectionScope({ connections, chosen, error }: { connections: ScopableConnection[]; chosen: Set<string>; error: string | undefined }) {
  return (
    <fieldset aria-describedby={error ? "connectionIds-error" : undefined}>
      <legend className="mb-1 block text-sm font-medium text-zinc-800 dark:text-zinc-200">Connections whose fresh access token this key may use</legend>
      {connections.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No connections yet. Connect a provider first; a key can use only the connections you choose here.</p>
      ) : (
        <ul className="max-h-64 divide-y divide-zinc-200 overflow-y-auto rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="connection-scope">
          {connections.map((c) => (
            <li key={c.id}>
              <label className="flex cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/60">
                <input type="checkbox" name="connectionIds" value={c.id} defaultChecked={chosen.has(c.id)} />
                <span className="min-w-0 flex-1 truncate font-medium">{c.label}</span>
                <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
                  {c.provider} · {c.environment}
                  {c.needsAttention && " · needs attention"}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p id="connectionIds-error" className="mt-1 text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
        The key can fetch a fresh access token (GET /api/v1/connections/&#123;id&#125;/access-token), call the provider&apos;s API through Authpulse (/api/v1/proxy/&#123;id&#125;/…) and report auth errors it saw. Every token read is written to the audit log.
      </p>
    </fieldset>
  );
}

export function CreateApiKeyForm({
  action,
  credentials,
  connections,
  tagSuggestions,
}: {
  action: (prev: ApiKeyActionState, form: FormData) => Promise<ApiKeyActionState>;
  credentials: ScopableCredential[];
  connections: ScopableConnection[];
  /** The workspace's existing workflow labels, offered as tags. */
  tagSuggestions: string[];
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const chosen = new Set((state.ok ? "" : state.values?.credentialIds ?? "").split(",").filter(Boolean));
  const chosenTags = state.ok ? new Set<string>() : chosenSuggestions(state.values?.suggestedTags);
  const chosenConnections = new Set((state.ok ? "" : state.values?.connectionIds ?? "").split(",").filter(Boolean));
  // Reset the inputs after a success by keying them on the created key's mask.
  const formKey = state.ok ? state.masked : "form";
  return (
    <div>
      <form action={formAction} noValidate key={formKey} className="space-y-4">
        {state.message && !state.ok && <Notice kind="error">{state.message}</Notice>}
        <div className="grid gap-3 sm:grid-cols-[1fr_12rem_10rem]">
          <Field label="Name" name="name" required placeholder="n8n production" hint="Name it after the tool that will use it." defaultValue={state.values?.name} error={state.fields?.name} />
          <fieldset>
            <legend className="mb-1 block text-sm font-medium text-zinc-800 dark:text-zinc-200">Mode</legend>
            <div className="flex gap-4 py-2 text-sm">
              <label className="flex items-center gap-1.5">
                <input type="radio" name="mode" value="live" defaultChecked={(state.values?.mode ?? "live") === "live"} /> Live
              </label>
              <label className="flex items-center gap-1.5">
                <input type="radio" name="mode" value="test" defaultChecked={state.values?.mode === "test"} /> Test
              </label>
            </div>
            {state.fields?.mode && <p className="mt-1 text-sm text-red-600 dark:text-red-400">{state.fields.mode}</p>}
          </fieldset>
          <Field label="Expires after (days)" name="expiresInDays" type="number" min={1} max={3650} inputMode="numeric" placeholder="never" defaultValue={state.values?.expiresInDays} error={state.fields?.expiresInDays} hint="Leave empty for no expiry." />
        </div>
        <fieldset aria-describedby={state.fields?.credentialIds ? "credentialIds-error" : undefined}>
          <legend className="mb-1 block text-sm font-medium text-zinc-800 dark:text-zinc-200">Credentials this key may read</legend>
          {credentials.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No credentials stored yet. Store one in the vault first, or scope the key by tag below; a key can only read credentials you choose or tag here.</p>
          ) : (
            <ul className="max-h-64 divide-y divide-zinc-200 overflow-y-auto rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
              {credentials.map((c) => (
                <li key={c.id}>
                  <label className="flex cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/60">
                    <input type="checkbox" name="credentialIds" value={c.id} defaultChecked={chosen.has(c.id)} />
                    <span className="min-w-0 flex-1 truncate font-medium">{c.name}</span>
                    <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
                      {c.provider} · {c.method.replace("_", " ")} · {c.environment}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {state.fields?.credentialIds && (
            <p id="credentialIds-error" className="mt-1 text-sm text-red-600 dark:text-red-400">
              {state.fields.credentialIds}
            </p>
          )}
          <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">Read-only: the key can fetch these secrets over the API and nothing else. Every read is written to the audit log.</p>
        </fieldset>
        <fieldset aria-describedby={state.fields?.tags ? "tags-error" : undefined}>
          <legend className="mb-1 block text-sm font-medium text-zinc-800 dark:text-zinc-200">…or every credential tagged with</legend>
          {tagSuggestions.length > 0 && (
            <div className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-sm" data-testid="tag-suggestions">
              {tagSuggestions.map((label) => (
                <label key={label} className="flex items-center gap-1.5">
                  <input type="checkbox" name="suggestedTags" value={label} defaultChecked={chosenTags.has(label)} /> {label}
                </label>
              ))}
            </div>
          )}
          <input
            name="tags"
            aria-label="Other tags"
            placeholder="billing, nightly sync"
            defaultValue={state.ok ? undefined : state.values?.tags}
            className="w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          {state.fields?.tags && (
            <p id="tags-error" className="mt-1 text-sm text-red-600 dark:text-red-400">
              {state.fields.tags}
            </p>
          )}
          <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
            Tags are the credentials&apos; workflow labels, comma separated (up to 20, case-insensitive). The key also reads every credential that carries one of them, including ones tagged later.
          </p>
        </fieldset>
        <ConnectionScope connections={connections} chosen={chosenConnections} error={state.fields?.connectionIds} />
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create API key"}</Button>
      </form>
      {state.ok && state.message && (
        <div className="mt-4">
          <Notice kind="success">{state.message}</Notice>
        </div>
      )}
      {state.ok && state.key && state.curl && <OneTimeKey apiKey={state.key} curl={state.curl} />}
    </div>
  );
}
