import type { Metadata } from "next";
import Link from "next/link";
import { ProviderGrid } from "@/components/connections/provider-grid";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/server/auth/guards";
import { vaultContext } from "@/lib/server/connect/connect-context";
import { listOAuthApps } from "@/lib/server/connect/oauth-apps";
import { availableProviders, ensureDemoApp } from "@/lib/server/connect/resolve-provider";

export const metadata: Metadata = { title: "Connect a provider" };

export default async function NewConnectionPage() {
  const { workspace } = await requirePageContext({ role: "admin" });
  const ctx = vaultContext();
  await ensureDemoApp(ctx, { workspaceId: workspace.id });
  const [providers, apps] = await Promise.all([availableProviders(ctx, { workspaceId: workspace.id }), listOAuthApps(ctx, { workspaceId: workspace.id })]);
  const registered = new Set(apps.map((a) => a.providerKey));
  return (
    <>
      <PageHeader title="Which provider do you want to connect?" subtitle="Pick a provider. You register your OAuth app once per workspace; then Connect sends you to the provider's consent screen and Authpulse keeps the tokens alive. The demo provider runs locally and needs no account." />
      <ProviderGrid providers={providers.map((p) => ({ key: p.id, name: p.name, category: p.category, isDemo: p.demo === true, hasApp: registered.has(p.id) }))} />
      <Link href="/connections/new/machine" className="mt-3 flex flex-col rounded-xl border border-dashed border-zinc-300 p-4 text-sm transition hover:border-indigo-400 dark:border-zinc-700" data-testid="connect-machine">
        <span className="font-medium text-indigo-600 dark:text-indigo-400">Connect without a consent screen: client credentials, service accounts, JWT login</span>
        <span className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">For server-to-server access: an OAuth client secret or private key, a Google service-account key, or an HTTP API that returns a token on login.</span>
      </Link>
      <Link href="/connections/new/custom" className="mt-3 flex flex-col rounded-xl border border-dashed border-zinc-300 p-4 text-sm transition hover:border-indigo-400 dark:border-zinc-700" data-testid="add-custom-provider">
        <span className="font-medium text-indigo-600 dark:text-indigo-400">Add a provider that is not listed</span>
        <span className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">From its OAuth/OIDC discovery URL, or by typing its endpoints.</span>
      </Link>
    </>
  );
}
