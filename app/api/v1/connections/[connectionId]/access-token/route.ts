import { accessContext } from "@/lib/server/access/access-context";
import { accessTokenHandler } from "@/lib/server/access/access-token-handler";

export const dynamic = "force-dynamic";

/**
 * The fresh-token API for other tools: a usable access token of one connection, refreshed inline
 * when stale (single-flighted with the refresh workers), for an Authpulse API key scoped to that
 * connection. Every read is audited; responses are never cached.
 */
export const GET = accessTokenHandler(accessContext);
