import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { auditFiltersOf, auditHref, hasAuditFilters, parseAuditQuery } from "@/components/audit/audit-query";
import { AuditTable, type AuditRow } from "@/components/audit/audit-table";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icons";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { systemClock } from "@/lib/clock";
import { listAudit, listAuditFilterOptions, type AuditListEntry } from "@/lib/server/audit/list-audit";
import { requirePageContext } from "@/lib/server/auth/guards";
import { db } from "@/lib/server/db";
import { listMembers } from "@/lib/server/members/members";

export const metadata: Metadata = { title: "Audit" };

const PAGE_SIZE = 50;

/** Only what the table shows, as plain JSON: details stay on the server (they are in the CSV). */
function toRow(e: AuditListEntry): AuditRow {
  return { id: e.id, createdAt: e.createdAt.toISOString(), action: e.action, actorName: e.actorName, actorEmail: e.actorEmail, isSystem: e.actorId === null, targetType: e.targetType, targetId: e.targetId, outcome: e.outcome, ip: e.ip, userAgent: e.userAgent };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { workspace } = await requirePageContext();
  const params = await searchParams;
  const query = parseAuditQuery(params);
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  const ctx = { db: db(), clock: systemClock };
  const [page, options, members] = await Promise.all([
    listAudit(ctx, { workspaceId: workspace.id, filters: auditFiltersOf(query), cursor, limit: PAGE_SIZE }),
    listAuditFilterOptions(ctx, { workspaceId: workspace.id }),
    listMembers(ctx, { workspaceId: workspace.id }),
  ]);
  const title = "Who did what, and when?";
  const subtitle = "Every credential created, viewed, rotated or deleted, every API read and every role change in this workspace, with who, from where and how it ended.";
  if (options.actions.length === 0) {
    return (
      <>
        <PageHeader title={title} subtitle={subtitle} />
        <EmptyState icon={<Icon name="clock" />} title="Nothing recorded yet">
          The audit log fills itself: as soon as someone adds a credential, invites a member or a tool reads a secret through the API, it is listed here.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader title={title} subtitle={subtitle} />
      <AuditFilters query={query} options={{ actions: options.actions, actors: members.map((m) => ({ userId: m.userId, name: m.name })), targetTypes: options.targetTypes, outcomes: options.outcomes }} />
      {cursor && (
        <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          Showing older entries. <Link href={auditHref(query)} className="text-indigo-600 hover:underline dark:text-indigo-400">Back to the newest</Link>
        </p>
      )}
      {page.entries.length === 0 ? (
        <Notice kind="info" title={hasAuditFilters(query) ? "No entry matches these filters" : "No older entries"}>
          <Link href="/audit" className="underline">Show the whole audit log</Link>
        </Notice>
      ) : (
        <AuditTable rows={page.entries.map(toRow)} />
      )}
      {page.nextCursor && (
        <div className="mt-4">
          <Link href={auditHref(query, page.nextCursor)} className={buttonClass("secondary")}>Load older</Link>
        </div>
      )}
    </>
  );
}
