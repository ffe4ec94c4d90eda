import type { Metadata } from "next";
import Link from "next/link";
import { ChannelForm } from "@/components/alerts/channel-form";
import { ChannelRow } from "@/components/alerts/channel-row";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { systemClock } from "@/lib/clock";
import { createAlertChannelAction, deleteAlertChannelAction, sendTestMessageAction, toggleAlertChannelAction, updateAlertChannelAction } from "@/lib/server/actions/alert-actions";
import { listAlertChannels } from "@/lib/server/alerts/manage-channels";
import { requirePageContext } from "@/lib/server/auth/guards";
import { db } from "@/lib/server/db";

export const metadata: Metadata = { title: "Alert channels" };

export default async function AlertSettingsPage() {
  const context = await requirePageContext({ role: "admin" });
  const channels = await listAlertChannels({ db: db(), clock: systemClock }, { workspaceId: context.workspace.id });
  const enabled = channels.filter((c) => c.enabled);
  const failing = enabled.filter((c) => c.lastTestOk === false || c.lastDelivery?.ok === false);
  const actions = { update: updateAlertChannelAction, toggle: toggleAlertChannelAction, remove: deleteAlertChannelAction, test: sendTestMessageAction };
  const answer =
    enabled.length === 0
      ? "No channel receives alerts yet: failures only show on the Alerts page."
      : `Alerts go to ${enabled.length} channel${enabled.length === 1 ? "" : "s"}${failing.length ? `; ${failing.length} failed on its last message` : ""}.`;
  return (
    <>
      <PageHeader title="Where do our alerts go?" subtitle={<span data-testid="channels-answer">{answer}</span>} />
      <div className="space-y-6">
        {channels.length === 0 ? (
          <EmptyState
            icon={<Icon name="settings" />}
            title="Add a channel so failures reach you before users notice"
            steps={["Slack: create an incoming webhook for your #revops-alerts channel and paste its URL.", "Webhook: point it at n8n, Make or PagerDuty; every message is signed (Standard Webhooks).", "E-mail: any SMTP server (STARTTLS or TLS)."]}
          >
            Then send a test message. Failing refreshes, repeated 403s, deadlines within 7 days and a weekly rotation digest are delivered within a minute, once, and again when they recover.
          </EmptyState>
        ) : (
          <Card title={`Channels (${enabled.length} enabled of ${channels.length})`} description="URLs, signing secrets and passwords are sealed and never shown again; only the host is.">
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {channels.map((c) => (
                <ChannelRow
                  key={c.id}
                  actions={actions}
                  channel={{ id: c.id, kind: c.kind, name: c.name, enabled: c.enabled, host: c.settings.host, port: c.settings.port, security: c.settings.security, user: c.settings.user, from: c.settings.from, to: c.settings.to, lastTestAt: c.lastTestAt?.toISOString() ?? null, lastTestOk: c.lastTestOk, lastDelivery: c.lastDelivery ? { ...c.lastDelivery, sentAt: c.lastDelivery.sentAt.toISOString() } : null }}
                />
              ))}
            </ul>
          </Card>
        )}
        <Card title="Add a channel" description="Each workspace has its own channels. Every enabled channel gets every alert.">
          <ChannelForm action={createAlertChannelAction} />
        </Card>
        <Card title="What is sent, and when">
          <ul className="list-disc space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
            <li><strong>Critical, at once:</strong> a refresh failed for good (needs reconnect, configuration error, gave up retrying); repeated 403s on one connection (3 in 15 minutes).</li>
            <li><strong>Warning:</strong> a refresh failing and retrying; a hard deadline or certificate expiry within 7 days (at most once a day).</li>
            <li><strong>Weekly digest:</strong> every credential overdue for rotation (90 days, 30 for sensitive ones).</li>
            <li><strong>Recovered:</strong> once, to the same channels, after the problem stays clear for a few minutes (no flapping). Slack incoming webhooks cannot reply in a thread, so it is a new message in the same channel.</li>
          </ul>
          <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
            Acknowledge or snooze alerts on the <Link href="/alerts" className="text-indigo-700 underline dark:text-indigo-300">Alerts</Link> page.
          </p>
        </Card>
      </div>
    </>
  );
}
