import { activeKeyOf, dedupeKeyOf, isEscalation, type AlertCondition, type AlertPolicy, type AlertRule, type AlertSeverity, type NotificationKind } from "./alert-condition";

/** What the planner needs to know about an alert that is open or acknowledged. */
export type LiveAlert = {
  id: string;
  workspaceId: string;
  rule: string;
  dedupeKey: string;
  severity: AlertSeverity;
  state: "open" | "acknowledged";
  occurrences: number;
  lastNotifiedAt: Date | null;
  clearSince: Date | null;
  snoozedUntil: Date | null;
};

export type AlertStep =
  | { type: "open"; condition: AlertCondition; notify: NotificationKind }
  | { type: "update"; alertId: string; condition: AlertCondition; occurrences: number; reappeared: boolean; notify: NotificationKind | null }
  | { type: "clearing"; alertId: string; clearSince: Date }
  | { type: "resolve"; alertId: string; notify: NotificationKind | null };

const isSnoozed = (alert: LiveAlert, now: Date) => alert.snoozedUntil !== null && alert.snoozedUntil.getTime() > now.getTime();
const regularKind = (rule: string): NotificationKind => (rule === "rotation_overdue" ? "digest" : "reminder");

/**
 * Which message (if any) an alert whose condition still holds gets now. Snooze silences everything
 * until it ends; the first message, then an escalation (warning → critical), go out at once; an
 * acknowledged alert gets no reminders; otherwise one reminder per cool-down (daily, weekly digest).
 */
function notificationFor(alert: LiveAlert, condition: AlertCondition, now: Date, policy: AlertPolicy): NotificationKind | null {
  if (isSnoozed(alert, now)) return null;
  if (alert.lastNotifiedAt === null) return condition.rule === "rotation_overdue" ? "digest" : "opened";
  if (isEscalation(alert.severity, condition.severity)) return "escalated";
  if (alert.state === "acknowledged") return null;
  const cooldown = policy.remindEveryMs[condition.rule as AlertRule] ?? policy.remindEveryMs.refresh_failing;
  return now.getTime() - alert.lastNotifiedAt.getTime() >= cooldown ? regularKind(condition.rule) : null;
}

/**
 * The alert engine, pure: given the conditions that hold now and the live alerts, decides what to
 * open, update, start clearing, resolve, and which of those send a message. Deduplicated by
 * (rule, subject, class) per workspace; hysteresis: a condition must stay clear `policy.clearMs`
 * before its alert resolves, and a condition that comes back meanwhile only counts an occurrence.
 */
export function planAlerts(input: { now: Date; policy: AlertPolicy; conditions: readonly AlertCondition[]; alerts: readonly LiveAlert[] }): AlertStep[] {
  const { now, policy } = input;
  const live = new Map(input.alerts.map((a) => [activeKeyOf(a.workspaceId, a.dedupeKey), a]));
  const seen = new Set<string>();
  const steps: AlertStep[] = [];

  for (const condition of input.conditions) {
    const key = activeKeyOf(condition.workspaceId, dedupeKeyOf(condition));
    if (seen.has(key)) continue;
    seen.add(key);
    const alert = live.get(key);
    if (!alert) {
      steps.push({ type: "open", condition, notify: condition.rule === "rotation_overdue" ? "digest" : "opened" });
      continue;
    }
    const reappeared = alert.clearSince !== null;
    const occurrences = condition.count !== undefined ? Math.max(alert.occurrences, condition.count) : alert.occurrences + (reappeared ? 1 : 0);
    steps.push({ type: "update", alertId: alert.id, condition, occurrences, reappeared, notify: notificationFor(alert, condition, now, policy) });
  }

  for (const [key, alert] of live) {
    if (seen.has(key)) continue;
    if (alert.clearSince === null) {
      steps.push({ type: "clearing", alertId: alert.id, clearSince: now });
    } else if (now.getTime() - alert.clearSince.getTime() >= policy.clearMs) {
      // "Recovered" goes only where the problem was announced; an alert nobody heard of resolves quietly.
      steps.push({ type: "resolve", alertId: alert.id, notify: alert.lastNotifiedAt ? "recovered" : null });
    }
  }
  return steps;
}
