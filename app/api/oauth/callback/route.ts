import { getCurrentUser } from "@/lib/server/auth/current-user";
import { completeAuthorization } from "@/lib/server/connect/complete-authorization";
import { ConnectError } from "@/lib/server/connect/connect-error";
import { vaultContext } from "@/lib/server/connect/connect-context";
import { resolveFlow } from "@/lib/server/connect/resolve-provider";
import { env } from "@/lib/server/env";
import { route } from "@/lib/server/http";
import { logger } from "@/lib/server/logger";

export const dynamic = "force-dynamic";

const appUrl = (path: string) => new URL(path, env().NEXTAUTH_URL).toString();
const redirectTo = (path: string) => new Response(null, { status: 303, headers: { location: appUrl(path), "cache-control": "no-store", "referrer-policy": "no-referrer" } });

/** The OAuth redirect URI: finishes Connect and sends the admin to the connection, or back with a specific error code. */
export const GET = route(async (request) => {
  const user = await getCurrentUser();
  if (!user) return redirectTo(`/login?callbackUrl=${encodeURIComponent("/connections?error=session_mismatch")}`);
  const ctx = vaultContext();
  try {
    const result = await completeAuthorization(ctx, {
      callbackUrl: new URL(request.url),
      sessionId: user.sessionId,
      userId: user.id,
      resolve: ({ workspaceId, providerKey, appId }) => resolveFlow(ctx, { workspaceId, providerKey, appId }),
    });
    return redirectTo(`/connections/${result.connectionId}?${result.reconnected ? "reconnected" : "connected"}=1`);
  } catch (error) {
    if (error instanceof ConnectError) {
      logger().warn({ connectError: error.code, detail: error.detail }, "connect callback refused");
      return redirectTo(`/connections?error=${error.code}`);
    }
    throw error;
  }
});
