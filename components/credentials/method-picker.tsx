import Link from "next/link";
import { methodOptions, type FormMethod } from "./credential-form-fields";

/** The kinds of credential as links (shareable, keyboard reachable); the chosen one is marked in words too. */
export function MethodPicker({ selected }: { selected: FormMethod }) {
  return (
    <nav aria-label="Kind of credential" className="mb-6">
      <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {methodOptions.map((m) => {
          const current = m.value === selected;
          return (
            <li key={m.value}>
              <Link
                href={`/credentials/new?method=${m.value}`}
                aria-current={current ? "page" : undefined}
                className={`block rounded-lg border px-4 py-3 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500/40 ${current ? "border-indigo-500 bg-indigo-50 dark:border-indigo-400 dark:bg-indigo-950/60" : "border-zinc-300 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"}`}
              >
                <span className="font-medium text-zinc-900 dark:text-zinc-100">
                  {current && <span aria-hidden="true">✓ </span>}
                  {m.label}
                  {current && <span className="sr-only"> (selected)</span>}
                </span>
                <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">{m.hint}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
