import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConnectForm } from "@/components/connections/connect-form";
import { ConnectionStatus } from "@/components/connections/connection-status";
import { DisconnectForm } from "@/components/connections/disconnect-form";
import { MachineConfigDetails } from "@/components/connections/machine/machine-config-details";
import { RenewForm } from "@/components/connections/machine/renew-form";
import { AuthEventsTable } from "@/components/connections/refresh/auth-events-table";
import { RefreshHealthCard } from "@/components/connections/refresh/refresh-health-card";
import { DemoFaultForm } from "@/components/connections/refresh/demo-fault-form";
import { RefreshNowForm } from "@/components/connections/refresh/refresh-now-form";
import { ScopeDiff } from "@/components/connections/scope-diff";
import { DeadlineForecast } from "@/components/connections/detail/deadline-forecast";
import { IdentityCards } from "@/components/connections/detail/identity-cards";
import { LifetimesCard } from "@/components/connections/detail/lifetimes-card";
import { OwnershipForm } from "@/components/connections/detail/ownership-form";
import { RefreshHistoryCard } from "@/components/connections/detail/refresh-history-card";
import { Card } from "@/components/ui/card";
import { preselectScopes } from "@/lib/dashboard/scope-audit";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { connectionDeadlines, type DeadlineItem } from "@/lib/dashboard/deadlines";
import type { Jsonified } from "@/lib/jsonify";
import { updateConnectionOwnershipAction } from "@/lib/server/actions/connection-ownership-actions";
import { disconnectAction, startConnectAction } from "@/lib/server/actions/connect-actions";
import { renewMachineConnectionAction } from "@/lib/server/actions/machine-connect-actions";
import { setDemoFaultAction } from "@/lib/server/actions/demo-fault-actions";
import { refreshNowAction } from "@/lib/server/actions/refresh-actions";
import { requirePageContext } from "@/lib/server/auth/guards";
import { vaultContext } from "@/lib/server/connect/connect-context";
import { getConnection } from "@/lib/server/connect/connection-views";
import { disconnectMessages, isDisconnectOutcome } from "@/lib/server/connect/disconnect-messages";
import { getMachineConfigView } from "@/lib/server/connect/machine/machine-config-view";
import { findEntry } from "@/lib/server/connect/resolve-provider";
import { getDemoFault } from "@/lib/server/demo-provider/demo-faults-client";
import { loadConnectionRow } from "@/lib/server/dashboard/deadline-rows";
import { listMembers } from "@/lib/server/members/members";
import { getRefreshHistory } from "@/lib/server/refresh/refresh-history";
import { getRefreshView } from "@/lib/server/refresh/refresh-view";

