import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill } from "@/components/ui/status-pill";
import { actionLabel, outcomeTone, shortUserAgent, targetTypeLabel } from "./audit-labels";

/** One audit entry as plain JSON for the table (allow-listed fields only, never a secret). */
export type AuditRow = {
  id: string;
  createdAt: string;
  action: string;
  actorName: string | null;
  actorEmail: string | null;
  isSystem: boolean;
  targetType: string | null;
  targetId: string | null;
  outcome: string | null;
  ip: string | null;
  userAgent: string | null;
};

const th = "px-4 py-3 font-medium";
const muted = <span className="text-zinc-500">—</span>;

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className={th}>When</th>
            <th className={th}>Who</th>
            <th className={th}>What</th>
            <th className={th}>Target</th>
            <th className={th}>Outcome</th>
            <th className={th}>IP</th>
            <th className={th}>User agent</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {rows.map((r) => (
            <tr key={r.id} className="align-top hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
              <td className="whitespace-nowrap px-4 py-3">
                <RelativeTime value={r.createdAt} />
                <p className="text-xs text-zinc-500 dark:text-zinc-400">{r.createdAt.slice(0, 16).replace("T", " ")} UTC</p>
              </td>
              <td className="px-4 py-3">
                {r.actorName ?? <span className="text-zinc-500">{r.isSystem ? "Authpulse (system or API key)" : "former member"}</span>}
                {r.actorEmail && <p className="text-xs text-zinc-500 dark:text-zinc-400">{r.actorEmail}</p>}
              </td>
              <td className="px-4 py-3">
                {actionLabel(r.action)}
                <p className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{r.action}</p>
              </td>
              <td className="px-4 py-3">
                {r.targetType ? targetTypeLabel(r.targetType) : muted}
                {r.targetId && <p className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{r.targetId}</p>}
              </td>
              <td className="px-4 py-3">{r.outcome ? <StatusPill tone={outcomeTone(r.outcome)}>{r.outcome}</StatusPill> : muted}</td>
              <td className="px-4 py-3 font-mono text-xs">{r.ip ?? muted}</td>
              <td className="max-w-40 truncate px-4 py-3 text-xs" title={r.userAgent ?? undefined}>{shortUserAgent(r.userAgent) ?? muted}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
