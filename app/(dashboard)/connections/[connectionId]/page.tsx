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
import { Card } from "@/components/ui/card";
import { preselectScopes } from "@/lib/dashboard/scope-audit";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
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
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Who authorized it">
            <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
              <dt className="text-zinc-500 dark:text-zinc-400">Provider account</dt><dd data-testid="authorized-account">{who}</dd>
              <dt className="text-zinc-500 dark:text-zinc-400">Clicked Connect</dt><dd>{connection.authorizedBy ? `${connection.authorizedBy.name} (${connection.authorizedBy.email})` : "—"}</dd>
              <dt className="text-zinc-500 dark:text-zinc-400">When</dt><dd><RelativeTime value={iso(connection.authorizedAt)} /></dd>
            </dl>
          </Card>
          <Card title="Tokens" description="Stored encrypted; never shown.">
            <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
              <dt className="text-zinc-500 dark:text-zinc-400">Access token</dt><dd data-testid="access-expiry">{connection.hasAccessToken ? <>expires <RelativeTime value={iso(connection.accessTokenExpiresAt)} /></> : "none"}</dd>
              <dt className="text-zinc-500 dark:text-zinc-400">Refresh token</dt><dd data-testid="refresh-token">{connection.hasRefreshToken ? <>issued <RelativeTime value={iso(connection.refreshTokenIssuedAt)} /></> : "none"}</dd>
              <dt className="text-zinc-500 dark:text-zinc-400">Token type</dt><dd>{connection.tokenType ?? "—"}</dd>
              <dt className="text-zinc-500 dark:text-zinc-400">Method</dt><dd>{connection.method.replace(/_/g, " ")}</dd>
            </dl>
          </Card>
        </div>
        {refresh && (
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
        )}
        {demoFault !== null && (
          <Card title="Try an outage" description="Demo provider only: make its token endpoint fail and watch this page, the Status page and the errors react, then recover.">
            <DemoFaultForm connectionId={connection.id} current={demoFault} action={setDemoFaultAction} />
          </Card>
        )}
        <Card title="Scopes" description="What was asked for, what the provider granted, and the minimum its workflows need.">
          <ScopeDiff requested={connection.requestedScopes} granted={connection.grantedScopes} grantedKnown={connection.grantedScopesKnown} minimum={entry?.minimumScopes ?? []} />
        </Card>
        {machineConfig && (
          <Card title="How Authpulse gets the token" description="No consent screen: a new token is requested with these settings before each one expires. Secrets are stored encrypted and never shown.">
            <div className="space-y-4">
              <MachineConfigDetails view={machineConfig} />
              {role === "admin" && connection.status !== "disconnected" && <RenewForm connectionId={connection.id} action={renewMachineConnectionAction} />}
            </div>
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
