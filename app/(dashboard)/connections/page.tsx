import type { Metadata } from "next";
import Link from "next/link";
import { ConnectionsTable } from "@/components/connections/connections-table";
import { sections } from "@/components/sections/section-empty-states";
import { SectionPage } from "@/components/sections/section-page";
import { buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { systemClock } from "@/lib/clock";
import type { Jsonified } from "@/lib/jsonify";
import { requirePageContext } from "@/lib/server/auth/guards";
import { connectErrorMessages, isConnectErrorCode } from "@/lib/server/connect/connect-error";
import { listConnections, type ConnectionView } from "@/lib/server/connect/connection-views";
import { providerNamesFor } from "@/lib/server/connect/resolve-provider";
import { db } from "@/lib/server/db";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { role, workspace } = await requirePageContext();
  const { error } = await searchParams;
  const ctx = { db: db(), clock: systemClock };
  const connections = await listConnections(ctx, { workspaceId: workspace.id });
  const errorNotice = typeof error === "string" && isConnectErrorCode(error) ? <div className="mb-6"><Notice kind="error" title="Connecting did not complete">{connectErrorMessages[error]}</Notice></div> : null;
  const connectButton = role === "admin" ? <Link href="/connections/new" className={buttonClass("primary")}>Connect a provider</Link> : undefined;
  if (connections.length === 0) {
    return (
      <>
        {errorNotice}
        <SectionPage copy={sections.connections} role={role} action={connectButton} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={sections.connections.question} subtitle={sections.connections.subtitle} actions={connectButton} />
      {errorNotice}
      <ConnectionsTable connections={JSON.parse(JSON.stringify(connections)) as Jsonified<ConnectionView>[]} providerNames={await providerNamesFor(ctx, { workspaceId: workspace.id })} />
    </>
  );
}
