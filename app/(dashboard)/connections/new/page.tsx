import type { Metadata } from "next";
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
    </>
  );
}
