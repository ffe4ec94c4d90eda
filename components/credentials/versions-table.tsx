import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill, type Tone } from "@/components/ui/status-pill";
import { secretHintText } from "./credential-row";

export type VersionRow = { version: number; state: "active" | "overlap" | "retired"; prefix: string | null; last4: string | null; createdBy: string | null; createdAt: string; overlapEndsAt: string | null; retiredAt: string | null };

const stateLabels: Record<VersionRow["state"], { tone: Tone; text: string }> = {
  active: { tone: "ok", text: "active" },
  overlap: { tone: "warn", text: "overlap (still valid)" },
  retired: { tone: "neutral", text: "retired" },
};

/** Every version of the secret, newest first: which one is in use, which one is still valid, and when each ends. */
export function VersionsTable({ versions }: { versions: VersionRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="versions-table">
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className="py-2 pr-4 font-medium">Version</th>
            <th className="py-2 pr-4 font-medium">State</th>
            <th className="py-2 pr-4 font-medium">Secret</th>
            <th className="py-2 pr-4 font-medium">Created</th>
            <th className="py-2 font-medium">Overlap ends / retired</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {versions.map((v) => (
            <tr key={v.version}>
              <td className="py-2 pr-4 tabular-nums">v{v.version}</td>
              <td className="py-2 pr-4"><StatusPill tone={stateLabels[v.state].tone}>{stateLabels[v.state].text}</StatusPill></td>
              <td className="py-2 pr-4 font-mono text-xs">{secretHintText(v.prefix, v.last4) ?? <span className="font-sans text-zinc-500">—</span>}</td>
              <td className="py-2 pr-4">
                <RelativeTime value={v.createdAt} />
                {v.createdBy && <span className="block text-xs text-zinc-500 dark:text-zinc-400">by {v.createdBy}</span>}
              </td>
              <td className="py-2">
                {v.state === "overlap" && v.overlapEndsAt ? <>valid until <RelativeTime value={v.overlapEndsAt} /></> : v.retiredAt ? <>retired <RelativeTime value={v.retiredAt} /></> : <span className="text-zinc-500">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
