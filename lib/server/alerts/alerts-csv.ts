import "server-only";
import type { CsvTable } from "../dashboard/dashboard-route";
import type { AlertView } from "./manage-alerts";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The alert history as CSV: one row per alert with its delivery counts. */
export function alertsCsv(result: { alerts: AlertView[] }): CsvTable {
  return {
    filename: "alerts",
    columns: ["id", "state", "severity", "rule", "title", "occurrences", "first_seen", "last_seen", "acknowledged_at", "acknowledged_by", "snoozed_until", "resolved_at", "messages_delivered", "messages_failed", "fix_path"],
    rows: result.alerts.map((a) => [a.id, a.state, a.severity, a.rule, a.title, a.occurrences, iso(a.firstSeenAt), iso(a.lastSeenAt), iso(a.acknowledgedAt), a.acknowledgedBy, iso(a.snoozedUntil), iso(a.resolvedAt), a.deliveries.filter((d) => d.ok).length, a.deliveries.filter((d) => !d.ok).length, a.fixPath]),
  };
}
