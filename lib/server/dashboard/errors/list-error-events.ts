import "server-only";
import { z } from "zod";
import type { Clock } from "@/lib/clock";
import { errorClassSchema, errorWindow, type ErrorClass, type ErrorRange } from "@/lib/dashboard/error-range";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { Prisma } from "@/lib/server/generated/prisma/client";
import type { AuthEventSource, ConnectionHealth } from "@/lib/server/generated/prisma/enums";
import type { Db } from "../../db";
import type { CsvTable } from "../dashboard-route";
import { errorClassSql, errorFilterSql } from "./error-filter-sql";

export const EVENTS_PAGE_SIZE = 50;
export const EVENTS_CSV_CAP = 5_000;

const cursorSchema = z
  .string()
  .regex(/^\d{1,15}_\d{1,19}$/, "Not a cursor.")
  .transform((value) => {
    const [at, id] = value.split("_");
    return { at: new Date(Number(at)), id: BigInt(id!) };
  });

/** Which events to list: one connection, or a provider's events without a connection (`connection=none`). */
export const errorEventsQuerySchema = z
  .object({
    connection: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "Not a connection id."),
    provider: z.string().trim().min(1).max(64).optional(),
    class: errorClassSchema.optional(),
    cursor: cursorSchema.optional(),
  })
  .refine((q) => q.connection !== "none" || q.provider, { message: "connection=none needs a provider.", path: ["provider"] });

export type ErrorEventsQuery = z.infer<typeof errorEventsQuerySchema>;

export type ErrorEvent = {
  id: string;
  occurredAt: Date;
  class: ErrorClass;
  source: AuthEventSource;
  action: string;
  httpStatus: number | null;
  oauthError: string | null;
  attempt: number | null;
  latencyMs: number | null;
  rateLimitRemaining: number | null;
  rateLimitLimit: number | null;
  retryAfterMs: number | null;
  healthAfter: ConnectionHealth | null;
  reason: string | null;
};

export type ErrorEventsPage = { range: ErrorRange; from: Date; to: Date; events: ErrorEvent[]; nextCursor: string | null };

type Row = Omit<ErrorEvent, "id"> & { id: bigint };

/** Raw error events of one integration in the range, newest first, keyset-paginated on (occurred_at, id). */
export async function listErrorEvents(
  ctx: { db: Db; clock: Clock },
  input: { workspaceId: string; filters: DashboardFilters; range: ErrorRange; query: ErrorEventsQuery; limit?: number },
): Promise<ErrorEventsPage> {
  const window = errorWindow(input.range, ctx.clock.now(), "1h");
  const limit = Math.min(input.limit ?? EVENTS_PAGE_SIZE, EVENTS_CSV_CAP);
  const { connection, provider, cursor } = input.query;
  const who =
    connection === "none"
      ? Prisma.sql`AND e.connection_id IS NULL AND e.provider_key = ${provider}`
      : Prisma.sql`AND e.connection_id = ${connection} ${provider ? Prisma.sql`AND e.provider_key = ${provider}` : Prisma.empty}`;
  const after = cursor ? Prisma.sql`AND (e.occurred_at, e.id) < (${cursor.at}, ${cursor.id})` : Prisma.empty;
  const rows = await ctx.db.$queryRaw<Row[]>(Prisma.sql`
    SELECT e.id, e.occurred_at AS "occurredAt", e.class::text AS class, e.source::text AS source, e.action,
           e.http_status AS "httpStatus", e.oauth_error AS "oauthError", e.attempt, e.latency_ms AS "latencyMs",
           e.rate_limit_remaining AS "rateLimitRemaining", e.rate_limit_limit AS "rateLimitLimit",
           e.retry_after_ms AS "retryAfterMs", e.health_after::text AS "healthAfter", e.reason
    FROM auth_events e
    LEFT JOIN connections c ON c.id = e.connection_id
    WHERE e.workspace_id = ${input.workspaceId} AND e.occurred_at >= ${window.from} AND e.occurred_at < ${window.to}
      ${who} ${errorClassSql("e.class", input.query.class)} ${errorFilterSql(input.filters, "e")} ${after}
    ORDER BY e.occurred_at DESC, e.id DESC
    LIMIT ${limit + 1}`);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    range: window.range,
    from: window.from,
    to: window.to,
    events: page.map((row) => ({ ...row, id: row.id.toString(), occurredAt: new Date(row.occurredAt) })),
    nextCursor: rows.length > limit && last ? `${new Date(last.occurredAt).getTime()}_${last.id}` : null,
  };
}

/** The drill-down as CSV (capped at EVENTS_CSV_CAP rows). */
export function errorEventsCsv(page: ErrorEventsPage): CsvTable {
  return {
    filename: `auth-error-events-${page.range}`,
    columns: ["occurred_at_utc", "class", "source", "http_status", "oauth_error", "attempt", "latency_ms", "rate_limit_remaining", "rate_limit_limit", "retry_after_ms", "action", "health_after", "reason"],
    rows: page.events.map((e) => [e.occurredAt.toISOString(), e.class, e.source, e.httpStatus, e.oauthError, e.attempt, e.latencyMs, e.rateLimitRemaining, e.rateLimitLimit, e.retryAfterMs, e.action, e.healthAfter, e.reason]),
  };
}
