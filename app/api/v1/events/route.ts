import { ingestEventHandler } from "@/lib/server/auth-events/ingest-handler";
import { vaultContext } from "@/lib/server/connect/connect-context";

export const dynamic = "force-dynamic";

/**
 * Workflow tools report an auth error they saw (a 401, a 429, invalid_grant...) for a connection
 * their Authpulse API key is scoped to; it is classified by the one taxonomy and stored as an auth event.
 */
export const POST = ingestEventHandler(vaultContext);
