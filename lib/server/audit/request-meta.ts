import "server-only";

export type RequestMeta = { ip: string | null; userAgent: string | null };

/**
 * The client's IP and user agent when called while serving a request (server actions, route
 * handlers); nulls in the worker, scripts and tests, where there is no request.
 */
export async function currentRequestMeta(): Promise<RequestMeta> {
  try {
    const { headers } = await import("next/headers");
    const h = await headers();
    const ip = h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip") || null;
    return { ip: ip ? ip.slice(0, 64) : null, userAgent: h.get("user-agent")?.slice(0, 300) ?? null };
  } catch {
    return { ip: null, userAgent: null };
  }
}
