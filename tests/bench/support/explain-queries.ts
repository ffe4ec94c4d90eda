// EXPLAIN (ANALYZE, BUFFERS) of the SQL the dashboard services actually send, captured from
// Prisma's query events, so the bench shows which index each query uses and how much it reads.
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { systemClock } from "../../../lib/clock";
import { PrismaClient } from "../../../lib/server/generated/prisma/client";
import type { Db } from "../../../lib/server/db";

type Captured = { query: string; params: unknown[] };

/** Runs `call` with a logging client and returns the statements it sent that read dashboard data (longest first). */
export async function captureQueries(url: string, call: (ctx: { db: Db; clock: typeof systemClock }) => Promise<unknown>): Promise<Captured[]> {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 1 }), log: [{ emit: "event", level: "query" }] });
  const seen: Captured[] = [];
  client.$on("query", (event) => seen.push({ query: event.query, params: JSON.parse(event.params) as unknown[] }));
  try {
    await call({ db: client as unknown as Db, clock: systemClock });
  } finally {
    await client.$disconnect();
  }
  const data = seen.filter((q) => /auth_event_hourly|auth_events|connections/.test(q.query)).sort((a, b) => b.query.length - a.query.length);
  if (data.length === 0) throw new Error("no query captured");
  return data;
}

/** The plan lines that say how rows are found: scans, index conditions, rows, buffers, times. */
export async function explainSummary(sql: pg.Client, captured: Captured): Promise<{ executionMs: number; plan: string[] }> {
  const { rows } = await sql.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${captured.query}`, captured.params);
  const lines = rows.map((r) => r["QUERY PLAN"]);
  const executionMs = Number(/Execution Time: ([\d.]+)/.exec(lines.join("\n"))?.[1] ?? 0);
  const plan = lines
    .filter((l, i) => (i === 1 && /Buffers/.test(l)) || /Scan|Index Cond|Rows Removed|Execution Time|Aggregate|Join/.test(l))
    .map((l) => l.trim().replace(/\s+/g, " ").slice(0, 160))
    .slice(0, 14);
  return { executionMs, plan };
}
