import { StatusPill } from "@/components/ui/status-pill";
import { rotationAgeText } from "./credential-row";

/** The rotation age against the interval; overdue is flagged with a glyph and words, not only colour. */
export function RotationAge({ ageDays, intervalDays, overdue }: { ageDays: number; intervalDays: number; overdue: boolean }) {
  const text = rotationAgeText(ageDays, intervalDays, overdue);
  if (overdue) return <StatusPill tone="bad">{text}</StatusPill>;
  const dueSoon = intervalDays - ageDays <= 7;
  return dueSoon ? <StatusPill tone="warn">{`${text}, due soon`}</StatusPill> : <span className="tabular-nums">{text}</span>;
}
