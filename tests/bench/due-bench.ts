// npm run bench:due — does finding due work stay O(due)? Times claimDueConnections (the engine's
// real claim query) taking BENCH_DUE_DUE (100) due connections among BENCH_DUE_SMALL (1,000) vs
// BENCH_DUE_LARGE (100,000) connections, the others scheduled in the future or not at all. Each
// case has its own database; repetitions alternate between the cases (so a noisy neighbour hits
// both) and put the claimed rows back between repetitions. Also EXPLAIN (ANALYZE, BUFFERS) of the
// exact statement the claim sent, in the large case (rolled back). Prints one JSON object.
import { randomBytes, randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { systemClock } from "../../lib/clock";
import { DEMO_PROVIDER_KEY } from "../../lib/server/connect/resolve-provider";
import { createDb, type Db } from "../../lib/server/db";
import { PrismaClient } from "../../lib/server/generated/prisma/client";
import { claimDueConnections } from "../../lib/server/refresh/claim";
import { aadFor } from "../../lib/server/vault/aad";
import type { Keyring } from "../../lib/server/vault/keyring";
import { seal } from "../../lib/server/vault/seal";
import { refreshWorkspace, seedConnections } from "../integration/support/refresh-fixtures";
import { cleanupStack, codeVersion, envInt, loadAverage, log, machine, percentile, round, startBenchPostgres, topStatements, writeMasterKey } from "./support/bench-kit";

const CLIENT = { clientId: "bench-client", clientSecret: "bench-secret" };
const LEASE_MS = 60_000;
const TARGET_RATIO = 2;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type Case = { name: "small" | "large"; total: number; db: Db; sql: pg.Client; url: string; samples: number[] };

/**
 * Connections as the app writes them (the columns refresh-fixtures' seedConnections sets, tokens
 * sealed with row-bound AADs): `due` of them due within the last minute (through seedConnections
 * itself), the rest due in 5 min–30 days (85%) or with nothing scheduled (15%), inserted in bulk.
 */
async function seed(c: Case, keyring: Keyring, due: number): Promise<void> {
  process.env.DEMO_PROVIDER_URL ??= "http://127.0.0.1:9/";
  const ctx = { db: c.db, clock: systemClock, keyring };
  const { workspaceId, appId } = await refreshWorkspace(ctx, CLIENT);
  const now = Date.now();
  const dueTokens = Array.from({ length: due }, () => randomBytes(32).toString("base64url"));
  const dueIds = await seedConnections(ctx, { workspaceId, appId, refreshTokens: dueTokens, dueAt: () => new Date(now - 1000 - Math.random() * MINUTE) });
  await c.sql.query("CREATE TABLE bench_due AS SELECT id, next_refresh_at FROM connections WHERE id = ANY($1)", [dueIds]);

  const rest = c.total - due;
  const batch = 5000;
  for (let start = 0; start < rest; start += batch) {
    const n = Math.min(batch, rest - start);
    const ids: string[] = [];
    const access: string[] = [];
    const refresh: string[] = [];
    const next: (string | null)[] = [];
    const expires: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      ids.push(id);
      access.push(seal(keyring, `access-${randomBytes(24).toString("base64url")}`, aadFor("connection", id, "access_token")));
      refresh.push(seal(keyring, randomBytes(32).toString("base64url"), aadFor("connection", id, "refresh_token")));
      const at = now + 5 * MINUTE + Math.random() * 30 * DAY;
      next.push(Math.random() < 0.15 ? null : new Date(at).toISOString());
      expires.push(new Date(at + 10 * MINUTE).toISOString());
    }
    await c.sql.query(
      `INSERT INTO connections (id, workspace_id, provider_key, oauth_app_id, method, label, access_token_sealed, refresh_token_sealed, token_type,
                                access_token_expires_at, refresh_token_issued_at, requested_scopes, granted_scopes, authorized_at, created_at, updated_at, next_refresh_at)
       SELECT u.id, $1, $2, $3, 'authorization_code', 'Connection ' || (u.ord + $4), u.access, u.refresh, 'bearer',
              u.expires, $5, ARRAY['openid', 'offline_access'], ARRAY['openid', 'offline_access'], $5, $5, $5, u.next
         FROM unnest($6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[]) WITH ORDINALITY AS u(id, access, refresh, next, expires, ord)`,
      [workspaceId, DEMO_PROVIDER_KEY, appId, start + due, new Date(now), ids, access, refresh, next, expires],
    );
  }
  await c.sql.query("VACUUM ANALYZE connections");
}

