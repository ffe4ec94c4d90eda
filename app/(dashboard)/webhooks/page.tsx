import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icons";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { SourceAdminForms } from "@/components/webhooks/source-admin-forms";
import { WebhookSourceCard } from "@/components/webhooks/webhook-source-card";
import { WebhookSourceForm } from "@/components/webhooks/webhook-source-form";
import { systemClock } from "@/lib/clock";
import { createWebhookSourceAction, deleteWebhookSourceAction, toggleWebhookSourceAction } from "@/lib/server/actions/webhook-actions";
import { requirePageContext } from "@/lib/server/auth/guards";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { listSigningSecrets, listWebhookDeliveries, listWebhookSources } from "@/lib/server/webhooks/list-webhook-sources";
import { webhookSchemes } from "@/lib/server/webhooks/schemes";

export const metadata: Metadata = { title: "Webhooks" };

const SIGNS_URL = new Set(["twilio", "hubspot_v3"]);

export default async function WebhooksPage() {
  const { workspace, role } = await requirePageContext();
  const ctx = { db: db(), clock: systemClock };
  const isAdmin = role === "admin";
  const [sources, secrets] = await Promise.all([listWebhookSources(ctx, { workspaceId: workspace.id }), isAdmin ? listSigningSecrets(ctx, { workspaceId: workspace.id }) : Promise.resolve([])]);
  const deliveries = await Promise.all(sources.map((s) => listWebhookDeliveries(ctx, { workspaceId: workspace.id, sourceId: s.id, withBodies: isAdmin })));
  const base = env().NEXTAUTH_URL.replace(/\/$/, "");
  const refused = sources.reduce((n, s) => n + s.failed24h, 0);
  const verified = sources.reduce((n, s) => n + s.verified24h, 0);
  const failingSources = sources.filter((s) => s.enabled && s.failed24h > 0);
  const answer =
    sources.length === 0
      ? "No inbound webhooks are verified by Authpulse yet."
      : refused === 0
        ? `All ${verified} deliveries in the last 24 hours were genuine.`
        : `${refused} ${refused === 1 ? "delivery was" : "deliveries were"} refused in the last 24 hours (${failingSources.map((s) => s.name).join(", ")}); ${verified} verified.`;
  const schemes = Object.values(webhookSchemes).map((s) => ({ id: s.id, label: s.label, headers: s.headers, signsUrl: SIGNS_URL.has(s.id) }));
  return (
    <>
      <PageHeader title="Are our inbound webhooks genuine?" subtitle="Stripe, GitHub, Slack, Shopify, HubSpot, Twilio and Standard Webhooks senders post here. Each delivery is checked against the sender's signature scheme with a secret from the vault, within its time window, once." />
      <div className="space-y-6">
        <p data-testid="webhooks-answer" className={`text-lg font-medium ${refused > 0 ? "text-red-700 dark:text-red-300" : "text-zinc-900 dark:text-zinc-100"}`}>{answer}</p>
        {refused > 0 && <Notice kind="error" title="What refused deliveries mean">A wrong or rotated secret at the sender, a proxy that changes the body or URL, or someone forging or replaying requests. Every refusal is also on the <Link className="underline" href="/errors">Errors</Link> screen.</Notice>}
        {sources.map((source, i) => (
          <WebhookSourceCard
            key={source.id}
            source={{
              ...source,
              endpoint: `${base}/api/webhooks/${source.id}`,
              lastVerifiedAt: source.lastVerifiedAt?.toISOString() ?? null,
              lastFailureAt: source.lastFailureAt?.toISOString() ?? null,
              deliveries: (deliveries[i] ?? []).map((d) => ({ ...d, receivedAt: d.receivedAt.toISOString() })),
            }}
            adminForms={isAdmin ? <SourceAdminForms sourceId={source.id} enabled={source.enabled} toggleAction={toggleWebhookSourceAction} deleteAction={deleteWebhookSourceAction} /> : null}
          />
        ))}
        {sources.length === 0 && !isAdmin && (
          <EmptyState icon={<Icon name="lock" />} title="No webhook sources yet">An admin adds a source for each sender (Stripe, GitHub…) with its signing secret from the vault.</EmptyState>
        )}
        {isAdmin && (
          <Card title="Add a source" description="Store the sender's signing secret under Credentials (method HMAC) first; rotating it there keeps the old and new secret valid during the overlap.">
            {secrets.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">No HMAC signing secret is stored yet. <Link className="text-indigo-600 underline dark:text-indigo-400" href="/credentials/new">Add one under Credentials</Link> (method “HMAC signing secret”), then come back.</p>
            ) : (
              <WebhookSourceForm action={createWebhookSourceAction} schemes={schemes} secrets={secrets} />
            )}
          </Card>
        )}
        <Card title="How deliveries are answered">
          <ul className="list-disc space-y-1 pl-5 text-sm text-zinc-600 dark:text-zinc-400">
            <li>200 verified and kept here for inspection (newest 50 per source, 7 days; bodies up to 64 KB, shown to admins). Authpulse does not forward deliveries.</li>
            <li>400 when a signature header is missing or malformed; 401 when the signature does not match or the timestamp is outside the tolerance; 409 for a replay; 413 over 1 MB; 404 for an unknown or disabled source.</li>
          </ul>
        </Card>
      </div>
    </>
  );
}
