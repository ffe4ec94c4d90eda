// Seeds bench:dashboard's data: connections as the app stores them (sealed tokens, owner,
// environment, workflows; nothing scheduled so the worker stays idle) and auth events built by
// the app's own classifier and row builder (classifyAuthFailure → authEventData), inserted in
// multi-row INSERT statements into auth_events so the rollup triggers run exactly as in production.
import { randomBytes, randomUUID } from "node:crypto";
import type pg from "pg";
import { classifyAuthFailure, type AuthFailureInput } from "../../../lib/server/auth-events/classify";
import { authEventData } from "../../../lib/server/auth-events/record-auth-event";
import { DEMO_PROVIDER_KEY } from "../../../lib/server/connect/resolve-provider";
import { rateLimitOf } from "../../../lib/server/refresh/observed-call";
import { aadFor } from "../../../lib/server/vault/aad";
import type { Keyring } from "../../../lib/server/vault/keyring";
import { seal } from "../../../lib/server/vault/seal";

const BATCH = 5000;
const ENVIRONMENTS = ["prod", "prod", "prod", "prod", "prod", "prod", "prod", "staging", "staging", "dev"];
const WORKFLOWS = ["lead-sync", "billing", "outreach", "enrichment"];
const pick = <T,>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** Inserts `count` connections of the demo provider into the workspace; returns their ids. */
export async function seedBenchConnections(sql: pg.Client, keyring: Keyring, input: { workspaceId: string; ownerId: string; count: number }): Promise<string[]> {
  const all: string[] = [];
  const now = new Date();
  for (let start = 0; start < input.count; start += BATCH) {
    const n = Math.min(BATCH, input.count - start);
    const ids: string[] = [], access: string[] = [], refresh: string[] = [], envs: string[] = [], owners: (string | null)[] = [], flows: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      ids.push(id);
      access.push(seal(keyring, `access-${randomBytes(24).toString("base64url")}`, aadFor("connection", id, "access_token")));
      refresh.push(seal(keyring, randomBytes(32).toString("base64url"), aadFor("connection", id, "refresh_token")));
      envs.push(pick(ENVIRONMENTS));
      owners.push(Math.random() < 0.5 ? input.ownerId : null);
      flows.push(pick(WORKFLOWS));
    }
    await sql.query(
      // As a fresh connect leaves them: a one-day access token, the refresh token's issue time and the
      // next refresh scheduled at 80% of the lifetime (so the Overview sees healthy connections, not 10,000 expired tokens).
      `INSERT INTO connections (id, workspace_id, provider_key, method, label, environment, access_token_sealed, refresh_token_sealed, token_type,
                                access_token_expires_at, refresh_token_issued_at, last_refreshed_at, next_refresh_at, requested_scopes, granted_scopes, authorized_at, owner_id, workflows, created_at, updated_at)
       SELECT u.id, $1, $2, 'authorization_code', 'Bench connection ' || (u.ord + $3), u.env, u.access, u.refresh, 'bearer',
              $4::timestamptz + interval '24 hours', $4, $4, $4::timestamptz + interval '19 hours 12 minutes', ARRAY['openid', 'offline_access'], ARRAY['openid', 'offline_access'], $4, u.owner, ARRAY[u.flow], $4, $4
         FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) WITH ORDINALITY AS u(id, access, refresh, env, owner, flow, ord)`,
      [input.workspaceId, DEMO_PROVIDER_KEY, start, now, ids, access, refresh, envs, owners, flows],
    );
    all.push(...ids);
  }
  return all;
}

// What goes wrong, as the provider answers it; the classifier turns each into class, action, reason.
const FAILURES: { weight: number; input: AuthFailureInput }[] = [
  { weight: 30, input: { status: 429, headers: { "retry-after": "30", "x-ratelimit-limit": "100", "x-ratelimit-remaining": "0" } } },
  { weight: 20, input: { status: 503 } },
  { weight: 15, input: { networkError: "timeout" } },
  { weight: 15, input: { status: 401, headers: { "www-authenticate": 'Bearer error="invalid_token"' } } },
  { weight: 5, input: { status: 400, body: { error: "invalid_grant" } } },
  { weight: 10, input: { status: 403, body: { error: "insufficient_scope" } } },
  { weight: 5, input: { status: 401, body: { error: "invalid_client" } } },
];
const TOTAL_WEIGHT = FAILURES.reduce((s, f) => s + f.weight, 0);