/** Puts the claimed rows back as they were: due, unleased (what the claim changed). */
async function reset(c: Case): Promise<void> {
  await c.sql.query(`
    UPDATE connections c SET next_refresh_at = d.next_refresh_at, refresh_lease_owner = NULL, refresh_lease_until = NULL,
                             refresh_in_flight_at = NULL, health = 'healthy'
      FROM bench_due d WHERE c.id = d.id`);
}

/** The claim statement exactly as claimDueConnections sent it, captured from Prisma's query events. */
async function captureClaim(url: string, limit: number): Promise<Claim> {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 1 }), log: [{ emit: "event", level: "query" }] });
  let captured: { query: string; params: unknown[] } | null = null;
  client.$on("query", (event) => {
    if (event.query.includes("SKIP LOCKED")) captured = { query: event.query, params: JSON.parse(event.params) as unknown[] };
  });
  const now = new Date();
  try {
    await claimDueConnections(client, { owner: "bench-explain", now, limit, leaseMs: LEASE_MS });
  } finally {
    await client.$disconnect();
  }
  if (!captured) throw new Error("could not capture the claim statement");
  return { ...(captured as { query: string; params: unknown[] }), now };
}

type Claim = { query: string; params: unknown[]; now: Date };

/** The captured claim's parameters with its clock moved to `now` (the claim time and the lease end derived from it). */
function redate(claim: Claim, now: Date): unknown[] {
  return claim.params.map((p) => {
    const at = typeof p === "string" ? Date.parse(p) : Number.NaN;
    if (at === claim.now.getTime()) return now.toISOString();
    if (at === claim.now.getTime() + LEASE_MS) return new Date(now.getTime() + LEASE_MS).toISOString();
    return p;
  });
}

