import "server-only";
import type { Prisma } from "@/lib/server/generated/prisma/client";
import type { AuthEventClass, AuthEventSource, ConnectionHealth } from "@/lib/server/generated/prisma/enums";

/** One auth event: a refresh attempt, an API-proxy error, an ingested error (issue 6). No secrets, no provider text. */
export type AuthEventInput = {
  occurredAt: Date;
  workspaceId: string;
  connectionId?: string | null;
  providerKey?: string | null;
  source: AuthEventSource;
  class: AuthEventClass;
  action?: string;
  httpStatus?: number | null;
  oauthError?: string | null;
  attempt?: number | null;
  latencyMs?: number | null;
  rateLimitRemaining?: number | null;
  rateLimitLimit?: number | null;
  retryAfterMs?: number | null;
  healthAfter?: ConnectionHealth | null;
  reason?: string | null;
};

const INT_MAX = 2_147_483_647;

function int(value: number | null | undefined, min = 0): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Math.min(INT_MAX, Math.max(min, Math.round(value)));
}

/** The row for an event, integers clamped to Postgres int range and text capped. */
export function authEventData(input: AuthEventInput): Prisma.AuthEventUncheckedCreateInput {
  return {
    occurredAt: input.occurredAt,
    workspaceId: input.workspaceId,
    connectionId: input.connectionId ?? null,
    providerKey: input.providerKey?.slice(0, 128) ?? null,
    source: input.source,
    class: input.class,
    action: input.action ?? "none",
    httpStatus: int(input.httpStatus, 100),
    oauthError: input.oauthError?.slice(0, 64) ?? null,
    attempt: int(input.attempt),
    latencyMs: int(input.latencyMs),
    rateLimitRemaining: int(input.rateLimitRemaining),
    rateLimitLimit: int(input.rateLimitLimit),
    retryAfterMs: int(input.retryAfterMs),
    healthAfter: input.healthAfter ?? null,
    reason: input.reason?.slice(0, 500) ?? null,
  };
}

type EventWriter = { authEvent: { create: (args: { data: Prisma.AuthEventUncheckedCreateInput }) => Promise<unknown> } };

export async function recordAuthEvent(tx: EventWriter, input: AuthEventInput): Promise<void> {
  await tx.authEvent.create({ data: authEventData(input) });
}
