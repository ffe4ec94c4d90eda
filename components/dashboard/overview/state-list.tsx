import Link from "next/link";
import { Card } from "@/components/ui/card";
import { stateLabels, type ItemState } from "@/lib/dashboard/item-states";

export type StateListRow = { type: "connection" | "credential"; id: string; name: string; provider: string; environment: string; reason: string; href: string };

/** The connections and credentials behind one count. */
export function StateList({ state, total, items, providerNames, closeHref }: { state: ItemState; total: number; items: StateListRow[]; providerNames: Record<string, string>; closeHref: string }) {
  return (
    <div id="state-list" className="scroll-mt-6">
      <Card title={`${stateLabels[state].text}: ${total}`} description={stateLabels[state].hint} actions={<Link href={closeHref} scroll={false} className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">Close list</Link>}>
        {items.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing is in this state.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="state-list">
              <thead className="text-xs text-zinc-500 dark:text-zinc-400">
                <tr><th scope="col" className="py-2 pr-4 font-medium">Name</th><th scope="col" className="py-2 pr-4 font-medium">Provider</th><th scope="col" className="py-2 pr-4 font-medium">Why</th></tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {items.map((item) => (
                  <tr key={`${item.type}:${item.id}`}>
                    <td className="py-2 pr-4"><Link href={item.href} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">{item.name}</Link> <span className="text-xs text-zinc-500">{item.type}</span></td>
                    <td className="py-2 pr-4">{providerNames[item.provider] ?? item.provider}{item.environment !== "prod" ? ` · ${item.environment}` : ""}</td>
                    <td className="py-2 pr-4 text-zinc-700 dark:text-zinc-300">{item.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {total > items.length && <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">Showing the first {items.length} of {total}, by name. Narrow the list with the filters.</p>}
          </div>
        )}
      </Card>
    </div>
  );
}
