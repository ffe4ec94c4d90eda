import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { MINUTE, SECOND } from "@/lib/clock";
import { isMachineMethod } from "@/lib/server/connect/machine/machine-config";
import type { Db } from "@/lib/server/db";
import type { AuthEventSource } from "@/lib/server/generated/prisma/enums";
import { claimConnection, type RefreshClaim } from "@/lib/server/refresh/claim";
import { NO_REFRESH_TOKEN_REASON } from "@/lib/server/refresh/plan-outcome";
import { runClaimedRefresh, type RefreshEngineContext } from "@/lib/server/refresh/refresh-connection";
import { aadFor } from "@/lib/server/vault/aad";
import { open } from "@/lib/server/vault/seal";
import { tokenRow, type TokenRow } from "./token-row";
import { isFreshEnough } from "./token-validity";

/**
 * The pre-call check of the fresh-token API and the API proxy (issue 7): hand out the stored access
 * token while it is fresh enough, else refresh it inline under the refresh engine's lease and
 * fencing, single-flighted with the workers and with every other caller.
 */

/** Lease of an inline refresh: one provider call (15 s timeout) and a commit, like "Refresh now". */
const INLINE_LEASE_MS = 60 * SECOND;
/** While a worker (or another request) holds the lease, look at the row this often... */
const POLL_MS = 100;
/** ...this many times (about 10 s), then answer 503. */
const MAX_POLLS = 100;
/** Check → claim → refresh rounds before giving up (a lease lost mid-refresh, a holder that died). */
const MAX_ROUNDS = 3;
/**
 * When no refresh can happen now (backing off, a retryable failure, a terminal state other than a
 * revoked grant), a stored token still valid for this long is better than an error.
 */
export const FALLBACK_VALIDITY_MS = MINUTE;
/** lastUsedAt is written at most this often per connection. */
const LAST_USED_RESOLUTION_MS = MINUTE;

export type FreshAccessTokenContext = RefreshEngineContext & { sleep?: (ms: number) => Promise<void> };

export type FreshAccessToken = {
  kind: "ok";
  connectionId: string;
  accessToken: string;
  /** The Authorization scheme: "Bearer" unless the provider issued another token type. */
  tokenType: string;
  /** null: the token does not expire. */
  expiresAt: Date | null;
  /** Opaque: identifies this token, so a caller the provider refused it for can ask for a newer one (rejectedVersion). */
  version: string;
  /** When Authpulse last refreshed it (null: never, it is the token from the connect flow). */
  refreshedAt: Date | null;
};

export type FreshAccessTokenResult =
  | FreshAccessToken
  | { kind: "not_found" }
  | { kind: "disconnected"; reason: string }
  | { kind: "needs_reauth" | "config_error" | "exhausted"; reason: string }
  /** No token now: retry after retryAfterMs (backing off, a retryable refresh failure, a lease held too long). */
  | { kind: "unavailable"; reason: string; retryAfterMs: number };

export type FreshAccessTokenInput = {
  workspaceId: string;
  connectionId: string;
  /** Hand out the stored token only when it stays valid this long; default min(5 min, half its lifetime). */
  minValidityMs?: number;
  /** The provider refused this token (a 401): treat it as stale even if it has not expired. */
  rejectedVersion?: string;
  /** What an inline refresh's auth event says started it. */
  source?: AuthEventSource;
};

const REASONS = {
  disconnected: "This connection is disconnected. Reconnect it to get tokens again.",
  needs_reauth: "The authorization was revoked or expired; reconnect this connection.",
  config_error: "The provider rejected the OAuth app's credentials; fix the app, then refresh or reconnect.",
  exhausted: "Every refresh has failed for days; Authpulse stopped retrying. Fix the cause, then refresh or reconnect.",
  backingOff: "The provider recently failed to refresh this token; Authpulse is waiting before it tries again.",
  busy: "A refresh of this connection is taking longer than expected; try again shortly.",
  noToken: "The provider issued no usable access token; try again shortly.",
} as const;

const versionOf = (sealed: string) => createHash("sha256").update(sealed).digest("base64url").slice(0, 22);

/** RFC 6750 spells the scheme "Bearer"; providers answer "bearer" as often as not. */
function schemeOf(tokenType: string | null): string {
  if (!tokenType || tokenType.toLowerCase() === "bearer") return "Bearer";
  return tokenType;
}

function isRejected(row: TokenRow, rejectedVersion: string | undefined): boolean {
  return rejectedVersion !== undefined && row.accessTokenSealed !== null && versionOf(row.accessTokenSealed) === rejectedVersion;
}

