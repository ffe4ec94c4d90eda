import "server-only";
import { DAY, MINUTE } from "@/lib/clock";
import type { ServiceContext } from "../context";
import { findProvider } from "../providers/catalog";
import type { AlertCondition, AlertSeverity } from "./alert-condition";
import { checklistDueConditions, webhookSignatureConditions } from "./review-conditions";

/** Repeated 403s: this many permission errors on one connection within the window raise an alert. */
export const PERMISSION_THRESHOLD = 3;
export const PERMISSION_WINDOW_MS = 15 * MINUTE;
/** Hard deadlines (refresh-token end of life, certificate notAfter) this close get a daily warning. */
export const DEADLINE_HORIZON_MS = 7 * DAY;
const SENSITIVE_ROTATION_DAYS = 30;
const DIGEST_LIST_LIMIT = 20;

const PERMANENT = new Set(["needs_reauth", "config_error", "exhausted"]);
const HEALTH_TITLE: Record<string, string> = {
  degraded: "is failing to refresh (retrying)",
  needs_reauth: "needs reconnecting",
  config_error: "has a configuration error",
  exhausted: "gave up retrying",
};

export const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const providerName = (key: string) => findProvider(key)?.name ?? key;
const days = (ms: number) => Math.max(0, Math.round(ms / DAY));

/** Refresh failures: retrying (degraded) is a warning, a permanent failure is critical at once. */
async function refreshConditions(ctx: ServiceContext): Promise<AlertCondition[]> {
  const rows = await ctx.db.connection.findMany({
    where: { status: { not: "disconnected" }, health: { in: ["degraded", "needs_reauth", "config_error", "exhausted"] } },
    select: { id: true, workspaceId: true, label: true, providerKey: true, health: true, healthReason: true, environment: true },
  });
  return rows.map((c) => {
    const severity: AlertSeverity = PERMANENT.has(c.health) ? "critical" : "warning";
    return {
      workspaceId: c.workspaceId, rule: "refresh_failing", subject: `connection:${c.id}`, class: "refresh", severity, connectionId: c.id, credentialId: null,
      title: `${c.label} (${providerName(c.providerKey)}) ${HEALTH_TITLE[c.health] ?? "is failing"}`,
      body: c.healthReason ?? (severity === "critical" ? "Token refresh failed permanently; workflows using this connection will fail." : "Token refresh is failing; Authpulse keeps retrying with backoff."),
      fixPath: `/connections/${c.id}`,
      fields: [{ label: "Provider", value: providerName(c.providerKey) }, { label: "Health", value: c.health.replace("_", " ") }, { label: "Environment", value: c.environment }],
    };
  });
}

/** Repeated 403s on one connection within the last 15 minutes. */
async function permissionConditions(ctx: ServiceContext, now: Date): Promise<AlertCondition[]> {
  const since = new Date(now.getTime() - PERMISSION_WINDOW_MS);
  const groups = await ctx.db.authEvent.groupBy({
    by: ["connectionId"],
    where: { class: "permission", occurredAt: { gte: since }, connectionId: { not: null } },
    _count: { _all: true },
    _max: { occurredAt: true },
  });
  const hits = groups.filter((g) => g._count._all >= PERMISSION_THRESHOLD && g.connectionId);
  if (hits.length === 0) return [];
  const connections = await ctx.db.connection.findMany({ where: { id: { in: hits.map((h) => h.connectionId!) }, status: { not: "disconnected" } }, select: { id: true, workspaceId: true, label: true, providerKey: true } });
  return connections.map((c) => {
    const hit = hits.find((h) => h.connectionId === c.id)!;
    return {
      workspaceId: c.workspaceId, rule: "permission_denied", subject: `connection:${c.id}`, class: "permission", severity: "critical", connectionId: c.id, credentialId: null,
      title: `${c.label} (${providerName(c.providerKey)}) is being refused: repeated 403s`,
      body: `The provider answered 403 (permission denied) ${hit._count._all} times in the last 15 minutes. A scope or a permission of the authorizing user is probably missing.`,
      fixPath: `/connections/${c.id}`,
      fields: [{ label: "Provider", value: providerName(c.providerKey) }, { label: "403s in 15 min", value: String(hit._count._all) }, { label: "Last seen", value: utc(hit._max.occurredAt!) }],
      count: hit._count._all,
    };
  });
}

