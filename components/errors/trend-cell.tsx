import type { ErrorTrend } from "@/lib/server/dashboard/errors/get-errors-by-integration";

/** The trend against the previous period in words and a glyph, not colour alone. */
export function TrendCell({ trend, changePercent, previous }: { trend: ErrorTrend; changePercent: number | null; previous: number }) {
  const title = `${previous.toLocaleString()} in the previous period`;
  if (trend === "new") return <span title={title} className="text-red-700 dark:text-red-300">✦ New</span>;
  const sign = changePercent !== null && changePercent > 0 ? "+" : "";
  const text = `${sign}${changePercent ?? 0}%`;
  if (trend === "up") return <span title={title} className="text-red-700 dark:text-red-300">▲ {text}</span>;
  if (trend === "down") return <span title={title} className="text-emerald-700 dark:text-emerald-300">▼ {text}</span>;
  return <span title={title} className="text-zinc-600 dark:text-zinc-400">≈ {text}</span>;
}
