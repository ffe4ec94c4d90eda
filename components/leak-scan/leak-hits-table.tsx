import Link from "next/link";
import { StatusPill } from "@/components/ui/status-pill";

export type LeakHitRow = { path: string; kind: string; severity: string; label: string; preview: string | null; credentialId: string | null };

const tone = (severity: string) => (severity === "critical" ? "bad" : severity === "high" ? "warn" : "neutral");

/** Hits of one scan: where in the file, what it is, and what to do. */
export function LeakHitsTable({ hits }: { hits: LeakHitRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <caption className="sr-only">Secrets found in the file</caption>
        <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">Severity</th>
            <th scope="col" className="py-2 pr-3 font-medium">Where in the file</th>
            <th scope="col" className="py-2 pr-3 font-medium">What</th>
            <th scope="col" className="py-2 font-medium">Fix</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {hits.map((hit, i) => (
            <tr key={`${hit.path}-${i}`} data-testid="leak-hit" data-kind={hit.kind} className="align-top">
              <td className="py-2 pr-3"><StatusPill tone={tone(hit.severity)}>{hit.severity}</StatusPill></td>
              <td className="py-2 pr-3"><code className="break-all font-mono text-xs">{hit.path}</code></td>
              <td className="py-2 pr-3">
                {hit.label}
                {hit.preview && <span className="ml-2 font-mono text-xs text-zinc-500">{hit.preview}</span>}
              </td>
              <td className="py-2">
                {hit.credentialId ? (
                  <Link href={`/credentials/${hit.credentialId}/rotate`} className="text-indigo-600 hover:underline dark:text-indigo-400">Rotate it, then fetch it from Authpulse</Link>
                ) : (
                  <span className="text-zinc-600 dark:text-zinc-400">Revoke it at the vendor, store the new one in Credentials</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
