"use client";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type { ChannelActionState } from "@/lib/server/actions/alert-actions";

type Kind = "slack" | "webhook" | "email";
type Action = (prev: ChannelActionState, form: FormData) => Promise<ChannelActionState>;
/** An existing channel's non-secret values, for the edit form. */
export type ChannelFormValues = { id: string; kind: Kind; name: string; host?: string; port?: number; security?: string; user?: string | null; from?: string; to?: string[] };

const KIND_OPTIONS = [
  { value: "slack", label: "Slack (incoming webhook)" },
  { value: "webhook", label: "Webhook (signed, Standard Webhooks)" },
  { value: "email", label: "E-mail (SMTP)" },
];

function SecretNotice({ secret }: { secret: string }) {
  return (
    <div className="mb-3 space-y-2">
      <Notice kind="info" title="Signing secret (shown once)">
        Configure your receiver with this secret to verify the <code>webhook-signature</code> header. Authpulse will not show it again.
      </Notice>
      <input readOnly value={secret} aria-label="Signing secret" data-testid="generated-secret" onFocus={(e) => e.currentTarget.select()} className="block w-full rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950" />
    </div>
  );
}

/** Add or edit an alert channel. Secret fields are write-only: empty on edit, and left empty they keep the stored value. */
export function ChannelForm({ action, channel, onDone }: { action: Action; channel?: ChannelFormValues; onDone?: () => void }) {
  const [state, formAction, pending] = useActionState(action, {});
  const editing = Boolean(channel);
  const [kind, setKind] = useState<Kind>(channel?.kind ?? ((state.values?.kind as Kind) || "slack"));
  const v = (name: string, fallback = "") => state.values?.[name] ?? fallback;
  const f = state.fields ?? {};
  const keepHint = editing ? "Stored and hidden. Leave empty to keep it; type a new one to replace it." : undefined;
  const id = (name: string) => `${channel?.id ?? "new"}-${name}`;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.message && <Notice kind={state.ok ? "success" : "error"}>{state.message}</Notice>}
      {state.secret && <SecretNotice secret={state.secret} />}
      {channel ? <input type="hidden" name="channelId" value={channel.id} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {editing ? (
          <input type="hidden" name="kind" value={kind} />
        ) : (
          <SelectField id={id("kind")} label="Kind" name="kind" options={KIND_OPTIONS} value={kind} onChange={(e) => setKind(e.target.value as Kind)} />
        )}
        <Field id={id("name")} label="Name" name="name" defaultValue={v("name", channel?.name)} error={f.name} placeholder={kind === "email" ? "On-call e-mail" : kind === "slack" ? "#revops-alerts" : "n8n alert workflow"} required />
      </div>
      {kind !== "email" ? (
        <div className="grid gap-4">
          <Field id={id("url")} label={kind === "slack" ? "Incoming webhook URL" : "Endpoint URL"} name="url" type="password" autoComplete="off" error={f.url} hint={keepHint ?? (kind === "slack" ? "From Slack: your app → Incoming Webhooks → Add New Webhook (https://hooks.slack.com/services/…). Treated as a secret." : "https:// only. Authpulse POSTs JSON signed with webhook-id, webhook-timestamp and webhook-signature.")} placeholder={editing ? "•••••••• (stored)" : "https://"} />
          {kind === "webhook" && (
            <Field id={id("secret")} label="Signing secret" name="secret" type="password" autoComplete="off" error={f.secret} hint={keepHint ?? "A whsec_… secret your receiver already has, or leave empty and Authpulse generates one (shown once)."} placeholder={editing ? "•••••••• (stored)" : "whsec_… (optional)"} />
          )}
        </div>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={id("host")} label="SMTP host" name="host" defaultValue={v("host", channel?.host)} error={f.host} placeholder="smtp.example.com" />
          <div className="grid grid-cols-2 gap-4">
            <Field id={id("port")} label="Port" name="port" inputMode="numeric" defaultValue={v("port", channel?.port ? String(channel.port) : "587")} error={f.port} />
            <SelectField id={id("security")} label="Security" name="security" defaultValue={v("security", channel?.security ?? "starttls")} error={f.security} options={[{ value: "starttls", label: "STARTTLS (587)" }, { value: "tls", label: "TLS (465)" }, { value: "none", label: "None (localhost only)" }]} />
          </div>
          <Field id={id("user")} label="User name (optional)" name="user" autoComplete="off" defaultValue={v("user", channel?.user ?? "")} error={f.user} />
          <Field id={id("password")} label="Password" name="password" type="password" autoComplete="new-password" error={f.password} hint={keepHint ?? "Sealed at rest; never shown again."} placeholder={editing ? "•••••••• (stored)" : ""} />
          <Field id={id("from")} label="From" name="from" type="email" defaultValue={v("from", channel?.from)} error={f.from} placeholder="authpulse@example.com" />
          <Field id={id("to")} label="Recipients" name="to" defaultValue={v("to", channel?.to?.join(", "))} error={f.to} placeholder="oncall@example.com, revops@example.com" hint="Comma-separated, up to 20." />
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : editing ? "Save channel" : "Add channel"}</Button>
        {onDone && (
          <Button type="button" variant="ghost" onClick={onDone} disabled={pending}>
            Close
          </Button>
        )}
      </div>
    </form>
  );
}
