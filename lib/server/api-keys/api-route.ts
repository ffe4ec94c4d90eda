import "server-only";
import type { ServiceContext } from "../context";
import { errorResponse } from "../http";
import { requestMeta, type RequestMeta } from "./api-audit";
import { authenticateApiKey, type AuthenticatedApiKey } from "./authenticate-api-key";

export type ApiHandler<C, P> = (request: Request, context: { params: P; ctx: C; apiKey: AuthenticatedApiKey; meta: RequestMeta }) => Promise<Response>;

type NextHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

function noStore(response: Response): Response {
  response.headers.set("Cache-Control", "no-store");
  return response;
}

/** Authpulse's own 401s (bad or missing API key) carry its challenge; a provider's 401 relayed by the proxy keeps the provider's. */
function ownError(response: Response): Response {
  if (response.status === 401) response.headers.set("WWW-Authenticate", 'Bearer realm="authpulse"');
  return noStore(response);
}

/**
 * The /api/v1 wrapper (the counterpart of http.ts `route()` for server-to-server callers):
 * no same-origin check, since callers are servers; authenticates by Authpulse API key
 * (lib/server/api-keys/authenticate-api-key.ts); maps errors with the one errorResponse;
 * every response is `Cache-Control: no-store`. `getCtx` is injected so tests pass their own.
 */
export function apiRoute<C extends ServiceContext, P = Record<string, string>>(getCtx: () => C, handler: ApiHandler<C, P>): NextHandler<P> {
  return async (request, context) => {
    try {
      const ctx = getCtx();
      const meta = requestMeta(request);
      const apiKey = await authenticateApiKey(ctx, {
        authorizationHeader: request.headers.get("authorization"),
        xApiKeyHeader: request.headers.get("x-api-key"),
        url: request.url,
        meta,
      });
      return noStore(await handler(request, { params: await context.params, ctx, apiKey, meta }));
    } catch (error) {
      return ownError(errorResponse(error));
    }
  };
}
