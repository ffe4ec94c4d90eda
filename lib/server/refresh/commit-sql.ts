import "server-only";
import { Prisma } from "@/lib/server/generated/prisma/client";
import type { Prisma as PrismaTypes } from "@/lib/server/generated/prisma/client";
import type { Db } from "../db";

/**
 * The fenced commit of one refresh attempt as ONE statement: the connection update guarded by
 * the fencing token, and the auth event inserted only when that update matched. Atomic (a
 * single statement) and one round trip, where an interactive transaction would take four.
 */

/** A connection column set by the commit: [column, value, optional SQL cast for enums]. */
export type ColumnValue = readonly [column: string, value: unknown, cast?: string];

const identifier = /^[a-z_][a-z0-9_]*$/;

function column(name: string): PrismaTypes.Sql {
  if (!identifier.test(name)) throw new Error(`not a column name: ${name}`);
  return Prisma.raw(`"${name}"`);
}

function assignment([name, value, cast]: ColumnValue): PrismaTypes.Sql {
  return cast ? Prisma.sql`${column(name)} = ${value}::${Prisma.raw(cast)}` : Prisma.sql`${column(name)} = ${value}`;
}

export type EventValues = PrismaTypes.AuthEventUncheckedCreateInput;

/** Returns true when the fence still matched and both writes happened; false when nothing was written. */
export async function commitFenced(db: Db, input: { connectionId: string; fence: number; set: readonly ColumnValue[]; event: EventValues }): Promise<boolean> {
  const e = input.event;
  const rows = await db.$queryRaw<{ n: number }[]>`
    WITH updated AS (
      UPDATE connections SET ${Prisma.join(input.set.map(assignment), ", ")}
      WHERE id = ${input.connectionId} AND refresh_fence = ${input.fence} AND status <> 'disconnected'
      RETURNING id
    ), event AS (
      INSERT INTO auth_events (occurred_at, workspace_id, connection_id, provider_key, source, class, action, http_status, oauth_error,
                               attempt, latency_ms, rate_limit_remaining, rate_limit_limit, retry_after_ms, health_after, reason)
      SELECT ${e.occurredAt}::timestamptz, ${e.workspaceId}::text, updated.id, ${e.providerKey ?? null}::text, ${e.source}::"AuthEventSource",
             ${e.class}::"AuthEventClass", ${e.action ?? "none"}::text, ${e.httpStatus ?? null}::int, ${e.oauthError ?? null}::text,
             ${e.attempt ?? null}::int, ${e.latencyMs ?? null}::int, ${e.rateLimitRemaining ?? null}::int, ${e.rateLimitLimit ?? null}::int,
             ${e.retryAfterMs ?? null}::int, ${e.healthAfter ?? null}::"ConnectionHealth", ${e.reason ?? null}::text
      FROM updated
      RETURNING id
    )
    SELECT count(*)::int AS n FROM updated`;
  return (rows[0]?.n ?? 0) === 1;
}
