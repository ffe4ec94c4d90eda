import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Jsonified } from "@/lib/jsonify";
import type { ConnectionView } from "@/lib/server/connect/connection-views";
import { ConnectionStatus } from "./connection-status";

export function ConnectionsTable({ connections, providerNames }: { connections: Jsonified<ConnectionView>[]; providerNames: Record<string, string> }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm" data-testid="connections-table">
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className="px-4 py-3 font-medium">Connection</th>
            <th className="px-4 py-3 font-medium">Status</th>
            <th className="px-4 py-3 font-medium">Authorized by</th>
            <th className="px-4 py-3 font-medium">Access token expires</th>
            <th className="px-4 py-3 font-medium">Scopes</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {connections.map((c) => (
            <tr key={c.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
              <td className="px-4 py-3">
                <Link href={`/connections/${c.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">{c.label}</Link>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">{providerNames[c.providerKey] ?? c.providerKey} · {c.environment}</p>
              </td>
              <td className="px-4 py-3"><ConnectionStatus status={c.status} /></td>
              <td className="px-4 py-3">{c.accountEmail ?? c.accountName ?? c.accountSubject ?? <span className="text-zinc-500">unknown</span>}</td>
              <td className="px-4 py-3">{c.status === "disconnected" ? "—" : <RelativeTime value={c.accessTokenExpiresAt} />}</td>
              <td className="px-4 py-3 tabular-nums">{c.grantedScopes.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
