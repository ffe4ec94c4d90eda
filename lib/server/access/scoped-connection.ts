import "server-only";
import { MINUTE } from "@/lib/clock";
import { recordApiAudit, type RequestMeta } from "@/lib/server/api-keys/api-audit";
import type { AuthenticatedApiKey } from "@/lib/server/api-keys/authenticate-api-key";
import type { ServiceContext } from "@/lib/server/context";
import { ServiceError } from "@/lib/server/errors";

/** The one body for a connection the key may not use, another workspace's, or unknown (no oracle). */
export const CONNECTION_NOT_FOUND_MESSAGE = "Connection not found.";
export const connectionNotFound = () => new ServiceError("NOT_FOUND", CONNECTION_NOT_FOUND_MESSAGE);

/** Connection ids are cuids or UUIDs; anything else (a NUL byte Postgres would refuse, a path) is not looked up. */
const CONNECTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const isConnectionId = (value: string) => CONNECTION_ID.test(value);

export type ScopedConnection = { id: string; workspaceId: string; providerKey: string; status: string; apiBaseUrl: string | null };

/**
 * The connection an API key names, when the key is scoped to it (its connectionIds). Out of scope,
 * another workspace's and unknown ids all cost one lookup and get the same 404, audited as denied
 * under `action` (e.g. "connection.access_token_read").
 */
export async function findScopedConnection(
  ctx: ServiceContext,
  input: { apiKey: AuthenticatedApiKey; connectionId: string; meta: RequestMeta; action: string },
): Promise<ScopedConnection> {
  const { apiKey } = input;
  const wellFormed = isConnectionId(input.connectionId);
  const connectionId = wellFormed ? input.connectionId : "malformed";
  const row = wellFormed
    ? await ctx.db.connection.findFirst({
        where: { id: connectionId, workspaceId: apiKey.workspaceId },
        select: { id: true, workspaceId: true, providerKey: true, status: true, apiBaseUrl: true },
      })
    : null;
  if (!row || !apiKey.connectionIds.includes(row.id)) {
    await recordApiAudit(
      ctx.db,
      {
        workspaceId: apiKey.workspaceId,
        action: input.action,
        targetType: "connection",
        targetId: connectionId,
        outcome: "denied",
        meta: input.meta,
        details: { via: "api", apiKeyId: apiKey.id, reason: row ? "out_of_scope" : "not_found", status: 404 },
      },
      ctx.clock.now(),
    );
    throw connectionNotFound();
  }
  return row;
}

/** Marks the key used (at most one write a minute per key: the proxy and event endpoints are busy). */
export async function touchApiKey(ctx: ServiceContext, apiKeyId: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.apiKey.updateMany({ where: { id: apiKeyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - MINUTE) } }] }, data: { lastUsedAt: now } });
}
