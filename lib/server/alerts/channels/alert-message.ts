import type { AlertField, AlertSeverity, NotificationKind } from "../alert-condition";

/** One message about one alert, the same for every channel kind. Everything in it is safe to send. */
export type AlertMessage = {
  /** Unique per message (Standard Webhooks `webhook-id`, e-mail Message-ID). */
  id: string;
  kind: NotificationKind;
  alertId: string | null;
  rule: string;
  severity: AlertSeverity;
  title: string;
  body: string;
  fields: AlertField[];
  /** Absolute link to the fix: NEXTAUTH_URL + fix path. */
  fixUrl: string;
  workspaceName: string;
  at: Date;
};

const KIND_PREFIX: Record<NotificationKind, string> = {
  opened: "",
  escalated: "Escalated: ",
  reminder: "Still open: ",
  digest: "Weekly digest: ",
  recovered: "Recovered: ",
  test: "Test: ",
};

/** The headline of a message, e.g. "Recovered: HubSpot prod needs reconnecting". */
export function headlineOf(message: Pick<AlertMessage, "kind" | "title">): string {
  return `${KIND_PREFIX[message.kind]}${message.title}`;
}

export const SEVERITY_LABEL: Record<AlertSeverity, string> = { info: "Info", warning: "Warning", critical: "Critical" };

/** The plain-text rendering (e-mail body, Slack fallback text). */
export function plainTextOf(message: AlertMessage): string {
  const lines = [headlineOf(message), "", message.body, ""];
  if (message.kind !== "recovered") lines.push(`Severity: ${SEVERITY_LABEL[message.severity]}`);
  for (const f of message.fields) lines.push(`${f.label}: ${f.value}`);
  lines.push(`Workspace: ${message.workspaceName}`, "", `Fix it: ${message.fixUrl}`);
  return lines.join("\n");
}
