import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill } from "@/components/ui/status-pill";
import { methodLabel } from "./credential-form-fields";
import { secretHintText, type CredentialRow } from "./credential-row";
import { RotationAge } from "./rotation-age";

const th = "px-4 py-3 font-medium";

export function CredentialsTable({ credentials }: { credentials: CredentialRow[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm" data-testid="credentials-table">
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className={th}>Credential</th>
            <th className={th}>Method</th>
            <th className={th}>Environment</th>
            <th className={th}>Owner</th>
            <th className={th}>Workflows</th>
            <th className={th}>Secret</th>
            <th className={th}>Rotation age</th>
            <th className={th}>Expires</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {credentials.map((c) => (
            <tr key={c.id} className="align-top hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
              <td className="px-4 py-3">
                <Link href={`/credentials/${c.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">{c.name}</Link>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">
                  {c.provider}
                  {c.sensitive && " · sensitive"}
                </p>
              </td>
              <td className="px-4 py-3">{methodLabel(c.method)}</td>
              <td className="px-4 py-3">{c.environment}</td>
              <td className="px-4 py-3">{c.ownerName ?? <span className="text-zinc-500">no owner</span>}</td>
              <td className="px-4 py-3">{c.workflows.length > 0 ? c.workflows.join(", ") : <span className="text-zinc-500">—</span>}</td>
              <td className="px-4 py-3 font-mono text-xs">{secretHintText(c.prefix, c.last4) ?? <span className="font-sans text-zinc-500">{c.method === "track_only" ? "kept elsewhere" : "hidden"}</span>}</td>
              <td className="px-4 py-3">
                <RotationAge ageDays={c.rotationAgeDays} intervalDays={c.rotationIntervalDays} overdue={c.isRotationOverdue} />
                {c.overlapEndsAt && (
                  <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                    old secret valid until <RelativeTime value={c.overlapEndsAt} />
                  </p>
                )}
              </td>
              <td className="px-4 py-3">{c.expiresAt ? c.isExpired ? <StatusPill tone="bad">expired <RelativeTime value={c.expiresAt} /></StatusPill> : <RelativeTime value={c.expiresAt} /> : <span className="text-zinc-500">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
