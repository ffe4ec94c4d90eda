import { StatusPill } from "@/components/ui/status-pill";

/**
 * Requested vs granted vs minimum scopes, flagging what is missing or more than needed. With
 * `recommended` (the provider's default set), a scope in it beyond the minimum is "optional"
 * rather than "more than needed", as the Scopes audit judges it.
 */
export function ScopeDiff({ requested, granted, grantedKnown, minimum, recommended = [] }: { requested: string[]; granted: string[]; grantedKnown: boolean; minimum: string[]; recommended?: string[] }) {
  const all = [...new Set([...minimum, ...requested, ...granted])].sort();
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="scope-diff">
        <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          <tr><th className="py-2 pr-4 font-medium">Scope</th><th className="py-2 pr-4 font-medium">Requested</th><th className="py-2 pr-4 font-medium">Granted</th><th className="py-2 font-medium">Assessment</th></tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {all.map((scope) => {
            const isGranted = granted.includes(scope);
            const isMinimum = minimum.includes(scope);
            const isOptional = !isMinimum && recommended.includes(scope);
            return (
              <tr key={scope} data-scope={scope}>
                <td className="py-2 pr-4"><code className="text-xs">{scope}</code></td>
                <td className="py-2 pr-4">{requested.includes(scope) ? "yes" : "no"}</td>
                <td className="py-2 pr-4">{isGranted ? "yes" : "no"}</td>
                <td className="py-2">
                  {isMinimum && !isGranted ? <StatusPill tone="bad">missing (needed)</StatusPill> : isOptional && isGranted ? <StatusPill tone="neutral">optional (default set)</StatusPill> : !isMinimum && isGranted && minimum.length > 0 ? <StatusPill tone="warn">more than needed</StatusPill> : isGranted ? <StatusPill tone="ok">ok</StatusPill> : <StatusPill tone="neutral">not granted</StatusPill>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!grantedKnown && <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">The provider did not report granted scopes; they are assumed to equal the requested ones.</p>}
    </div>
  );
}
