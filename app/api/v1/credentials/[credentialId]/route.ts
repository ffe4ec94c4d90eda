import { credentialReadHandler } from "@/lib/server/api-keys/credential-read-handler";
import { vaultContext } from "@/lib/server/connect/connect-context";

export const dynamic = "force-dynamic";

/**
 * The credentials API for other tools (n8n, Make, Clay, scripts): the usable secret of one
 * credential, for an Authpulse API key scoped to it. Authenticated by API key, not session
 * (lib/server/api-keys); every read and refusal is audited; responses are never cached.
 */
export const GET = credentialReadHandler(vaultContext);
