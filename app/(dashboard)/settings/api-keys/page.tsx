import type { Metadata } from "next";
import Link from "next/link";
import { ApiKeyRow } from "@/components/api-keys/api-key-row";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { systemClock } from "@/lib/clock";
import { createApiKeyAction, revokeApiKeyAction } from "@/lib/server/actions/api-key-actions";
import { uniqueTags } from "@/lib/server/api-keys/api-key-format";
import { listApiKeys } from "@/lib/server/api-keys/manage-api-keys";
import { requirePageContext } from "@/lib/server/auth/guards";
import { listConnections } from "@/lib/server/connect/connection-views";
import { providerNamesFor } from "@/lib/server/connect/resolve-provider";
import { listCredentials } from "@/lib/server/credentials/list-credentials";
import { db } from "@/lib/server/db";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const context = await requirePageContext({ role: "admin" });
  const ctx = { db: db(), clock: systemClock };
  const [keys, credentials, connections, providerNames] = await Promise.all([
    listApiKeys(ctx, { workspaceId: context.workspace.id }),
    listCredentials(ctx, { workspaceId: context.workspace.id, sort: "name" }),
    listConnections(ctx, { workspaceId: context.workspace.id }),
    providerNamesFor(ctx, { workspaceId: context.workspace.id }),
  ]);
  const providerName = (key: string) => providerNames[key] ?? key;
  // A disconnected connection has no token to hand out, so a key cannot be scoped to it.
  const scopableConnections = connections
    .filter((c) => c.status !== "disconnected")
    .map((c) => ({ id: c.id, label: c.label, provider: providerName(c.providerKey), environment: c.environment, needsAttention: c.status !== "active" }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const active = keys.filter((k) => k.state === "active").length;
  // The workspace's workflow labels, offered as tags (first spelling of each, case-insensitive, sorted).
  const tagSuggestions = uniqueTags(credentials.flatMap((c) => c.workflows)).sort((a, b) => a.localeCompare(b));
  return (
    <>
      <PageHeader
        title="Which tools can read our credentials?"
        subtitle="n8n, Make, Clay and your scripts fetch fresh secrets from Authpulse with an API key instead of keeping copies. Each key is read-only and reaches only the credentials you choose or tag and the connections you choose."
      />
      <div className="space-y-6">
        <Card title="Create an API key" description="The full key is shown once, right after you create it. Authpulse keeps only its SHA-256 hash.">
          <CreateApiKeyForm
            action={createApiKeyAction}
            credentials={credentials.map((c) => ({ id: c.id, name: c.name, provider: c.provider, method: c.method, environment: c.environment }))}
            connections={scopableConnections}
            tagSuggestions={tagSuggestions}
          />
        </Card>
        {keys.length === 0 ? (
          <EmptyState
            icon={<Icon name="lock" />}
            title="No tool can read your credentials yet"
            steps={["Name a key after the tool that will use it.", "Choose the credentials it may read (or tag it with workflow labels) and the connections whose tokens it may use.", "Copy the key into the tool; call GET /api/v1/credentials/{id} or GET /api/v1/connections/{id}/access-token with it."]}
            action={
              credentials.length === 0 && scopableConnections.length === 0 ? (
                <Link href="/credentials/new" className={buttonClass("secondary")}>
                  Store a credential first
                </Link>
              ) : undefined
            }
          >
            API keys you create appear here with their scope, when they were last used and when they expire.
          </EmptyState>
        ) : (
          <Card title={`API keys (${active} active of ${keys.length})`} description="Revoked and expired keys stay listed for the record; they no longer work.">
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {keys.map((k) => (
                <ApiKeyRow
                  key={k.id}
                  revoke={revokeApiKeyAction}
                  apiKey={{
                    id: k.id,
                    name: k.name,
                    masked: k.masked,
                    mode: k.mode,
                    scope: k.scope,
                    tags: k.tags,
                    connections: k.connections.map((c) => ({ id: c.id, label: c.label, provider: c.providerKey ? providerName(c.providerKey) : null, unavailable: c.unavailable })),
                    createdAt: k.createdAt.toISOString(),
                    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
                    expiresAt: k.expiresAt?.toISOString() ?? null,
                    revokedAt: k.revokedAt?.toISOString() ?? null,
                    state: k.state,
                  }}
                />
              ))}
            </ul>
          </Card>
        )}
      </div>
    </>
  );
}
