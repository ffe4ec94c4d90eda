import "server-only";
import type { ServiceContext } from "../context";
import { hashToken, safeEqual } from "../tokens";
import { recordApiAudit, type RequestMeta } from "./api-audit";
import { invalidApiKey, keyInUrl } from "./api-key-errors";
import { hasApiKeyShape, startsLikeApiKey } from "./api-key-format";
import { apiKeyState } from "./manage-api-keys";

/** The authenticated key: what the API needs to scope and audit a read (`tags` match credentials' workflow labels; `connectionIds` scope the fresh-token API, the proxy and event reports). */
export type AuthenticatedApiKey = { id: string; workspaceId: string; name: string; credentialIds: string[]; tags: string[]; connectionIds: string[] };

/** Query parameters that look like someone put a key in the URL. */
const KEY_QUERY_PARAMS = new Set(["api_key", "apikey", "api-key", "key", "token", "access_token", "x-api-key"]);

export type DenialReason = "key_in_url" | "missing" | "wrong_prefix" | "malformed" | "unknown" | "revoked" | "expired";

/** Refuses a key (or anything key-like) passed in the URL: URLs end up in logs and browser history. */
export function assertNoKeyInUrl(url: string): void {
  const params = new URL(url).searchParams;
  for (const [name, value] of params) {
    if (KEY_QUERY_PARAMS.has(name.toLowerCase()) || startsLikeApiKey(value)) throw keyInUrl();
  }
}

/** The key presented in `Authorization: Bearer ap_…` or, failing that, `X-Api-Key: ap_…`. */
export function presentedKey(input: { authorizationHeader?: string | null; xApiKeyHeader?: string | null }): string | null {
  const authorization = input.authorizationHeader?.trim();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match ? match[1]! : authorization;
  }
  const header = input.xApiKeyHeader?.trim();
  return header ? header : null;
}

/**
 * Authenticates an API request by its Authpulse key. A key in the URL is a 400 (audited). Every refusal
 * (no key, wrong prefix, malformed, unknown, revoked, expired) is the same 401 body, written to the audit
 * log with outcome "denied" (no workspace when the key is unknown). Every attempt costs one
 * SHA-256 and one lookup on the unique hash index, whatever the key looks like, so the
 * refusals share one timing class.
 */
export async function authenticateApiKey(
  ctx: ServiceContext,
  input: { authorizationHeader?: string | null; xApiKeyHeader?: string | null; url: string; meta: RequestMeta },
): Promise<AuthenticatedApiKey> {
  const now = ctx.clock.now();
  const path = new URL(input.url).pathname.slice(0, 200);
  try {
    assertNoKeyInUrl(input.url);
  } catch (error) {
    // Recorded so an admin learns a key may sit in some proxy's logs; the URL's query is never stored.
    await recordApiAudit(ctx.db, { workspaceId: null, action: "api_key.denied", outcome: "denied", meta: input.meta, details: { reason: "key_in_url", status: 400, path } }, now);
    throw error;
  }
  const presented = presentedKey(input);
  const candidate = presented ?? "";
  const keyHash = hashToken(candidate);
  const row = await ctx.db.apiKey.findUnique({
    where: { keyHash },
    select: { id: true, workspaceId: true, name: true, keyHash: true, credentialIds: true, tags: true, connectionIds: true, expiresAt: true, revokedAt: true },
  });

  let reason: DenialReason | null = null;
  if (presented === null) reason = "missing";
  else if (!startsLikeApiKey(presented)) reason = "wrong_prefix";
  else if (!hasApiKeyShape(presented)) reason = "malformed";
  else if (!row || !safeEqual(row.keyHash, keyHash)) reason = "unknown";
  else {
    const state = apiKeyState(row, now);
    if (state !== "active") reason = state;
  }

  if (reason !== null || !row) {
    const known = reason === "revoked" || reason === "expired" ? row : null;
    await recordApiAudit(
      ctx.db,
      {
        workspaceId: known?.workspaceId ?? null,
        action: "api_key.denied",
        targetType: known ? "api_key" : undefined,
        targetId: known?.id,
        outcome: "denied",
        meta: input.meta,
        details: { reason: reason ?? "unknown", status: 401, path },
      },
      now,
    );
    throw invalidApiKey();
  }
  return { id: row.id, workspaceId: row.workspaceId, name: row.name, credentialIds: row.credentialIds, tags: row.tags, connectionIds: row.connectionIds };
}
