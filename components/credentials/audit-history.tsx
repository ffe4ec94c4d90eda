import { RelativeTime } from "@/components/ui/relative-time";

export type HistoryRow = { id: string; action: string; actorName: string | null; createdAt: string; details: Record<string, string | number | boolean | null> };

/** What happened, in words, from the allow-listed audit details. */
export function describeAuditEntry(entry: Pick<HistoryRow, "action" | "details">): string {
  const d = entry.details;
  switch (entry.action) {
    case "credential.created":
      // an imported key records when it was last rotated before it came to Authpulse
      return `Created (version ${d.version ?? 1}${d.sensitive ? ", sensitive" : ""}${typeof d.lastRotatedAt === "string" ? `; last rotated on ${d.lastRotatedAt.slice(0, 10)}` : ""})`;
    case "credential.rotated":
      return d.overlapHours ? `Rotated to version ${d.version}; version ${d.previousVersion} stays valid for ${d.overlapHours} h` : `Rotated to version ${d.version}`;
    case "credential.deleted":
      return `Deleted; ${d.versionsRetired ?? 0} version(s) retired`;
    case "credential.viewed":
      return "Viewed the detail page";
    case "credential.overlap_retired":
      return `Version ${d.version ?? "?"} retired after its overlap window`;
    case "credential.secret_read":
      return `Secret read for use${d.via ? ` (via ${d.via})` : ""}`;
    default:
      return entry.action.replace(/^credential\./, "").replace(/_/g, " ");
  }
}

/** The credential's audit history, newest first; page views are summed up instead of listed. */
export function AuditHistory({ entries }: { entries: HistoryRow[] }) {
  const changes = entries.filter((e) => e.action !== "credential.viewed");
  const views = entries.filter((e) => e.action === "credential.viewed");
  const lastView = views[0];
  return (
    <div className="space-y-3 text-sm">
      {changes.length === 0 ? (
        <p className="text-zinc-500 dark:text-zinc-400">No changes recorded yet.</p>
      ) : (
        <ol className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="credential-history">
          {changes.map((e) => (
            <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
              <span>
                {describeAuditEntry(e)} <span className="text-zinc-500 dark:text-zinc-400">by {e.actorName ?? "Authpulse"}</span>
              </span>
              <RelativeTime value={e.createdAt} />
            </li>
          ))}
        </ol>
      )}
      {lastView && (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Detail page viewed {views.length} time{views.length === 1 ? "" : "s"} in this history; last by {lastView.actorName ?? "Authpulse"} <RelativeTime value={lastView.createdAt} />.
        </p>
      )}
    </div>
  );
}
