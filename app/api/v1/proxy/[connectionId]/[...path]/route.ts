import { accessContext } from "@/lib/server/access/access-context";
import { proxyHandler } from "@/lib/server/proxy/proxy-handler";

export const dynamic = "force-dynamic";

/**
 * The API proxy: forwards a call to the connection's provider API with its fresh access token,
 * refreshing once on a 401 and retrying rate limits and outages within ~10 s (lib/server/proxy).
 * Authenticated by an Authpulse API key scoped to the connection; responses are never cached.
 */
const handler = proxyHandler(accessContext);
export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const PATCH = handler;
export const DELETE = handler;