/** Connection hard deadlines and certificate (or typed) expiries within 7 days. */
async function deadlineConditions(ctx: ServiceContext, now: Date): Promise<AlertCondition[]> {
  const horizon = new Date(now.getTime() + DEADLINE_HORIZON_MS);
  const [connections, credentials] = await Promise.all([
    ctx.db.connection.findMany({ where: { status: { not: "disconnected" }, hardDeadlineAt: { lte: horizon } }, select: { id: true, workspaceId: true, label: true, providerKey: true, hardDeadlineAt: true } }),
    ctx.db.credential.findMany({ where: { deletedAt: null, expiresAt: { lte: horizon } }, select: { id: true, workspaceId: true, name: true, provider: true, method: true, expiresAt: true } }),
  ]);
  const fromConnections: AlertCondition[] = connections.map((c) => ({
    workspaceId: c.workspaceId, rule: "hard_deadline", subject: `connection:${c.id}`, class: "deadline", severity: "warning", connectionId: c.id, credentialId: null,
    title: `${c.label} (${providerName(c.providerKey)}) must be reconnected by ${utc(c.hardDeadlineAt!)}`,
    body: `No refresh can move this deadline (in ${days(c.hardDeadlineAt!.getTime() - now.getTime())} days). Reconnect before then, or workflows using it stop.`,
    fixPath: `/connections/${c.id}`,
    fields: [{ label: "Provider", value: providerName(c.providerKey) }, { label: "Deadline", value: utc(c.hardDeadlineAt!) }],
  }));
  const fromCredentials: AlertCondition[] = credentials.map((c) => {
    const cert = c.method === "mtls";
    return {
      workspaceId: c.workspaceId, rule: "hard_deadline", subject: `credential:${c.id}`, class: "deadline", severity: "warning", connectionId: null, credentialId: c.id,
      title: `${c.name} (${c.provider}) ${cert ? "certificate expires" : "expires"} ${utc(c.expiresAt!)}`,
      body: cert ? `The certificate's notAfter is in ${days(c.expiresAt!.getTime() - now.getTime())} days. Renew it and rotate the credential.` : `This credential expires in ${days(c.expiresAt!.getTime() - now.getTime())} days. Rotate it before then.`,
      fixPath: `/credentials/${c.id}/rotate`,
      fields: [{ label: "System", value: c.provider }, { label: "Expires", value: utc(c.expiresAt!) }],
    };
  });
  return [...fromConnections, ...fromCredentials];
}

/** One weekly digest per workspace listing every credential overdue for rotation (90 days, 30 when sensitive). */
async function rotationConditions(ctx: ServiceContext, now: Date): Promise<AlertCondition[]> {
  const rows = await ctx.db.credential.findMany({
    where: { deletedAt: null, method: { not: "track_only" } },
    select: { id: true, workspaceId: true, name: true, provider: true, sensitive: true, rotationIntervalDays: true, rotatedAt: true },
    orderBy: { rotatedAt: "asc" },
  });
  const overdue = new Map<string, { name: string; provider: string; age: number }[]>();
  for (const c of rows) {
    const interval = c.sensitive ? Math.min(c.rotationIntervalDays, SENSITIVE_ROTATION_DAYS) : c.rotationIntervalDays;
    const age = Math.floor((now.getTime() - c.rotatedAt.getTime()) / DAY);
    // Overdue once past the interval (day 91 of 90), as on the Rotation screen.
    if (age <= interval) continue;
    overdue.set(c.workspaceId, [...(overdue.get(c.workspaceId) ?? []), { name: c.name, provider: c.provider, age }]);
  }
  return [...overdue].map(([workspaceId, list]) => {
    const lines = list.slice(0, DIGEST_LIST_LIMIT).map((c) => `• ${c.name} (${c.provider}): ${c.age} days since rotation`);
    if (list.length > DIGEST_LIST_LIMIT) lines.push(`…and ${list.length - DIGEST_LIST_LIMIT} more`);
    return {
      workspaceId, rule: "rotation_overdue", subject: `workspace:${workspaceId}`, class: "digest", severity: "info", connectionId: null, credentialId: null,
      title: `${list.length} credential${list.length === 1 ? " is" : "s are"} overdue for rotation`,
      body: lines.join("\n"),
      fixPath: "/credentials",
      fields: [{ label: "Overdue", value: String(list.length) }, { label: "Oldest", value: `${list[0]!.age} days` }],
      count: list.length,
    };
  });
}

/** Every alert condition that holds now, across all workspaces. */
export async function loadAlertConditions(ctx: ServiceContext): Promise<AlertCondition[]> {
  const now = ctx.clock.now();
  const parts = await Promise.all([refreshConditions(ctx), permissionConditions(ctx, now), deadlineConditions(ctx, now), rotationConditions(ctx, now), webhookSignatureConditions(ctx, now), checklistDueConditions(ctx, now)]);
  return parts.flat();
}
