import type { Metadata } from "next";
import Link from "next/link";
import { CredentialFilters } from "@/components/credentials/credential-filters";
import type { CredentialRow } from "@/components/credentials/credential-row";
import { CredentialsTable } from "@/components/credentials/credentials-table";
import { hasFilters, listHref, parseListQuery } from "@/components/credentials/list-query";
import { sections } from "@/components/sections/section-empty-states";
import { SectionPage } from "@/components/sections/section-page";
import { buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { systemClock } from "@/lib/clock";
import { requirePageContext } from "@/lib/server/auth/guards";
import type { CredentialView } from "@/lib/server/credentials/credential-views";
import { listCredentials } from "@/lib/server/credentials/list-credentials";
import { db } from "@/lib/server/db";
import { listMembers } from "@/lib/server/members/members";

export const metadata: Metadata = { title: "Credentials" };

/** Metadata only, as plain JSON: never the secret, the sealed value or a fingerprint. */
function toRow(c: CredentialView, owners: Map<string, string>): CredentialRow {
  return {
    id: c.id,
    name: c.name,
    method: c.method,
    provider: c.provider,
    environment: c.environment,
    ownerName: c.ownerId ? (owners.get(c.ownerId) ?? "former member") : null,
    workflows: c.workflows,
    prefix: c.current?.secretPrefix ?? null,
    last4: c.current?.secretLast4 ?? null,
    rotationAgeDays: c.rotationAgeDays,
    rotationIntervalDays: c.rotationIntervalDays,
    isRotationOverdue: c.isRotationOverdue,
    sensitive: c.sensitive,
    expiresAt: c.expiresAt?.toISOString() ?? null,
    isExpired: c.isExpired,
    overlapEndsAt: c.overlapEndsAt?.toISOString() ?? null,
  };
}

export default async function CredentialsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { role, workspace } = await requirePageContext();
  const params = await searchParams;
  const query = parseListQuery(params);
  const ctx = { db: db(), clock: systemClock };
  const all = await listCredentials(ctx, { workspaceId: workspace.id, sort: query.sort });
  const addButton = role === "admin" ? <Link href="/credentials/new" className={buttonClass("primary")}>Add a credential</Link> : undefined;
  const deletedNotice = params.deleted === "1" ? <div className="mb-6"><Notice kind="success" title="Credential deleted">Every version was retired and its secret erased. The history stays in the audit log.</Notice></div> : null;
  if (all.length === 0) {
    return (
      <>
        {deletedNotice}
        <SectionPage copy={sections.credentials} role={role} action={addButton} />
      </>
    );
  }
  const shown = hasFilters(query.filters) ? await listCredentials(ctx, { workspaceId: workspace.id, filters: query.filters, sort: query.sort }) : all;
  const members = await listMembers(ctx, { workspaceId: workspace.id });
  const owners = new Map(members.map((m) => [m.userId, m.name]));
  const workflows = [...new Set(all.flatMap((c) => c.workflows))].sort((a, b) => a.localeCompare(b));
  const overdue = all.filter((c) => c.isRotationOverdue).length;
  const count = `${all.length} credential${all.length === 1 ? "" : "s"}`;
  const summary = overdue > 0 ? `${count}, ${overdue} overdue for rotation.` : `${count}, none overdue for rotation.`;
  return (
    <>
      <PageHeader title={sections.credentials.question} subtitle={summary} actions={addButton} />
      {deletedNotice}
      <CredentialFilters query={query} owners={members.map((m) => ({ userId: m.userId, name: m.name }))} workflows={workflows} />
      {shown.length === 0 ? (
        <Notice kind="info" title="No credential matches these filters">
          <Link href={listHref({ filters: {}, sort: query.sort })} className="underline">Show all {all.length} credentials</Link>
        </Notice>
      ) : (
        <CredentialsTable credentials={shown.map((c) => toRow(c, owners))} />
      )}
    </>
  );
}
