import "server-only";
import { recordApiAudit, type RequestMeta } from "@/lib/server/api-keys/api-audit";
import type { AuthenticatedApiKey } from "@/lib/server/api-keys/authenticate-api-key";
import { freshAccessToken, type FreshAccessTokenContext, type FreshAccessTokenResult } from "./fresh-access-token";
import { httpStatusOf } from "./access-failure-response";
import { findScopedConnection, touchApiKey } from "./scoped-connection";

export const ACCESS_TOKEN_READ_ACTION = "connection.access_token_read";

/**
 * GET /api/v1/connections/{id}/access-token for an authenticated key: the connection must be in the
 * key's connectionIds (else the same 404 as an unknown id). Every read, granted or not, is one audit
 * row with the key, status and outcome, never the token.
 */
export async function readAccessTokenWithApiKey(
  ctx: FreshAccessTokenContext,
  input: { apiKey: AuthenticatedApiKey; connectionId: string; meta: RequestMeta },
): Promise<FreshAccessTokenResult> {
  const { apiKey, meta } = input;
  const connection = await findScopedConnection(ctx, { apiKey, connectionId: input.connectionId, meta, action: ACCESS_TOKEN_READ_ACTION });
  const result = await freshAccessToken(ctx, { workspaceId: apiKey.workspaceId, connectionId: connection.id, source: "access_token" });
  const status = httpStatusOf(result);
  await recordApiAudit(
    ctx.db,
    {
      workspaceId: apiKey.workspaceId,
      action: ACCESS_TOKEN_READ_ACTION,
      targetType: "connection",
      targetId: connection.id,
      outcome: result.kind === "ok" ? "allowed" : "denied",
      meta,
      details: { via: "api", apiKeyId: apiKey.id, provider: connection.providerKey, status, ...(result.kind === "ok" ? {} : { reason: result.kind }) },
    },
    ctx.clock.now(),
  );
  await touchApiKey(ctx, apiKey.id);
  return result;
}
