import Link from "next/link";
import { ITEM_STATES, stateLabels, type ItemState, type StateCounts as Counts } from "@/lib/dashboard/item-states";

const ring: Record<string, string> = {
  bad: "border-red-300 dark:border-red-900",
  warn: "border-amber-300 dark:border-amber-900",
  ok: "border-emerald-300 dark:border-emerald-900",
  neutral: "border-zinc-200 dark:border-zinc-700",
};
const glyph: Record<string, string> = { bad: "✕", warn: "▲", ok: "●", neutral: "○" };

type Props = { connections: Counts; credentials: Counts; hrefFor: (state: ItemState) => string; selected: ItemState | null };
type Row = { label: string; counts: Counts };

/** One linked count; `testPrefix` tells the wide and the phone layout apart. */
function CountLink({ row, state, hrefFor, selected, testPrefix }: { row: Row; state: ItemState; testPrefix: string } & Pick<Props, "hrefFor" | "selected">) {
  const n = row.counts[state];
  const tone = n > 0 ? stateLabels[state].tone : "neutral";
  return (
    <Link href={hrefFor(state)} scroll={false} data-testid={`${testPrefix}-${row.label.toLowerCase()}-${state}`} aria-label={`${n} ${row.label.toLowerCase()} ${stateLabels[state].text.toLowerCase()}`} aria-current={selected === state ? "true" : undefined} className={`block rounded-lg border px-3 py-2 text-2xl font-semibold tabular-nums hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800 ${ring[tone]} ${selected === state ? "bg-zinc-100 dark:bg-zinc-800" : ""} ${n === 0 ? "text-zinc-400 dark:text-zinc-600" : "text-zinc-900 dark:text-zinc-50"}`}>
      {n}
    </Link>
  );
}

function StateName({ state }: { state: ItemState }) {
  return (
    <>
      <span aria-hidden="true" className="mr-1">{glyph[stateLabels[state].tone]}</span>
      {stateLabels[state].text}
    </>
  );
}

/**
 * Counts per state, each opening its list. Wide screens: a row per kind (connections, credentials)
 * and a column per state. Phones: a row per state and a column per kind, so nothing scrolls sideways.
 */
export function StateCounts({ connections, credentials, hrefFor, selected }: Props) {
  const rows: Row[] = [
    { label: "Connections", counts: connections },
    { label: "Credentials", counts: credentials },
  ];
  const caption = <caption className="sr-only">Connections and credentials by state; each count opens the list.</caption>;
  return (
    <>
      <table className="hidden w-full border-separate border-spacing-2 text-sm sm:table" data-testid="state-counts">
        {caption}
        <thead>
          <tr>
            <th scope="col" className="text-left font-medium text-zinc-500 dark:text-zinc-400"><span className="sr-only">Kind</span></th>
            {ITEM_STATES.map((state) => (
              <th key={state} scope="col" className="text-left text-xs font-medium text-zinc-600 dark:text-zinc-300" title={stateLabels[state].hint}>
                <StateName state={state} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row" className="pr-2 text-left font-medium text-zinc-700 dark:text-zinc-200">{row.label}</th>
              {ITEM_STATES.map((state) => (
                <td key={state} className="p-0">
                  <CountLink row={row} state={state} hrefFor={hrefFor} selected={selected} testPrefix="count" />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <table className="w-full border-separate border-spacing-2 text-sm sm:hidden" data-testid="state-counts-phone">
        {caption}
        <thead>
          <tr>
            <th scope="col"><span className="sr-only">State</span></th>
            {rows.map((row) => (
              <th key={row.label} scope="col" className="text-left text-xs font-medium text-zinc-600 dark:text-zinc-300">{row.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ITEM_STATES.map((state) => (
            <tr key={state}>
              <th scope="row" className="pr-1 text-left text-xs font-medium text-zinc-700 dark:text-zinc-200" title={stateLabels[state].hint}>
                <StateName state={state} />
              </th>
              {rows.map((row) => (
                <td key={row.label} className="p-0">
                  <CountLink row={row} state={state} hrefFor={hrefFor} selected={selected} testPrefix="phone-count" />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
