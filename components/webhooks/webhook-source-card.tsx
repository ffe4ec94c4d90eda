import Link from "next/link";
import { CopyField } from "@/components/connections/copy-field";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill } from "@/components/ui/status-pill";
import type { ReactNode } from "react";
import { WebhookDeliveriesTable, type DeliveryRow } from "./webhook-deliveries-table";

export type SourceCardData = {
  id: string;
  name: string;
  schemeLabel: string;
  headers: readonly string[];
  enabled: boolean;
  toleranceSeconds: number;
  endpoint: string;
  credential: { id: string; name: string; deleted: boolean };
  lastVerifiedAt: string | null;
  lastFailureAt: string | null;
  verified24h: number;
  failed24h: number;
  deliveries: DeliveryRow[];
};

/** One inbound source: its endpoint to give the sender, its health in one line, and its recent deliveries. */
export function WebhookSourceCard({ source, adminForms }: { source: SourceCardData; adminForms: ReactNode }) {
  const failing = source.failed24h > 0 && (source.lastVerifiedAt === null || (source.lastFailureAt !== null && source.lastFailureAt > source.lastVerifiedAt));
  return (
    <div id={`source-${source.id}`} className="scroll-mt-6" data-testid="webhook-source">
      <Card
        title={<span className="inline-flex flex-wrap items-center gap-2">{source.name} <StatusPill tone={!source.enabled ? "neutral" : failing ? "bad" : "ok"}>{!source.enabled ? "Disabled" : failing ? "Failing verification" : "Verifying"}</StatusPill></span>}
        description={`${source.schemeLabel} · tolerance ${source.toleranceSeconds} s · headers ${source.headers.join(", ")}`}
        actions={adminForms}
      >
        <div className="space-y-4">
          <CopyField label="Endpoint URL (give this to the sender)" value={source.endpoint} testId="webhook-endpoint" />
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-zinc-500 dark:text-zinc-400">Signing secret</dt>
            <dd>{source.credential.deleted ? <span className="text-red-700 dark:text-red-300">{source.credential.name} (deleted: every delivery fails)</span> : <Link className="text-indigo-600 hover:underline dark:text-indigo-400" href={`/credentials/${source.credential.id}`}>{source.credential.name}</Link>}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400">Last 24 hours</dt>
            <dd data-testid="webhook-counts">{source.verified24h} verified, {source.failed24h} refused</dd>
            <dt className="text-zinc-500 dark:text-zinc-400">Last verified</dt>
            <dd><RelativeTime value={source.lastVerifiedAt} /></dd>
            <dt className="text-zinc-500 dark:text-zinc-400">Last refused</dt>
            <dd><RelativeTime value={source.lastFailureAt} /></dd>
          </dl>
          <WebhookDeliveriesTable rows={source.deliveries} />
        </div>
      </Card>
    </div>
  );
}
