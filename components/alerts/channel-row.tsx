"use client";
import { useState } from "react";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill } from "@/components/ui/status-pill";
import type { ActionState } from "@/lib/server/actions/action-state";
import type { ChannelActionState } from "@/lib/server/actions/alert-actions";
import { ChannelForm, type ChannelFormValues } from "./channel-form";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;
export type ChannelRowData = ChannelFormValues & {
  enabled: boolean;
  lastTestAt: string | null;
  lastTestOk: boolean | null;
  lastDelivery: { ok: boolean; error: string | null; sentAt: string; kind: string } | null;
};
export type ChannelRowActions = { update: (prev: ChannelActionState, form: FormData) => Promise<ChannelActionState>; toggle: Action; remove: Action; test: Action };

const KIND_LABEL = { slack: "Slack", webhook: "Webhook", email: "E-mail" } as const;

function destination(c: ChannelRowData): string {
  if (c.kind === "email") return `${c.to?.join(", ") ?? ""} via ${c.host}:${c.port}`;
  // The URL's path is the secret (Slack) or may hold tokens: only the host is ever shown.
  return `${c.host} (URL hidden)`;
}

function DeleteButton({ channel, remove }: { channel: ChannelRowData; remove: Action }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) return <Button type="button" variant="danger" onClick={() => setConfirming(true)} aria-label={`Delete ${channel.name}`}>Delete</Button>;
  return (
    <ActionForm action={remove} showSuccess={false} className="flex flex-wrap items-center gap-2">
      {(_s, pending) => (
        <>
          <input type="hidden" name="channelId" value={channel.id} />
          <span className="text-sm">Alerts stop going here.</span>
          <Button type="submit" variant="danger" disabled={pending}>{pending ? "Deleting…" : "Yes, delete"}</Button>
          <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>Cancel</Button>
        </>
      )}
    </ActionForm>
  );
}

/** One channel: where it sends (host only), its last test and delivery, and the admin's actions. */
export function ChannelRow({ channel, actions }: { channel: ChannelRowData; actions: ChannelRowActions }) {
  const [editing, setEditing] = useState(false);
  const last = channel.lastDelivery;
  return (
    <li className="space-y-3 py-4" data-testid="alert-channel" data-kind={channel.kind} data-enabled={channel.enabled}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
            {channel.name}
            <StatusPill tone="neutral">{KIND_LABEL[channel.kind]}</StatusPill>
            {!channel.enabled && <StatusPill tone="warn">disabled</StatusPill>}
          </p>
          <p className="break-all text-xs text-zinc-600 dark:text-zinc-400">{destination(channel)}</p>
          <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="channel-last-test">
            {channel.lastTestAt ? (
              <>
                Last test <RelativeTime value={channel.lastTestAt} />: {channel.lastTestOk ? <span className="text-emerald-700 dark:text-emerald-400">✓ delivered</span> : <span className="text-red-700 dark:text-red-400">✗ failed</span>}
              </>
            ) : (
              "Not tested yet."
            )}
            {last && last.kind !== "test" && (
              <>
                {" "}· last alert <RelativeTime value={last.sentAt} />: {last.ok ? "delivered" : `failed (${last.error ?? "unknown error"})`}
              </>
            )}
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          <ActionForm action={actions.test} className="flex flex-col items-end">
            {(_s, pending) => (
              <>
                <input type="hidden" name="channelId" value={channel.id} />
                <Button type="submit" variant="secondary" disabled={pending || !channel.enabled} title={channel.enabled ? undefined : "Enable the channel first"}>{pending ? "Sending…" : "Send test message"}</Button>
              </>
            )}
          </ActionForm>
          <Button type="button" variant="secondary" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>{editing ? "Close" : "Edit"}</Button>
          <ActionForm action={actions.toggle} showSuccess={false}>
            {(_s, pending) => (
              <>
                <input type="hidden" name="channelId" value={channel.id} />
                <input type="hidden" name="enabled" value={channel.enabled ? "false" : "true"} />
                <Button type="submit" variant="ghost" disabled={pending}>{channel.enabled ? "Disable" : "Enable"}</Button>
              </>
            )}
          </ActionForm>
          <DeleteButton channel={channel} remove={actions.remove} />
        </div>
      </div>
      {editing && (
        <div className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <ChannelForm action={actions.update} channel={channel} onDone={() => setEditing(false)} />
        </div>
      )}
    </li>
  );
}
