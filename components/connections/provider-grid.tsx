import Link from "next/link";
import { StatusPill } from "@/components/ui/status-pill";

export type ProviderCard = { key: string; name: string; category: string; isDemo: boolean; hasApp: boolean };

export function ProviderGrid({ providers }: { providers: ProviderCard[] }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="provider-grid">
      {providers.map((p) => (
        <li key={p.key}>
          <Link
            href={`/connections/new/${p.key}`}
            className={`flex h-full flex-col rounded-xl border bg-white p-4 shadow-sm transition hover:border-indigo-400 hover:shadow dark:bg-zinc-900 ${p.isDemo ? "border-indigo-300 dark:border-indigo-800" : "border-zinc-200 dark:border-zinc-800"}`}
          >
            <span className="flex items-center justify-between gap-2">
              <span className="font-medium">{p.name}</span>
              {p.isDemo && <StatusPill tone="neutral">Demo</StatusPill>}
            </span>
            <span className="mt-1 text-xs capitalize text-zinc-500 dark:text-zinc-400">{p.category}</span>
            <span className="mt-3 text-xs">{p.hasApp ? <StatusPill tone="ok">OAuth app registered</StatusPill> : <span className="text-zinc-600 dark:text-zinc-400">Needs your OAuth app</span>}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
