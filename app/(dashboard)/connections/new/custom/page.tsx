import type { Metadata } from "next";
import Link from "next/link";
import { CustomProviderList } from "@/components/connections/custom/custom-provider-list";
import { DiscoveryForm } from "@/components/connections/custom/discovery-form";
import { EndpointsForm } from "@/components/connections/custom/endpoints-form";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { systemClock } from "@/lib/clock";
import { addCustomProviderFromDiscoveryAction, addCustomProviderFromEndpointsAction, deleteCustomProviderAction } from "@/lib/server/actions/custom-provider-actions";
import { requirePageContext } from "@/lib/server/auth/guards";
import { allowsHttpLoopback, appRuntime } from "@/lib/server/connect/custom/http-loopback-policy";
import { listCustomProviders } from "@/lib/server/connect/custom/list-custom-providers";
import { db } from "@/lib/server/db";

export const metadata: Metadata = { title: "Add a provider" };

export default async function AddCustomProviderPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const { workspace } = await requirePageContext({ role: "admin" });
  const { deleted } = await searchParams;
  const providers = await listCustomProviders({ db: db(), clock: systemClock }, { workspaceId: workspace.id });
  const httpLoopback = allowsHttpLoopback(appRuntime());
  return (
    <>
      <PageHeader
        title="Which provider is missing from the list?"
        subtitle="Add any OAuth 2.0 or OpenID Connect provider to this workspace: from its discovery document, or by typing its endpoints. It then connects like any catalog provider."
        actions={<Link className="text-sm text-indigo-600 hover:underline dark:text-indigo-400" href="/connections/new">Back to all providers</Link>}
      />
      <div className="space-y-6">
        {deleted === "1" && <Notice kind="success">Custom provider deleted. It no longer appears on the Connect list.</Notice>}
        <Card title="From a discovery URL" description="Authpulse reads OpenID Connect Discovery or RFC 8414 metadata and fills in every endpoint it finds.">
          <DiscoveryForm action={addCustomProviderFromDiscoveryAction} allowsHttpLoopback={httpLoopback} />
        </Card>
        <Card title="Type the endpoints" description="For providers without a discovery document. Refresh-token lifetimes are recorded as undocumented until you know them.">
          <EndpointsForm action={addCustomProviderFromEndpointsAction} allowsHttpLoopback={httpLoopback} />
        </Card>
        <Card title="This workspace's custom providers" description="Only admins of this workspace see and connect these.">
          <CustomProviderList
            remove={deleteCustomProviderAction}
            providers={providers.map((p) => ({
              providerKey: p.providerKey,
              name: p.name,
              endpoint: p.issuer ?? p.authorizationUrl,
              isValid: p.isValid,
              hasOAuthApp: p.hasOAuthApp,
              connectionCount: p.connectionCount,
              createdAt: p.createdAt.toISOString(),
            }))}
          />
        </Card>
      </div>
    </>
  );
}
