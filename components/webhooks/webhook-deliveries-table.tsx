import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill } from "@/components/ui/status-pill";
import { deliveryOutcomeLabels } from "./delivery-outcome";

export type DeliveryRow = { id: string; receivedAt: string; outcome: string; eventId: string | null; bodySize: number; secretVersion: number | null; body: string | null; bodyTruncated: boolean };

const size = (bytes: number) => (bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`);

/** The kept deliveries of one source, newest first; verified bodies expand for admins. */
export function WebhookDeliveriesTable({ rows }: { rows: DeliveryRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">No deliveries yet. Send a test event from the sender&apos;s dashboard.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[36rem] text-left text-sm">
        <caption className="sr-only">Recent deliveries</caption>
        <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">Received</th>
            <th scope="col" className="py-2 pr-3 font-medium">Outcome</th>
            <th scope="col" className="py-2 pr-3 font-medium">Event id</th>
            <th scope="col" className="py-2 pr-3 font-medium">Size</th>
            <th scope="col" className="py-2 font-medium">Secret</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((row) => {
            const label = deliveryOutcomeLabels[row.outcome] ?? { tone: "neutral" as const, text: row.outcome };
            return (
              <tr key={row.id} data-testid="webhook-delivery" data-outcome={row.outcome} className="align-top">
                <td className="py-2 pr-3 whitespace-nowrap">
                  <RelativeTime value={row.receivedAt} />
                  <span className="block text-xs text-zinc-500">{new Date(row.receivedAt).toISOString().replace("T", " ").slice(0, 19)} UTC</span>
                </td>
                <td className="py-2 pr-3"><StatusPill tone={label.tone}>{label.text}</StatusPill></td>
                <td className="py-2 pr-3">
                  <span className="font-mono text-xs">{row.eventId ?? "—"}</span>
                  {row.body !== null && (
                    <details className="mt-1">
                      <summary className="cursor-pointer text-xs text-indigo-600 dark:text-indigo-400">Show body{row.bodyTruncated ? " (first 64 KB)" : ""}</summary>
                      <pre className="mt-1 max-h-64 max-w-xl overflow-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-950">{row.body}</pre>
                    </details>
                  )}
                </td>
                <td className="py-2 pr-3 whitespace-nowrap">{size(row.bodySize)}</td>
                <td className="py-2 whitespace-nowrap">{row.secretVersion === null ? "—" : `version ${row.secretVersion}`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
