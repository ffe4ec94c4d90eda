import type { Metadata } from "next";
import Link from "next/link";
import { AlertFilters } from "@/components/alerts/alert-filters";
import { AlertItem } from "@/components/alerts/alert-item";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { systemClock } from "@/lib/clock";
import { readAlertListQuery } from "@/lib/alerts/alert-list-query";
import { acknowledgeAlertAction, snoozeAlertAction } from "@/lib/server/actions/alert-actions";
import { listAlerts } from "@/lib/server/alerts/manage-alerts";
import { requirePageContext } from "@/lib/server/auth/guards";
import { db } from "@/lib/server/db";

export const metadata: Metadata = { title: "Alerts" };

function headline(counts: { open: number; acknowledged: number }, critical: number): string {
  const active = counts.open + counts.acknowledged;
  if (active === 0) return "Nothing needs attention: no open alerts.";
  const parts = [`${active} alert${active === 1 ? " needs" : "s need"} attention`];
  if (critical > 0) parts.push(`${critical} critical`);
  if (counts.acknowledged > 0) parts.push(`${counts.acknowledged} acknowledged`);
  return `${parts.join(" · ")}.`;
}

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const context = await requirePageContext();
  const query = readAlertListQuery(await searchParams);
  const ctx = { db: db(), clock: systemClock };
  const { alerts, counts, criticalActive, enabledChannels } = await listAlerts(ctx, { workspaceId: context.workspace.id, query });
  const isAdmin = context.role === "admin";
  const now = ctx.clock.now();
  return (
    <>
      <PageHeader
        title="Which alerts need attention?"
        subtitle={<span data-testid="alerts-answer">{headline(counts, criticalActive)}</span>}
        actions={isAdmin ? <Link href="/settings/alerts" className={buttonClass("secondary")}>Alert channels</Link> : undefined}
      />
      {enabledChannels === 0 && (
        <p className="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
          No channel is enabled, so alerts only appear here.{" "}
          {isAdmin ? <Link href="/settings/alerts" className="underline">Add Slack, a webhook or e-mail</Link> : "Ask an admin to add Slack, a webhook or e-mail."}
        </p>
      )}
      <AlertFilters query={query} counts={counts} />
      {alerts.length === 0 ? (
        <EmptyState icon={<Icon name="clock" />} title={query.state === "active" ? "No open alerts" : "No alerts match these filters"}>
          Authpulse checks every connection and credential every 30 seconds: failing refreshes, repeated 403s, deadlines within 7 days and overdue rotations appear here and on your channels.
        </EmptyState>
      ) : (
        <Card title={`${alerts.length} alert${alerts.length === 1 ? "" : "s"}`} description="Newest activity first. Acknowledge to stop reminders; snooze to silence an alert until a time.">
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {alerts.map((a) => (
              <AlertItem key={a.id} alert={a} isAdmin={isAdmin} now={now} actions={{ acknowledge: acknowledgeAlertAction, snooze: snoozeAlertAction }} />
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
