import "server-only";
import { apiRoute } from "@/lib/server/api-keys/api-route";
import { readRequestBody } from "@/lib/server/limited-body";
import { MAX_REQUEST_BODY_BYTES, proxyRequest, type ProxyContext } from "./proxy-request";

type ProxyParams = { connectionId: string; path?: string[] };

const PREFIX = "/api/v1/proxy/";

/**
 * The path after the connection id exactly as the caller sent it (still percent-encoded), so
 * joinApiPath sees "..%2f" and can refuse it; Next hands params over decoded.
 */
export function rawProxyPath(url: URL, params: ProxyParams): string {
  const at = url.pathname.indexOf(PREFIX);
  if (at !== -1) {
    const rest = url.pathname.slice(at + PREFIX.length);
    const slash = rest.indexOf("/");
    return slash === -1 ? "" : rest.slice(slash + 1);
  }
  return (params.path ?? []).map(encodeURIComponent).join("/");
}

/** GET/POST/PUT/PATCH/DELETE /api/v1/proxy/{connectionId}/{...path}, built on an injected context (the app passes accessContext). */
export function proxyHandler(getCtx: () => ProxyContext) {
  return apiRoute<ProxyContext, ProxyParams>(getCtx, async (request, { params, ctx, apiKey, meta }) => {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const body = method === "GET" || method === "HEAD" ? null : await readRequestBody(request, MAX_REQUEST_BODY_BYTES);
    return proxyRequest(ctx, { apiKey, meta, connectionId: params.connectionId, method, path: rawProxyPath(url, params), search: url.search, headers: request.headers, body });
  });
}
