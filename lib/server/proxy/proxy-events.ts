import "server-only";
import type { Logger } from "pino";
import { MINUTE } from "@/lib/clock";
import type { AuthFailureClass } from "@/lib/server/auth-events/classify";
import { recordAuthEvent } from "@/lib/server/auth-events/record-auth-event";
import type { ServiceContext } from "@/lib/server/context";
import { rateLimitOf } from "@/lib/server/refresh/observed-call";

/**
 * Which proxied calls become auth events. The proxy may carry thousands of calls a minute, so not
 * all of them do:
 *  - every failed call (status ≥ 400, or no answer at all): one event each, classified by the one
 *    taxonomy — these are what the errors screen and alerts are about;
 *  - a success right after failures of the same proxied request: one "recovered" event, so a burst
 *    of errors visibly ends;
 *  - a success whose rate-limit headers say less than 10% of the quota is left: a "success" event
 *    carrying remaining/limit (quota burn), at most one per connection per minute per process.
 * Plain successes are not recorded; Connection.lastUsedAt says the connection is in use.
 */

export const QUOTA_LOW_FRACTION = 0.1;
const QUOTA_SAMPLE_MS = MINUTE;
const MAX_SAMPLED_CONNECTIONS = 10_000;

const lastQuotaEvent = new Map<string, number>();

/** Whether to record quota burn for this connection now (and remember that we did). */
function sampleQuota(connectionId: string, now: Date): boolean {
  const last = lastQuotaEvent.get(connectionId);
  if (last !== undefined && now.getTime() - last < QUOTA_SAMPLE_MS) return false;
  if (lastQuotaEvent.size >= MAX_SAMPLED_CONNECTIONS) lastQuotaEvent.clear();
  lastQuotaEvent.set(connectionId, now.getTime());
  return true;
}

export type ProxyEventTarget = { workspaceId: string; connectionId: string; providerKey: string };
type EventContext = ServiceContext & { log?: Logger };

async function record(ctx: EventContext, input: Parameters<typeof recordAuthEvent>[1]): Promise<void> {
  try {
    await recordAuthEvent(ctx.db, input);
  } catch (error) {
    // The caller still gets the provider's answer; a lost event is logged, not fatal.
    ctx.log?.warn({ connectionId: input.connectionId, err: { message: error instanceof Error ? error.message : String(error) } }, "could not record a proxy auth event");
  }
}

/** One failed provider call of a proxied request. `action` is what the proxy did about it. */
export async function recordProxyFailure(
  ctx: EventContext,
  target: ProxyEventTarget,
  input: { failure: AuthFailureClass; action: string; httpStatus: number | null; headers: Headers | null; attempt: number; latencyMs: number },
): Promise<void> {
  const now = ctx.clock.now();
  const rateLimit = rateLimitOf(input.headers, now);
  await record(ctx, {
    occurredAt: now,
    ...target,
    source: "proxy",
    class: input.failure.class,
    action: input.action,
    httpStatus: input.httpStatus,
    oauthError: input.failure.oauthError,
    attempt: input.attempt,
    latencyMs: input.latencyMs,
    rateLimitRemaining: rateLimit.remaining,
    rateLimitLimit: rateLimit.limit,
    retryAfterMs: input.action === "retry" ? input.failure.retryAfterMs : null,
    reason: input.failure.reason,
  });
}

/** A successful provider call: recorded only as "recovered" after failures, or as quota burn (see above). */
export async function recordProxySuccess(
  ctx: EventContext,
  target: ProxyEventTarget,
  input: { httpStatus: number; headers: Headers; attempt: number; latencyMs: number; afterFailures: boolean },
): Promise<void> {
  const now = ctx.clock.now();
  const rateLimit = rateLimitOf(input.headers, now);
  const quotaLow = rateLimit.remaining !== null && rateLimit.limit !== null && rateLimit.limit > 0 && rateLimit.remaining < rateLimit.limit * QUOTA_LOW_FRACTION;
  if (!input.afterFailures && !(quotaLow && sampleQuota(target.connectionId, now))) return;
  await record(ctx, {
    occurredAt: now,
    ...target,
    source: "proxy",
    class: input.afterFailures ? "recovered" : "success",
    action: "none",
    httpStatus: input.httpStatus,
    attempt: input.attempt,
    latencyMs: input.latencyMs,
    rateLimitRemaining: rateLimit.remaining,
    rateLimitLimit: rateLimit.limit,
    reason: input.afterFailures ? "The provider accepted the request after a retry." : "Less than 10% of the provider's rate-limit quota is left.",
  });
}
