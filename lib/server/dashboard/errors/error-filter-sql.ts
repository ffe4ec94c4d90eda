import "server-only";
import { ERROR_CLASSES } from "@/lib/dashboard/error-range";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { Prisma } from "@/lib/server/generated/prisma/client";
import { connectionFilterSql } from "../filter-where";

/**
 * `AND <column> = ANY(error classes)`: successes and recoveries are not errors. Compared as the
 * enum (not as text) so the condition is an index condition on the rollup's class-first key.
 */
export function errorClassSql(column: string, only?: string): Prisma.Sql {
  const classes = only ? [only] : [...ERROR_CLASSES];
  return Prisma.sql`AND ${Prisma.raw(column)} = ANY(${classes}::"AuthEventClass"[])`;
}

/**
 * The shared filters on an events-like row `row` (rollup or raw event) joined to its connection `c`.
 * The provider is the event's own provider key (so events without a connection still match it);
 * environment, owner and workflow are properties of the connection, so they need one.
 */
export function errorFilterSql(filters: DashboardFilters, row: string): Prisma.Sql {
  const provider = filters.provider ? Prisma.sql`AND ${Prisma.raw(`${row}.provider_key`)} = ${filters.provider}` : Prisma.empty;
  const { provider: _ignored, ...connectionOnly } = filters;
  return Prisma.sql`${provider} ${connectionFilterSql(connectionOnly, "c")}`;
}

/** `LEFT JOIN connections c` on the row's connection, only when a filter needs the connection's properties. */
export function connectionJoinSql(filters: DashboardFilters, on: string): Prisma.Sql {
  return filters.env || filters.owner || filters.workflow ? Prisma.sql`LEFT JOIN connections c ON c.id = ${Prisma.raw(on)}` : Prisma.empty;
}