export const metadata: Metadata = { title: "Connection" };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export default async function ConnectionPage({ params, searchParams }: { params: Promise<{ connectionId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { workspace, role } = await requirePageContext();
  const { connectionId } = await params;
  const query = await searchParams;
  const ctx = vaultContext();
  const connection = await getConnection(ctx, { workspaceId: workspace.id, connectionId });
  if (!connection) notFound();
  const entry = await findEntry(ctx, { workspaceId: workspace.id, providerKey: connection.providerKey }).catch(() => null);
  const machineConfig = await getMachineConfigView(ctx, { workspaceId: workspace.id, connectionId });
  const refresh = await getRefreshView(ctx, { workspaceId: workspace.id, connectionId });
  const [row, history, members] = await Promise.all([loadConnectionRow(ctx, { workspaceId: workspace.id, connectionId }), getRefreshHistory(ctx, { workspaceId: workspace.id, connectionId }), listMembers(ctx, { workspaceId: workspace.id })]);
  const deadlines = row ? connectionDeadlines(row, ctx.clock.now()) : [];
  const demoFault = role === "admin" && entry?.demo && connection.status !== "disconnected" ? await getDemoFault().catch(() => null) : null;
  const who = connection.accountName && connection.accountEmail ? `${connection.accountName} <${connection.accountEmail}>` : (connection.accountEmail ?? connection.accountName ?? connection.accountSubject ?? "unknown");
  return (
    <>
      <PageHeader title={connection.label} subtitle={<span className="inline-flex items-center gap-2">{entry?.name ?? connection.providerKey} <ConnectionStatus status={connection.status} /></span>} actions={<Link href="/connections" className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">All connections</Link>} />
      <div className="space-y-6">
        {query.connected === "1" && <Notice kind="success" title="Connected">{`${entry?.name ?? "The provider"} granted access. Authpulse will refresh the tokens before they expire.`}</Notice>}
        {query.reconnected === "1" && <Notice kind="success" title="Reconnected">The connection kept its history and settings, with fresh tokens and the scopes shown below.</Notice>}
        {isDisconnectOutcome(query.disconnected) && <Notice kind={query.disconnected === "failed" ? "error" : "success"} title="Disconnected">{disconnectMessages[query.disconnected]}</Notice>}
        {connection.statusReason && connection.status !== "active" && !query.disconnected && <Notice kind={connection.status === "disconnected" ? "info" : "error"}>{connection.statusReason}</Notice>}
        <DeadlineForecast deadlines={JSON.parse(JSON.stringify(deadlines)) as Jsonified<DeadlineItem>[]} disconnected={connection.status === "disconnected"} />
        <IdentityCards
          who={who}
          clickedConnect={connection.authorizedBy ? `${connection.authorizedBy.name} (${connection.authorizedBy.email})` : null}
          authorizedAt={iso(connection.authorizedAt)}
          owner={row?.ownerId ? (members.find((m) => m.userId === row.ownerId)?.name ?? "former member") : null}
          workflows={row?.workflows ?? []}
          hasAccessToken={connection.hasAccessToken}
          accessTokenExpiresAt={iso(connection.accessTokenExpiresAt)}
          hasRefreshToken={connection.hasRefreshToken}
          refreshTokenIssuedAt={iso(connection.refreshTokenIssuedAt)}
          tokenType={connection.tokenType}
          method={connection.method}
        />
        {refresh && (
          <div id="refresh" className="scroll-mt-6">
          <RefreshHealthCard
            health={refresh.health}
            healthReason={refresh.healthReason}
            healthChangedAt={iso(refresh.healthChangedAt)}
            nextRefreshAt={iso(refresh.nextRefreshAt)}
            lastRefreshedAt={iso(refresh.lastRefreshedAt)}
            refreshAttempt={refresh.refreshAttempt}
            refreshFailingSince={iso(refresh.refreshFailingSince)}
            hardDeadline={refresh.hardDeadline ? { at: refresh.hardDeadline.at.toISOString(), reason: refresh.hardDeadline.reason, note: refresh.hardDeadline.note } : null}
            disconnected={connection.status === "disconnected"}
            refreshNow={role === "admin" && connection.status !== "disconnected" && connection.method === "authorization_code" ? <RefreshNowForm connectionId={connection.id} action={refreshNowAction} /> : null}
          />
          </div>
        )}
        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <RefreshHistoryCard days={history.days} succeeded={history.succeeded} failed={history.failed} />
          <LifetimesCard
            connectedAt={iso(connection.authorizedAt ?? connection.createdAt)}
            observedAccessLifetimeSeconds={connection.accessTokenExpiresAt && (refresh?.lastRefreshedAt ?? connection.authorizedAt) ? Math.max(0, (connection.accessTokenExpiresAt.getTime() - (refresh?.lastRefreshedAt ?? connection.authorizedAt)!.getTime()) / 1000) : null}
            catalogAccessLifetime={entry?.typicalAccessTokenLifetimeSeconds ?? null}
            idleExpiryDays={entry?.refreshTokenPolicy.idleExpiryDays ?? null}
            absoluteMaxDays={entry?.refreshTokenPolicy.absoluteMaxDays ?? null}
            hasRefreshToken={connection.hasRefreshToken}
          />
        </div>
        {demoFault !== null && (
          <Card title="Try an outage" description="Demo provider only: make its token endpoint fail and watch this page, the Status page and the errors react, then recover.">
            <DemoFaultForm connectionId={connection.id} current={demoFault} action={setDemoFaultAction} />
          </Card>
        )}
        <Card title="Scopes" description="What was asked for, what the provider granted, and the minimum its workflows need.">
          <ScopeDiff requested={connection.requestedScopes} granted={connection.grantedScopes} grantedKnown={connection.grantedScopesKnown} minimum={entry?.minimumScopes ?? []} />
        </Card>
        {machineConfig && (
          <div id="renew" className="scroll-mt-6">
          <Card title="How Authpulse gets the token" description="No consent screen: a new token is requested with these settings before each one expires. Secrets are stored encrypted and never shown.">
            <div className="space-y-4">
              <MachineConfigDetails view={machineConfig} />
              {role === "admin" && connection.status !== "disconnected" && <RenewForm connectionId={connection.id} action={renewMachineConnectionAction} />}
            </div>
          </Card>
          </div>
        )}
        {role === "admin" && connection.status !== "disconnected" && row && (
          <Card title="Owner and workflows" description="Who answers for this connection, and which workflows break with it. Both filter every dashboard.">
            <OwnershipForm connectionId={connection.id} ownerId={row.ownerId} workflows={row.workflows} members={members.map((m) => ({ userId: m.userId, name: m.name }))} action={updateConnectionOwnershipAction} />
          </Card>
        )}
        {role === "admin" && entry && connection.method === "authorization_code" && (
          <div id="reconnect" className="scroll-mt-6">
          <Card title="Reconnect" description="Goes through consent again. Keeps this connection's id, history and settings; you can add scopes.">
            <ConnectForm providerKey={entry.id} providerName={entry.name} scopes={[...new Set([...entry.defaultScopes, ...entry.minimumScopes, ...connection.requestedScopes])]} minimumScopes={entry.minimumScopes} preselected={preselectScopes(query.scopes, [...entry.defaultScopes, ...entry.minimumScopes, ...connection.requestedScopes], connection.requestedScopes)} connectionId={connection.id} defaultLabel={connection.label} disabled={false} action={startConnectAction} />
          </Card>
          </div>
        )}
        {refresh && (
          <Card title="Recent auth events" description="Every refresh attempt, API-proxy error and reported error for this connection, newest first.">
            <AuthEventsTable events={refresh.events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() }))} />
          </Card>
        )}
        {role === "admin" && connection.status !== "disconnected" && (
          <Card title="Disconnect">
            <DisconnectForm connectionId={connection.id} action={disconnectAction} />
          </Card>
        )}
      </div>
    </>
  );
}