function usable(row: TokenRow, now: Date, input: FreshAccessTokenInput): boolean {
  return !isRejected(row, input.rejectedVersion) && isFreshEnough(row, now, input.minValidityMs);
}

type Step =
  | { kind: "fresh"; row: TokenRow }
  | { kind: "claimed"; claim: RefreshClaim }
  /** Someone else holds the lease: wait for this fence's holder to finish. */
  | { kind: "busy"; fence: number }
  | { kind: "settled"; result: FreshAccessTokenResult };

/** A terminal or waiting state, with the stored token as a fallback when it is still good for a while (and not refused). */
function settle(row: TokenRow, now: Date, input: FreshAccessTokenInput, failure: Exclude<FreshAccessTokenResult, FreshAccessToken>): Step {
  const fallback = failure.kind !== "not_found" && failure.kind !== "disconnected" && failure.kind !== "needs_reauth" && !isRejected(row, input.rejectedVersion) && isFreshEnough(row, now, FALLBACK_VALIDITY_MS);
  return fallback ? { kind: "fresh", row } : { kind: "settled", result: failure };
}

function terminal(row: TokenRow): Exclude<FreshAccessTokenResult, FreshAccessToken> | null {
  if (row.status === "disconnected") return { kind: "disconnected", reason: row.statusReason ?? REASONS.disconnected };
  // A revoked grant usually takes its access tokens with it (RFC 7009 §2.1): never hand one out.
  if (row.health === "needs_reauth" || row.status === "needs_reauth") return { kind: "needs_reauth", reason: row.healthReason ?? row.statusReason ?? REASONS.needs_reauth };
  if (row.health === "config_error") return { kind: "config_error", reason: row.healthReason ?? REASONS.config_error };
  if (row.health === "exhausted") return { kind: "exhausted", reason: row.healthReason ?? REASONS.exhausted };
  return null;
}

/** A connect-flow token without a refresh token cannot be renewed (machine connections re-run their grant). */
function canRenew(row: TokenRow): boolean {
  return row.refreshTokenSealed !== null || isMachineMethod(row.method);
}

/** What is left when the token cannot be renewed: itself while it has not expired (and was not refused), else reconnect. */
function unrenewable(row: TokenRow, now: Date, input: FreshAccessTokenInput): Step {
  const alive = row.accessTokenExpiresAt === null || row.accessTokenExpiresAt > now;
  if (row.accessTokenSealed && alive && !isRejected(row, input.rejectedVersion)) return { kind: "fresh", row };
  return { kind: "settled", result: { kind: "needs_reauth", reason: NO_REFRESH_TOKEN_REASON } };
}

/** The engine is waiting out a Retry-After, a backoff or a cool-down between refresh episodes: how long still (ms), else null. */
function backoffLeft(row: TokenRow, now: Date): number | null {
  if (row.nextRefreshAt === null || row.nextRefreshAt <= now) return null;
  const backingOff = row.refreshAttempt > 0 || row.health === "degraded";
  return backingOff ? row.nextRefreshAt.getTime() - now.getTime() : null;
}

/**
 * Under the row lock, so that checking and claiming are one step: no other request or worker can
 * commit a new token between "it is stale" and "I claim it" (which would cost a second provider call).
 */
