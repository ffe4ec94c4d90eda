import Link from "next/link";
import { ITEM_STATES, stateLabels, type ItemState, type StateCounts as Counts } from "@/lib/dashboard/item-states";

const ring: Record<string, string> = {
  bad: "border-red-300 dark:border-red-900",
  warn: "border-amber-300 dark:border-amber-900",
  ok: "border-emerald-300 dark:border-emerald-900",
  neutral: "border-zinc-200 dark:border-zinc-700",
};
const glyph: Record<string, string> = { bad: "✕", warn: "▲", ok: "●", neutral: "○" };

/** Counts per state as a table: a row per kind (connections, credentials), a linked cell per state. */
export function StateCounts({ connections, credentials, hrefFor, selected }: { connections: Counts; credentials: Counts; hrefFor: (state: ItemState) => string; selected: ItemState | null }) {
  const rows = [
    { label: "Connections", counts: connections },
    { label: "Credentials", counts: credentials },
  ];
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[36rem] border-separate border-spacing-2 text-sm" data-testid="state-counts">
        <caption className="sr-only">Connections and credentials by state; each count opens the list.</caption>
        <thead>
          <tr>
            <th scope="col" className="text-left font-medium text-zinc-500 dark:text-zinc-400"><span className="sr-only">Kind</span></th>
            {ITEM_STATES.map((state) => (
              <th key={state} scope="col" className="text-left text-xs font-medium text-zinc-600 dark:text-zinc-300" title={stateLabels[state].hint}>
                <span aria-hidden="true" className="mr-1">{glyph[stateLabels[state].tone]}</span>{stateLabels[state].text}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row" className="pr-2 text-left font-medium text-zinc-700 dark:text-zinc-200">{row.label}</th>
              {ITEM_STATES.map((state) => {
                const n = row.counts[state];
                const tone = n > 0 ? stateLabels[state].tone : "neutral";
                return (
                  <td key={state} className="p-0">
                    <Link href={hrefFor(state)} scroll={false} data-testid={`count-${row.label.toLowerCase()}-${state}`} aria-label={`${n} ${row.label.toLowerCase()} ${stateLabels[state].text.toLowerCase()}`} aria-current={selected === state ? "true" : undefined} className={`block rounded-lg border px-3 py-2 text-2xl font-semibold tabular-nums hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800 ${ring[tone]} ${selected === state ? "bg-zinc-100 dark:bg-zinc-800" : ""} ${n === 0 ? "text-zinc-400 dark:text-zinc-600" : "text-zinc-900 dark:text-zinc-50"}`}>
                      {n}
                    </Link>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
