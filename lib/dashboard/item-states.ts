import { DAY } from "@/lib/clock";
import type { DeadlineItem } from "./deadlines";

// The Overview's five counts: each connection and credential is in exactly one state, the most
// urgent that applies, so the counts add up to the total and a count links to a list.

export const ITEM_STATES = ["needs_reauth", "erroring", "expiring", "dormant", "healthy"] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const stateLabels: Record<ItemState, { text: string; hint: string; tone: "ok" | "warn" | "bad" | "neutral" }> = {
  needs_reauth: { text: "Needs reconnect", hint: "The provider refuses the grant: someone must reconnect.", tone: "bad" },
  erroring: { text: "Erroring", hint: "Auth errors in the last 24 h, failing refreshes, or expired.", tone: "bad" },
  expiring: { text: "Expiring soon", hint: "A deadline within 7 days: reconnect, rotate or renew.", tone: "warn" },
  dormant: { text: "Dormant", hint: "No successful use or refresh in 30 days.", tone: "neutral" },
  healthy: { text: "Healthy", hint: "Nothing to do.", tone: "ok" },
};

export const DORMANT_DAYS = 30;
export const EXPIRING_DAYS = 7;
const ERRORING_HEALTH = new Set(["degraded", "config_error", "exhausted"]);

export type ConnectionStateInput = {
  status: string;
  health: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastRefreshedAt: Date | null;
  /** Auth errors (not successes) recorded in the last 24 h. */
  errors24h: number;
};

export type CredentialStateInput = { createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null };

function isDormant(createdAt: Date, lastActivity: (Date | null)[], now: Date): boolean {
  const cutoff = now.getTime() - DORMANT_DAYS * DAY;
  if (createdAt.getTime() > cutoff) return false;
  return !lastActivity.some((d) => d !== null && d.getTime() > cutoff);
}

const expiresSoon = (deadlines: DeadlineItem[], now: Date) => deadlines.some((d) => new Date(d.at).getTime() <= now.getTime() + EXPIRING_DAYS * DAY);

/** One connection's state; `deadlines` are its items from connectionDeadlines. */
export function connectionState(c: ConnectionStateInput, deadlines: DeadlineItem[], now: Date): ItemState {
  if (c.health === "needs_reauth" || c.status === "needs_reauth") return "needs_reauth";
  if (ERRORING_HEALTH.has(c.health) || c.status === "error" || c.errors24h > 0) return "erroring";
  if (expiresSoon(deadlines, now)) return "expiring";
  if (isDormant(c.createdAt, [c.lastUsedAt, c.lastRefreshedAt], now)) return "dormant";
  return "healthy";
}

/** One credential's state: an expired one is erroring; a due rotation or expiry within 7 days is expiring. */
export function credentialState(c: CredentialStateInput, deadlines: DeadlineItem[], now: Date): ItemState {
  if (c.expiresAt && c.expiresAt.getTime() <= now.getTime()) return "erroring";
  if (expiresSoon(deadlines, now)) return "expiring";
  if (isDormant(c.createdAt, [c.lastUsedAt], now)) return "dormant";
  return "healthy";
}

export type StateCounts = Record<ItemState, number>;

export function emptyCounts(): StateCounts {
  return { needs_reauth: 0, erroring: 0, expiring: 0, dormant: 0, healthy: 0 };
}

export function isItemState(value: unknown): value is ItemState {
  return typeof value === "string" && (ITEM_STATES as readonly string[]).includes(value);
}

/** The sentence the Overview leads with, from the integrations with a deadline this week and those already broken. */
export function breakingHeadline(breaking: number, broken: number): string {
  if (breaking === 0) return "Nothing breaks this week";
  const base = `${breaking} integration${breaking === 1 ? "" : "s"} break${breaking === 1 ? "s" : ""} this week`;
  return broken > 0 ? `${base} (${broken} already broken)` : base;
}