async function checkOrClaim(ctx: FreshAccessTokenContext, input: FreshAccessTokenInput): Promise<Step> {
  return ctx.db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM connections WHERE id = ${input.connectionId} AND workspace_id = ${input.workspaceId} FOR UPDATE`;
    if (locked.length === 0) return { kind: "settled", result: { kind: "not_found" } } satisfies Step;
    const row = await tokenRow(tx, input.connectionId);
    if (!row) return { kind: "settled", result: { kind: "not_found" } } satisfies Step;
    const now = ctx.clock.now();
    const stop = terminal(row);
    if (stop) return settle(row, now, input, stop);
    if (usable(row, now, input)) return { kind: "fresh", row } satisfies Step;
    // Claiming would only record "no refresh token" again on every call.
    if (!canRenew(row)) return unrenewable(row, now, input);
    if (row.refreshLeaseUntil !== null && row.refreshLeaseUntil > now) return { kind: "busy", fence: row.refreshFence } satisfies Step;
    const waitMs = backoffLeft(row, now);
    if (waitMs !== null) return settle(row, now, input, { kind: "unavailable", reason: row.healthReason ?? REASONS.backingOff, retryAfterMs: waitMs });
    // claimConnection only runs $queryRaw; inside this transaction it sees (and keeps) our row lock.
    const claim = await claimConnection(tx as unknown as Db, { connectionId: row.id, owner: `api-${randomUUID()}`, now, leaseMs: INLINE_LEASE_MS, respectBackoff: true });
    return claim ? ({ kind: "claimed", claim } satisfies Step) : ({ kind: "busy", fence: row.refreshFence } satisfies Step);
    // Callers for one connection queue on the row lock, each for a few milliseconds: allow for a burst.
  }, { maxWait: 10_000, timeout: 15_000 });
}

/** Waits until the holder of `fence` commits, loses its lease, or the row goes away. false: still held after ~10 s. */
async function waitForHolder(ctx: FreshAccessTokenContext, connectionId: string, fence: number): Promise<boolean> {
  const sleep = ctx.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    await sleep(POLL_MS);
    const row = await ctx.db.connection.findUnique({ where: { id: connectionId }, select: { refreshFence: true, refreshLeaseUntil: true, status: true } });
    if (!row || row.status === "disconnected" || row.refreshFence !== fence) return true;
    if (row.refreshLeaseUntil === null || row.refreshLeaseUntil <= ctx.clock.now()) return true;
  }
  return false;
}

async function deliver(ctx: FreshAccessTokenContext, row: TokenRow): Promise<FreshAccessTokenResult> {
  if (!row.accessTokenSealed) return { kind: "unavailable", reason: REASONS.noToken, retryAfterMs: 5 * SECOND };
  const now = ctx.clock.now();
  if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await ctx.db.connection.updateMany({ where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS + 1) } }] }, data: { lastUsedAt: now } });
  }
  return {
    kind: "ok",
    connectionId: row.id,
    accessToken: open(ctx.keyring, row.accessTokenSealed, aadFor("connection", row.id, "access_token")),
    tokenType: schemeOf(row.tokenType),
    expiresAt: row.accessTokenExpiresAt,
    version: versionOf(row.accessTokenSealed),
    refreshedAt: row.lastRefreshedAt,
  };
}

/** After our own refresh attempt: the new token, or what the engine decided (terminal, or back off). */
async function afterAttempt(ctx: FreshAccessTokenContext, input: FreshAccessTokenInput): Promise<Step | null> {
  const row = await tokenRow(ctx.db, input.connectionId);
  if (!row || row.workspaceId !== input.workspaceId) return { kind: "settled", result: { kind: "not_found" } };
  const now = ctx.clock.now();
  const stop = terminal(row);
  if (stop) return settle(row, now, input, stop);
  if (usable(row, now, input)) return { kind: "fresh", row };
  const waitMs = backoffLeft(row, now);
  if (waitMs !== null) return settle(row, now, input, { kind: "unavailable", reason: row.healthReason ?? REASONS.backingOff, retryAfterMs: waitMs });
  return null;
}

/**
 * A usable access token for a connection, refreshed inline when it is stale (valid for less than
 * min(5 min, half its lifetime), or refused by the provider: rejectedVersion). One provider call at
 * most per caller, and one for all concurrent callers and workers together: the refresh runs under
 * the engine's fenced lease (claimConnection, respectBackoff), and whoever finds the lease taken
 * waits for its holder (polling every 100 ms, ~10 s at most) and reads the result.
 */
export async function freshAccessToken(ctx: FreshAccessTokenContext, input: FreshAccessTokenInput): Promise<FreshAccessTokenResult> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let step = await checkOrClaim(ctx, input);
    if (step.kind === "claimed") {
      const outcome = await runClaimedRefresh(ctx, step.claim, input.source ?? "access_token");
      if (outcome.result === "fenced") continue;
      step = (await afterAttempt(ctx, input)) ?? { kind: "settled", result: { kind: "unavailable", reason: REASONS.noToken, retryAfterMs: 5 * SECOND } };
    }
    if (step.kind === "busy") {
      if (await waitForHolder(ctx, input.connectionId, step.fence)) continue;
      const row = await tokenRow(ctx.db, input.connectionId);
      if (!row) return { kind: "not_found" };
      step = settle(row, ctx.clock.now(), input, { kind: "unavailable", reason: REASONS.busy, retryAfterMs: 2 * SECOND });
    }
    if (step.kind === "fresh") return deliver(ctx, step.row);
    if (step.kind === "settled") return step.result;
  }
  return { kind: "unavailable", reason: REASONS.busy, retryAfterMs: 2 * SECOND };
}
