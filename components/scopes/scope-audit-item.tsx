import Link from "next/link";
import { ScopeDiff } from "@/components/connections/scope-diff";
import { StatusPill } from "@/components/ui/status-pill";
import type { ScopeAuditJson } from "@/lib/queries/use-scope-audit";

type Item = ScopeAuditJson["items"][number];

const link = "font-medium text-indigo-700 hover:underline dark:text-indigo-300";

function Finding({ status }: { status: Item["assessment"]["status"] }) {
  switch (status) {
    case "over_and_missing":
      return <span className="inline-flex flex-wrap gap-1"><StatusPill tone="bad">missing scopes</StatusPill><StatusPill tone="warn">over-privileged</StatusPill></span>;
    case "missing":
      return <StatusPill tone="bad">missing scopes</StatusPill>;
    case "over_privileged":
      return <StatusPill tone="warn">over-privileged</StatusPill>;
    case "no_baseline":
      return <StatusPill tone="neutral">no minimum known</StatusPill>;
    case "ok":
      return <StatusPill tone="ok">as needed</StatusPill>;
  }
}

const Scopes = ({ scopes }: { scopes: string[] }) => <>{scopes.map((s) => <code key={s} className="mr-1 rounded bg-zinc-100 px-1 py-0.5 text-xs dark:bg-zinc-800">{s}</code>)}</>;

/** One connection's finding: what is more than needed or missing, the fix, and the full comparison on demand. */
export function ScopeAuditItem({ item, canReconnect }: { item: Item; canReconnect: boolean }) {
  const a = item.assessment;
  const detail = [item.providerName, item.environment, item.ownerName ? `owner ${item.ownerName}` : "no owner", ...(item.workflows.length ? [item.workflows.join(", ")] : [])].join(" · ");
  return (
    <li className="py-4" data-testid="scope-item" data-label={item.label} data-status={a.status}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <Link href={`/connections/${item.connectionId}`} className={link}>{item.label}</Link>
          <span className="block text-xs text-zinc-500 dark:text-zinc-400">{detail}</span>
        </div>
        <Finding status={a.status} />
      </div>
      <dl className="mt-2 grid gap-1 text-sm sm:grid-cols-[12rem_1fr]">
        {a.extra.length > 0 && (<><dt className="text-zinc-500 dark:text-zinc-400">More than needed</dt><dd data-testid="scope-extra" className="flex flex-wrap gap-y-1"><Scopes scopes={a.extra} /></dd></>)}
        {a.missing.length > 0 && (<><dt className="text-zinc-500 dark:text-zinc-400">Missing (needed)</dt><dd data-testid="scope-missing" className="flex flex-wrap gap-y-1"><Scopes scopes={a.missing} /></dd></>)}
        {a.status === "no_baseline" && <dd className="text-zinc-600 sm:col-span-2 dark:text-zinc-400">The provider&apos;s entry names no minimum scopes, so Authpulse cannot judge this connection.</dd>}
      </dl>
      {!item.grantedKnown && <p className="mt-1 text-xs text-amber-800 dark:text-amber-300">The provider did not report granted scopes: judged on what was requested.</p>}
      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        {item.reconnectHref && a.suggested && (canReconnect ? (
          <Link href={item.reconnectHref} className={`${link} inline-flex min-w-0 flex-wrap items-center gap-y-1`} data-testid="reconnect-with-scopes"><span className="mr-2">Reconnect with these scopes:</span><Scopes scopes={a.suggested} /></Link>
        ) : (
          <span className="inline-flex min-w-0 flex-wrap items-center gap-y-1 text-zinc-600 dark:text-zinc-400"><span className="mr-2">Ask an admin to reconnect with</span><Scopes scopes={a.suggested} /></span>
        ))}
        <details className="w-full">
          <summary className="cursor-pointer text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">All scopes: requested, granted, minimum</summary>
          <div className="mt-2">
            <ScopeDiff requested={item.requested} granted={item.grantedKnown ? item.granted : item.requested} grantedKnown={item.grantedKnown} minimum={item.minimum} recommended={item.recommended} />
          </div>
        </details>
      </div>
    </li>
  );
}
