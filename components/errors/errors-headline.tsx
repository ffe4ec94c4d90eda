"use client";
import { Notice } from "@/components/ui/notice";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { useErrorsByIntegration } from "@/lib/queries/use-errors-by-integration";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The answer first: how many auth errors in the last 24 h, across how many integrations, and what is new. */
export function ErrorsHeadline({ filters }: { filters: DashboardFilters }) {
  const day = useErrorsByIntegration({ filters, range: "24h" });
  if (day.isPending) {
    return <div role="status" aria-label="Counting auth errors" className="mb-6 h-16 animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-800" />;
  }
  if (day.isError) return <div className="mb-6"><Notice kind="error" title="Could not count auth errors">{day.error.message}</Notice></div>;
  const { totalErrors: total, integrations, startedWithinLastHour: started } = day.data.summary;
  const calm = total === 0;
  return (
    <section
      aria-live="polite"
      data-testid="errors-headline"
      className={`mb-6 rounded-xl border px-5 py-4 ${calm ? "border-emerald-200 bg-emerald-50 dark:border-emerald-900 dark:bg-emerald-950/50" : "border-red-200 bg-red-50 dark:border-red-900 dark:bg-red-950/50"}`}
    >
      <p className={`text-lg font-semibold ${calm ? "text-emerald-900 dark:text-emerald-200" : "text-red-900 dark:text-red-100"}`}>
        <span aria-hidden="true">{calm ? "● " : "✕ "}</span>
        {calm ? "No auth errors in the last 24 h." : `${plural(total, "auth error")} in the last 24 h across ${plural(integrations, "integration")}.`}
      </p>
      {!calm && (
        <p className="mt-1 text-sm text-red-900/80 dark:text-red-200/80">
          {started > 0 ? `${plural(started, "integration")} started failing within the last hour. ` : "None started in the last hour. "}
          Highlighted rows below need attention; open one to see its status and OAuth error codes.
        </p>
      )}
    </section>
  );
}
