import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConnectForm } from "@/components/connections/connect-form";
import { CopyField } from "@/components/connections/copy-field";
import { OAuthAppForm } from "@/components/connections/oauth-app-form";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { registerOAuthAppAction, startConnectAction } from "@/lib/server/actions/connect-actions";
import { requirePageContext } from "@/lib/server/auth/guards";
import { oauthRedirectUri, vaultContext } from "@/lib/server/connect/connect-context";
import { listOAuthApps } from "@/lib/server/connect/oauth-apps";
import { ensureDemoApp, findEntry } from "@/lib/server/connect/resolve-provider";
import { isServiceError } from "@/lib/server/errors";

export const metadata: Metadata = { title: "Connect" };

export default async function ConnectProviderPage({ params }: { params: Promise<{ providerKey: string }> }) {
  const { workspace } = await requirePageContext({ role: "admin" });
  const { providerKey } = await params;
  const ctx = vaultContext();
  const entry = await findEntry(ctx, { workspaceId: workspace.id, providerKey }).catch((error: unknown) => {
    if (isServiceError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  if (entry.demo) await ensureDemoApp(ctx, { workspaceId: workspace.id });
  const app = (await listOAuthApps(ctx, { workspaceId: workspace.id })).find((a) => a.providerKey === entry.id) ?? null;
  const scopes = [...new Set([...entry.defaultScopes, ...entry.minimumScopes])];
  return (
    <>
      <PageHeader title={`Connect ${entry.name}`} subtitle={entry.demo ? "A local OAuth/OIDC server that Authpulse runs for you: a real consent screen, short-lived access tokens and rotating refresh tokens, with no vendor account needed." : `Register your ${entry.name} OAuth app once, then connect through ${entry.name}'s consent screen.`} />
      <div className="space-y-6">
        {entry.demo && <Notice kind="info" title="Demo provider">Its OAuth app is pre-registered. Sign in with any name on its login page; nothing leaves this machine.</Notice>}
        <Card title="1. OAuth app" description={app ? `Registered: client ${app.clientId}${app.hasSecret ? " · secret stored, sealed" : ""}` : `Create an OAuth app in ${entry.name}'s developer console, then paste its credentials here.`}>
          <div className="space-y-5">
            <CopyField label="Redirect URI (paste exactly this into the provider's app settings)" value={oauthRedirectUri()} testId="redirect-uri" />
            {!entry.demo && <OAuthAppForm providerKey={entry.id} app={app} defaultAuthMethod={entry.tokenEndpointAuthMethod} specialCases={entry.refreshTokenPolicy.specialCases} action={registerOAuthAppAction} />}
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              Docs: <a className="text-indigo-600 hover:underline dark:text-indigo-400" href={entry.docs.oauth} target="_blank" rel="noreferrer noopener">{entry.docs.oauth}</a>
            </p>
          </div>
        </Card>
        <Card title="2. Connect" description="Choose the scopes this connection needs; the minimum for its workflows is marked.">
          <ConnectForm providerKey={entry.id} providerName={entry.name} scopes={scopes} minimumScopes={entry.minimumScopes} preselected={entry.defaultScopes} defaultLabel={entry.demo ? "Demo CRM" : `${entry.name}`} disabled={!app} action={startConnectAction} />
        </Card>
        {entry.notes.length > 0 && (
          <Card title={`Good to know about ${entry.name}`}>
            <ul className="list-disc space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">{entry.notes.map((n) => <li key={n}>{n}</li>)}</ul>
          </Card>
        )}
      </div>
    </>
  );
}
