import { DAY, MINUTE } from "@/lib/clock";

/** The alert rules (issue 7, seed 000's severity rules). A successful refresh only logs: it has no rule. */
export type AlertRule = "refresh_failing" | "permission_denied" | "hard_deadline" | "rotation_overdue" | "webhook_signatures" | "checklist_due";
export type AlertSeverity = "info" | "warning" | "critical";
/** What a message to the channels says: a new alert, a reminder, a weekly digest, a recovery, or a test. */
export type NotificationKind = "opened" | "escalated" | "reminder" | "digest" | "recovered" | "test";

/** A label/value pair shown in Slack fields, the webhook payload and the e-mail. Never secret. */
export type AlertField = { label: string; value: string };

/**
 * One condition that holds right now, found by the condition queries. Deduplicated by
 * (rule, subject, class): `dedupeKey` below. Titles and bodies are fixed sentences built from
 * labels and our own reasons, never provider-supplied text or secrets.
 */
export type AlertCondition = {
  workspaceId: string;
  rule: AlertRule;
  /** "connection:<id>", "credential:<id>" or "workspace:<id>" (digests). */
  subject: string;
  /** The failure family within the rule (e.g. "refresh", "permission", "deadline", "digest"). */
  class: string;
  severity: AlertSeverity;
  connectionId: string | null;
  credentialId: string | null;
  title: string;
  body: string;
  fixPath: string;
  fields: AlertField[];
  /** Event-counting rules: how many events the window holds (occurrences never go down within an episode). */
  count?: number;
};

export function dedupeKeyOf(c: Pick<AlertCondition, "rule" | "subject" | "class">): string {
  return `${c.rule}|${c.subject}|${c.class}`;
}

export function activeKeyOf(workspaceId: string, dedupeKey: string): string {
  return `${workspaceId}|${dedupeKey}`;
}

export type AlertPolicy = {
  /** Hysteresis: a condition must stay clear this long before its alert resolves (and "recovered" is sent). */
  clearMs: number;
  /** Cool-down between messages about one open, unacknowledged alert, per rule. */
  remindEveryMs: Record<AlertRule, number>;
};

export const DEFAULT_CLEAR_MS = 5 * MINUTE;

export function defaultAlertPolicy(clearMs = DEFAULT_CLEAR_MS): AlertPolicy {
  return {
    clearMs,
    remindEveryMs: {
      refresh_failing: DAY,
      permission_denied: DAY,
      // "daily warning": at most one message a day per deadline.
      hard_deadline: DAY,
      // "weekly digest": one message a week listing every overdue credential.
      rotation_overdue: 7 * DAY,
      webhook_signatures: DAY,
      // the monthly review: one reminder a week until the month's run is signed off
      checklist_due: 7 * DAY,
    },
  };
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

export function isEscalation(from: AlertSeverity, to: AlertSeverity): boolean {
  return SEVERITY_RANK[to] > SEVERITY_RANK[from];
}
