// The alert history's filters, read from and written to the URL so a filtered view can be shared.

export const ALERT_STATES = ["active", "open", "acknowledged", "resolved", "all"] as const;
export const ALERT_SEVERITIES = ["critical", "warning", "info"] as const;
export const ALERT_RULES = ["refresh_failing", "permission_denied", "hard_deadline", "rotation_overdue", "webhook_signatures", "checklist_due"] as const;

export type AlertListQuery = {
  state: (typeof ALERT_STATES)[number];
  severity: (typeof ALERT_SEVERITIES)[number] | null;
  rule: (typeof ALERT_RULES)[number] | null;
};

export const RULE_LABELS: Record<(typeof ALERT_RULES)[number], string> = {
  refresh_failing: "Refresh failing",
  permission_denied: "Repeated 403s",
  hard_deadline: "Deadline within 7 days",
  rotation_overdue: "Rotation overdue (weekly digest)",
  webhook_signatures: "Webhook signatures refused",
  checklist_due: "Monthly review due",
};

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const pick = <T extends string>(allowed: readonly T[], value: string | undefined): T | null => (value && (allowed as readonly string[]).includes(value) ? (value as T) : null);

/** Reads the filters; unknown values fall back to the default view (active alerts, every severity and rule). */
export function readAlertListQuery(params: Params): AlertListQuery {
  return { state: pick(ALERT_STATES, one(params.state)) ?? "active", severity: pick(ALERT_SEVERITIES, one(params.severity)), rule: pick(ALERT_RULES, one(params.rule)) };
}

/** The query string of a view ("" for the default), with optional extra parameters (e.g. format=csv). */
export function alertListSearch(query: AlertListQuery, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams();
  if (query.state !== "active") search.set("state", query.state);
  if (query.severity) search.set("severity", query.severity);
  if (query.rule) search.set("rule", query.rule);
  for (const [k, v] of Object.entries(extra)) search.set(k, v);
  const text = search.toString();
  return text ? `?${text}` : "";
}
