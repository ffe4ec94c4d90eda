import "server-only";
import type { AuditListEntry } from "./list-audit";

/** Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection), plus tab and CR. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula-looking text is prefixed with ' and the cell is quoted per RFC 4180 when needed. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, terminated by CRLF as RFC 4180 asks. */
export function csvRow(values: (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

export const AUDIT_CSV_COLUMNS = ["time", "actor_email", "action", "target_type", "target_id", "outcome", "ip", "user_agent", "details"] as const;

/** One audit entry as a CSV record (details as JSON of the allow-listed fields). */
export function auditCsvRow(entry: AuditListEntry): string {
  return csvRow([entry.createdAt.toISOString(), entry.actorEmail, entry.action, entry.targetType, entry.targetId, entry.outcome, entry.ip, entry.userAgent, JSON.stringify(entry.details)]);
}

/** The closing note when an export stopped at its cap. */
export function cappedNoteRow(max: number): string {
  return csvRow([`# Export stopped at ${max} rows; narrow the filters (date range) to export the rest.`]);
}
