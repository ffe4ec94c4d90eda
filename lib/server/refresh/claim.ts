import "server-only";
import { Prisma } from "@/lib/server/generated/prisma/client";
import type { AuthEventClass, ConnectionHealth } from "@/lib/server/generated/prisma/enums";
import type { Db } from "../db";

/**
 * Claiming refresh work (issue 6). A claim takes a row lock with SKIP LOCKED, increments the
 * fencing token, records the lease and the in-flight marker, and moves next_refresh_at to the
 * lease's end — so a claimed row is no longer due, and becomes due again only if its holder dies.
 * Finding due work walks the next_refresh_at index: O(due), never O(all).
 */

export type RefreshClaim = {
  connectionId: string;
  /** The fencing token this claim holds; a commit must present it. */
  fence: number;
  /** The previous holder set the in-flight marker and never committed: its provider call may have gone through. */
  recovering: boolean;
  previousHealth: ConnectionHealth;
  /** Provider calls already made in the current refresh. */
  refreshAttempt: number;
  refreshFailingSince: Date | null;
  /** The class of the previous failed call, if any. */
  lastRefreshError: AuthEventClass | null;
  /** A call of the current failing streak may have reached the provider without its answer reaching us. */
  answerMaybeLost: boolean;
  leaseUntil: Date;
};

type ClaimRow = {
  id: string;
  fence: number;
  previous_in_flight: Date | null;
  previous_health: ConnectionHealth;
  refresh_attempt: number;
  refresh_failing_since: Date | null;
  last_refresh_error: AuthEventClass | null;
  refresh_answer_maybe_lost: boolean;
  lease_until: Date;
};

function toClaim(row: ClaimRow): RefreshClaim {
  return {
    connectionId: row.id,
    fence: row.fence,
    recovering: row.previous_in_flight !== null,
    previousHealth: row.previous_health,
    refreshAttempt: row.refresh_attempt,
    refreshFailingSince: row.refresh_failing_since,
    lastRefreshError: row.last_refresh_error,
    answerMaybeLost: row.refresh_answer_maybe_lost,
    leaseUntil: row.lease_until,
  };
}

const claimUpdate = (owner: string, now: Date, leaseUntil: Date) => Prisma.sql`
  UPDATE connections c SET
    refresh_fence = c.refresh_fence + 1,
    refresh_lease_owner = ${owner},
    refresh_lease_until = ${leaseUntil},
    next_refresh_at = ${leaseUntil},
    refresh_in_flight_at = ${now},
    health = 'refreshing'
  FROM target
  WHERE c.id = target.id
  RETURNING c.id, c.refresh_fence AS fence, target.refresh_in_flight_at AS previous_in_flight,
            target.health AS previous_health, c.refresh_attempt, c.refresh_failing_since, c.last_refresh_error, c.refresh_answer_maybe_lost, c.refresh_lease_until AS lease_until`;

/** Claims up to `limit` due connections, oldest due first. Rows another worker holds are skipped, not waited for. */
export async function claimDueConnections(db: Db, input: { owner: string; now: Date; limit: number; leaseMs: number }): Promise<RefreshClaim[]> {
  if (input.limit < 1) return [];
  const leaseUntil = new Date(input.now.getTime() + input.leaseMs);
  const rows = await db.$queryRaw<ClaimRow[]>`
    WITH target AS (
      SELECT id, refresh_in_flight_at, health FROM connections
      WHERE next_refresh_at <= ${input.now} AND status <> 'disconnected'
      ORDER BY next_refresh_at
      LIMIT ${input.limit}
      FOR UPDATE SKIP LOCKED
    )
    ${claimUpdate(input.owner, input.now, leaseUntil)}`;
  return rows.map(toClaim);
}

/**
 * Claims one connection for an inline refresh (the fresh-token API), unless another holder's lease
 * is live or (with respectBackoff) the engine is waiting out a Retry-After, a backoff or the cool-down
 * between two refresh episodes of a failing connection. null = not claimed.
 */
export async function claimConnection(db: Db, input: { connectionId: string; owner: string; now: Date; leaseMs: number; respectBackoff: boolean }): Promise<RefreshClaim | null> {
  const leaseUntil = new Date(input.now.getTime() + input.leaseMs);
  const backoff = input.respectBackoff ? Prisma.sql`AND ((refresh_attempt = 0 AND health <> 'degraded') OR next_refresh_at IS NULL OR next_refresh_at <= ${input.now})` : Prisma.empty;
  const rows = await db.$queryRaw<ClaimRow[]>`
    WITH target AS (
      SELECT id, refresh_in_flight_at, health FROM connections
      WHERE id = ${input.connectionId} AND status <> 'disconnected'
        AND health NOT IN ('needs_reauth', 'config_error', 'exhausted')
        AND (refresh_lease_until IS NULL OR refresh_lease_until <= ${input.now})
        ${backoff}
      FOR UPDATE SKIP LOCKED
    )
    ${claimUpdate(input.owner, input.now, leaseUntil)}`;
  return rows[0] ? toClaim(rows[0]) : null;
}
