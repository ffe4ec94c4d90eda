import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";

export type LifetimesProps = {
  connectedAt: string | null;
  /** Observed: expiry minus the last issue (refresh or connect). */
  observedAccessLifetimeSeconds: number | null;
  catalogAccessLifetime: number | "non_expiring" | "undocumented" | null;
  idleExpiryDays: number | string | null;
  absoluteMaxDays: number | string | null;
  hasRefreshToken: boolean;
};

function duration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

const idle = (v: number | string | null) => (typeof v === "number" ? `dies after ${v} days unused` : v === "none" ? "no idle expiry" : v === "configurable" ? "idle expiry set by the provider's admin" : "idle expiry not documented");
const hard = (v: number | string | null) => (typeof v === "number" ? `hard limit ${v} days after consent` : v === "none" ? "no hard limit" : v === "configurable" ? "hard limit set by the provider's admin" : "hard limit not documented");

/** How long each token lives: what the provider documents and what this connection actually got. */
export function LifetimesCard(p: LifetimesProps) {
  const catalog = p.catalogAccessLifetime === null ? null : typeof p.catalogAccessLifetime === "number" ? duration(p.catalogAccessLifetime) : p.catalogAccessLifetime === "non_expiring" ? "does not expire" : "not documented";
  return (
    <Card title="Lifetimes" description="What the provider documents, and what this connection got.">
      <dl className="space-y-1 text-sm [&_dd]:mb-2" data-testid="lifetimes">
        <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">Access token</dt>
        <dd>{p.observedAccessLifetimeSeconds !== null ? `${duration(p.observedAccessLifetimeSeconds)} (observed)` : "unknown"}{catalog ? ` · documented: ${catalog}` : ""}</dd>
        <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">Refresh token</dt>
        <dd>{p.hasRefreshToken ? `${idle(p.idleExpiryDays)} · ${hard(p.absoluteMaxDays)}` : "none held"}</dd>
        <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">Connected</dt>
        <dd><RelativeTime value={p.connectedAt} /></dd>
      </dl>
    </Card>
  );
}
