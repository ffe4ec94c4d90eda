import type { Metadata } from "next";
import Link from "next/link";
import { ClientCredentialsForm } from "@/components/connections/machine/client-credentials-form";
import { JwtLoginForm } from "@/components/connections/machine/jwt-login-form";
import { ServiceAccountForm } from "@/components/connections/machine/service-account-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { createClientCredentialsConnectionAction, createJwtBearerConnectionAction, createJwtLoginConnectionAction } from "@/lib/server/actions/machine-connect-actions";
import { requirePageContext } from "@/lib/server/auth/guards";
import { vaultContext } from "@/lib/server/connect/connect-context";
import { anyOAuthServerKey } from "@/lib/server/connect/machine/create-client-credentials-connection";
import { availableProviders } from "@/lib/server/connect/resolve-provider";

export const metadata: Metadata = { title: "Connect without a consent screen" };

const sections = [
  { id: "client-credentials", title: "Client credentials" },
  { id: "service-account", title: "Service account (JWT bearer)" },
  { id: "jwt-login", title: "JWT login (HTTP API)" },
];

export default async function MachineConnectionPage() {
  const { workspace } = await requirePageContext({ role: "admin" });
  const providers = (await availableProviders(vaultContext(), { workspaceId: workspace.id }))
    .filter((entry) => entry.supportsClientCredentials !== false)
    .map((entry) => ({ key: entry.id, name: entry.name, urlVariables: (entry.urlTemplateVariables ?? []).map((v) => ({ name: v.name, description: v.description, default: v.default })) }));
  return (
    <>
      <PageHeader
        title="How does this integration get its token?"
        subtitle="For server-to-server access there is no consent screen: Authpulse requests a token now with the credentials you give, stores them encrypted, and requests a new token the same way before each one expires."
        actions={<Link href="/connections/new" className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">Connect with a consent screen instead</Link>}
      />
      <nav aria-label="Ways to connect" className="mb-6">
        <ul className="flex flex-wrap gap-2 text-sm">
          {sections.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`} className="inline-block rounded-md border border-zinc-300 px-3 py-1.5 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">{s.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="space-y-8">
        <div id="client-credentials" className="scroll-mt-6">
          <Card title="Client credentials" description="OAuth 2.0 client credentials grant: the app itself is the account (Salesforce, Microsoft Graph, Salesloft, or any OAuth server). Authenticate with a client secret or a private key (private_key_jwt).">
            <ClientCredentialsForm providers={providers} anyKey={anyOAuthServerKey} action={createClientCredentialsConnectionAction} />
          </Card>
        </div>
        <div id="service-account" className="scroll-mt-6">
          <Card title="Service account (JWT bearer)" description="RFC 7523: upload a Google service-account JSON key. Authpulse signs a short assertion (at most one hour) with the key and exchanges it at the key's token_uri.">
            <ServiceAccountForm action={createJwtBearerConnectionAction} />
          </Card>
        </div>
        <div id="jwt-login" className="scroll-mt-6">
          <Card title="JWT login (HTTP API)" description="As in Clay's HTTP API: describe the login request; Authpulse sends it, reads the token from the response and treats it like any other expiring credential.">
            <JwtLoginForm action={createJwtLoginConnectionAction} />
          </Card>
        </div>
      </div>
    </>
  );
}
