import "server-only";
import { apiRoute } from "@/lib/server/api-keys/api-route";
import { accessFailureResponse } from "./access-failure-response";
import type { FreshAccessTokenContext } from "./fresh-access-token";
import { readAccessTokenWithApiKey } from "./read-access-token";

/** The 200 body of GET /api/v1/connections/{connectionId}/access-token. */
export type AccessTokenBody = { connectionId: string; accessToken: string; tokenType: string; expiresAt: string | null; expiresIn: number | null };

/** GET /api/v1/connections/{connectionId}/access-token, built on an injected context (the app passes accessContext). */
export function accessTokenHandler(getCtx: () => FreshAccessTokenContext) {
  return apiRoute<FreshAccessTokenContext, { connectionId: string }>(getCtx, async (_request, { params, ctx, apiKey, meta }) => {
    const result = await readAccessTokenWithApiKey(ctx, { apiKey, connectionId: params.connectionId, meta });
    if (result.kind !== "ok") return accessFailureResponse(result);
    const now = ctx.clock.now().getTime();
    const body: AccessTokenBody = {
      connectionId: result.connectionId,
      accessToken: result.accessToken,
      tokenType: result.tokenType,
      expiresAt: result.expiresAt?.toISOString() ?? null,
      expiresIn: result.expiresAt ? Math.max(0, Math.floor((result.expiresAt.getTime() - now) / 1000)) : null,
    };
    return Response.json(body);
  });
}