function failure(): AuthFailureInput {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const f of FAILURES) if ((r -= f.weight) < 0) return f.input;
  return FAILURES[0]!.input;
}

export type EventMix = { workspaceId: string; connections: readonly string[]; troubled: readonly string[]; errorShare: number };

function benchEvent(mix: EventMix, occurredAt: Date) {
  const base = { occurredAt, workspaceId: mix.workspaceId };
  if (Math.random() < 0.02) {
    const c = classifyAuthFailure({ ...failure(), now: occurredAt });
    return authEventData({ ...base, connectionId: null, providerKey: "hubspot", source: "ingested", class: c.class, action: c.action, httpStatus: null, oauthError: c.oauthError, reason: c.reason, retryAfterMs: c.retryAfterMs });
  }
  if (Math.random() >= mix.errorShare) {
    return authEventData({ ...base, connectionId: pick(mix.connections), providerKey: DEMO_PROVIDER_KEY, source: "refresh", class: "success", attempt: 1, latencyMs: 80 + Math.random() * 600 });
  }
  const input = failure();
  const attempt = 1 + Math.floor(Math.random() * 3);
  const c = classifyAuthFailure({ ...input, attempt, now: occurredAt });
  const quota = rateLimitOf(input.headers ? new Headers(input.headers as Record<string, string>) : null, occurredAt);
  return authEventData({
    ...base,
    connectionId: Math.random() < 0.8 ? pick(mix.troubled) : pick(mix.connections),
    providerKey: DEMO_PROVIDER_KEY,
    source: Math.random() < 0.7 ? "refresh" : "proxy",
    class: c.class,
    action: c.action,
    httpStatus: input.status ?? null,
    oauthError: c.oauthError,
    attempt,
    latencyMs: 50 + Math.random() * 2000,
    rateLimitRemaining: quota.remaining,
    rateLimitLimit: quota.limit,
    retryAfterMs: c.retryAfterMs,
    reason: c.reason,
  });
}

const COLUMNS = ["occurred_at", "workspace_id", "connection_id", "provider_key", "source", "class", "action", "http_status", "oauth_error", "attempt", "latency_ms", "rate_limit_remaining", "rate_limit_limit", "retry_after_ms", "reason"] as const;
const TYPES = ["timestamptz", "text", "text", "text", '"AuthEventSource"', '"AuthEventClass"', "text", "int", "text", "int", "int", "int", "int", "int", "text"];

/** `count` events spread evenly over [from, to), in multi-row INSERTs of 5,000 (statement-level triggers fire per INSERT). */
export async function seedBenchEvents(sql: pg.Client, mix: EventMix, input: { count: number; from: Date; to: Date; onProgress?: (done: number) => void }): Promise<void> {
  const span = input.to.getTime() - input.from.getTime();
  const statement = `INSERT INTO auth_events (${COLUMNS.join(", ")}) SELECT * FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(", ")})`;
  for (let start = 0; start < input.count; start += BATCH) {
    const n = Math.min(BATCH, input.count - start);
    const columns: unknown[][] = COLUMNS.map(() => []);
    for (let i = 0; i < n; i++) {
      const row = benchEvent(mix, new Date(input.from.getTime() + Math.random() * span));
      const values = [row.occurredAt, row.workspaceId, row.connectionId, row.providerKey, row.source, row.class, row.action, row.httpStatus, row.oauthError, row.attempt, row.latencyMs, row.rateLimitRemaining, row.rateLimitLimit, row.retryAfterMs, row.reason];
      values.forEach((v, c) => columns[c]!.push(v instanceof Date ? v.toISOString() : (v ?? null)));
    }
    await sql.query(statement, columns);
    input.onProgress?.(start + n);
  }
}