/** EXPLAIN (ANALYZE, BUFFERS) of the claim, inside a transaction that is rolled back. */
async function explain(c: Case, claim: { query: string; params: unknown[] }): Promise<string[]> {
  await c.sql.query("BEGIN");
  try {
    const { rows } = await c.sql.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${claim.query}`, claim.params);
    return rows.map((r) => r["QUERY PLAN"]);
  } finally {
    await c.sql.query("ROLLBACK");
  }
}

/** The plan lines that say how due rows are found: scans, index, conditions, rows, buffers, times. */
function summarise(lines: string[]): string {
  return lines
    .filter((l) => /Scan|LockRows|Limit|Update on|Nested Loop|Sort|Hash|Index Cond|Filter|Rows Removed|Buffers|Execution Time|Planning Time/.test(l))
    .map((l) => l.trim().replace(/\s+/g, " "))
    .join(" | ");
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { medianMs: round(percentile(sorted, 50), 3), p95Ms: round(percentile(sorted, 95), 3), minMs: round(sorted[0] ?? 0, 3), maxMs: round(sorted.at(-1) ?? 0, 3) };
}

async function main() {
  const benchStarted = performance.now();
  const machineAtStart = machine();
  const due = envInt("BENCH_DUE_DUE", 100);
  const small = envInt("BENCH_DUE_SMALL", 1000);
  const large = envInt("BENCH_DUE_LARGE", 100_000);
  const reps = envInt("BENCH_DUE_REPS", 300);
  const warmup = envInt("BENCH_DUE_WARMUP", 30);
  const churnReps = envInt("BENCH_DUE_CHURN_REPS", 300);
  const cleanup = cleanupStack();
  try {
    log("starting PostgreSQL");
    const postgres = await startBenchPostgres();
    cleanup.add(() => postgres.stop());
    const key = writeMasterKey();
    cleanup.add(() => key.cleanup());
    const cases: Case[] = [];
    for (const [name, total] of [["small", small], ["large", large]] as const) {
      const url = await postgres.createDatabase(`bench_due_${name}`);
      const db = createDb(url, { max: 2 });
      cleanup.add(() => db.$disconnect());
      const sql = new pg.Client({ connectionString: url });
      await sql.connect();
      cleanup.add(() => sql.end());
      const c: Case = { name, total, db, sql, url, samples: [] };
      const started = performance.now();
      await seed(c, key.keyring, due);
      log(`seeded ${name}: ${total} connections (${due} due) in ${round((performance.now() - started) / 1000)} s`);
      cases.push(c);
    }

    const claim = await captureClaim(cases[1]!.url, due);
    await reset(cases[1]!);

    /** Alternating timed claims; `vacuum`: VACUUM after each reset, so every repetition starts from the same clean table. */
    const measure = async (label: string, count: number, vacuum: boolean) => {
      log(`${label}: ${warmup} warm-up + ${count} timed claims of ${due} per case, alternating${vacuum ? ", VACUUM after each reset" : ", no VACUUM (dead index entries pile up as in production between autovacuums)"}`);
      for (const c of cases) {
        c.samples = [];
        await c.sql.query("VACUUM connections");
        await c.sql.query("SELECT pg_stat_statements_reset()");
      }
      for (let rep = 0; rep < warmup + count; rep++) {
        const order = rep % 2 === 0 ? cases : [...cases].reverse();
        for (const c of order) {
          const now = new Date();
          const started = performance.now();
          const claims = await claimDueConnections(c.db, { owner: `bench-${rep}`, now, limit: due, leaseMs: LEASE_MS });
          const ms = performance.now() - started;
          if (claims.length !== due) throw new Error(`${c.name}: claimed ${claims.length}, expected ${due}`);
          if (rep >= warmup) c.samples.push(ms);
          await reset(c);
          if (vacuum) await c.sql.query("VACUUM connections");
        }
      }
      const serverSide = await Promise.all(
        cases.map(async (c) => {
          const top = (await topStatements(c.sql, 20)).find((st) => st.query.startsWith("WITH target AS"));
          return top ? { calls: top.calls, meanExecMs: top.meanMs, maxExecMs: top.maxMs, buffersPerCall: top.buffersPerCall } : null;
        }),
      );
      // The plans as they stand at the end of this phase (claim params re-dated to now).
      const planParams = redate(claim, new Date());
      const largePlan = await explain(cases[1]!, { query: claim.query, params: planParams });
      const smallPlan = await explain(cases[0]!, { query: claim.query, params: planParams });
      process.stderr.write(`[bench] ${label}: EXPLAIN (ANALYZE, BUFFERS), large case:\n${largePlan.map((l) => `    ${l}`).join("\n")}\n`);
      process.stderr.write(`[bench] ${label}: EXPLAIN (ANALYZE, BUFFERS), small case:\n${smallPlan.map((l) => `    ${l}`).join("\n")}\n`);
      const small = stats(cases[0]!.samples);
      const large = stats(cases[1]!.samples);
      return { small: { ...small, serverSide: serverSide[0] }, large: { ...large, serverSide: serverSide[1] }, ratio: round(large.medianMs / small.medianMs, 3), largePlan: summarise(largePlan), smallPlan: summarise(smallPlan) };
    };
    const clean = await measure("clean", reps, true);
    const churn = churnReps > 0 ? await measure("churn", churnReps, false) : null;

    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: "due",
          date: new Date().toISOString(),
          machine: machineAtStart,
          postgres: postgres.settings,
          code: codeVersion(),
          small: { total: small, due, medianMs: clean.small.medianMs, p95Ms: clean.small.p95Ms },
          large: { total: large, due, medianMs: clean.large.medianMs, p95Ms: clean.large.p95Ms },
          ratio: clean.ratio,
          target: TARGET_RATIO,
          plan: clean.largePlan,
          detail: {
            measured: `claimDueConnections(db, { limit: ${due} }) through the app's Prisma client (round trip and commit included), ${reps} timed repetitions per case after ${warmup} warm-up, cases alternating; between repetitions the claimed rows are reset and the table VACUUMed (not timed), so every repetition sees the same clean table`,
            others: "85% due in 5 min–30 days, 15% nothing scheduled (next_refresh_at null)",
            small: clean.small,
            large: clean.large,
            smallPlan: clean.smallPlan,
            churn: churn && {
              measured: `the same, ${churnReps} repetitions without VACUUM between them: every claim and reset leaves dead next_refresh_at index entries behind, as the engine's own claims and commits do between autovacuums`,
              small: churn.small,
              large: churn.large,
              ratio: churn.ratio,
              largePlan: churn.largePlan,
              smallPlan: churn.smallPlan,
            },
          },
          loadAvgAtEnd: loadAverage(),
          benchWallSeconds: round((performance.now() - benchStarted) / 1000),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await cleanup.run();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
