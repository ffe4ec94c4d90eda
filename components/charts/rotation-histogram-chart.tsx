"use client";
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";

export type HistogramDatum = { label: string; withinPolicy: number; overdue: number; total: number; sensitive: number };
export type PolicyLine = { atLabel: string; text: string };

function HistogramTooltip({ active, payload }: TooltipContentProps<ValueType, NameType>) {
  const datum = active ? (payload?.[0]?.payload as HistogramDatum | undefined) : undefined;
  if (!datum) return null;
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2 text-xs shadow-md dark:border-zinc-700 dark:bg-zinc-900">
      <p className="font-semibold text-zinc-900 dark:text-zinc-100">{datum.label} since rotation</p>
      <p className="text-zinc-700 dark:text-zinc-300">{datum.total} key{datum.total === 1 ? "" : "s"}, {datum.overdue} overdue</p>
      {datum.sensitive > 0 && <p className="text-zinc-500 dark:text-zinc-400">{datum.sensitive} sensitive (30-day policy)</p>}
    </div>
  );
}

/**
 * Keys by days since rotation, stacked within policy / overdue, with the policy lines drawn at the
 * edge where overdue ages start. Loaded lazily (recharts stays out of the first load).
 */
export default function RotationHistogramChart({ data, policyLines }: { data: HistogramDatum[]; policyLines: PolicyLine[] }) {
  return (
    <div className="h-72 w-full text-zinc-600 dark:text-zinc-400" data-testid="rotation-histogram">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 28, right: 12, bottom: 4, left: -16 }} barCategoryGap="18%">
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="label" tickFormatter={(label: string) => label.replace(/ d$/, "")} tick={{ fill: "currentColor", fontSize: 11 }} tickLine={false} axisLine={{ stroke: "currentColor", strokeOpacity: 0.3 }} interval={0} />
          <YAxis allowDecimals={false} tick={{ fill: "currentColor", fontSize: 12 }} tickLine={false} axisLine={false} />
          <Tooltip content={HistogramTooltip} cursor={{ fill: "currentColor", fillOpacity: 0.06 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} formatter={(value) => <span className="text-zinc-700 dark:text-zinc-300">{value}</span>} />
          <Bar dataKey="withinPolicy" name="Within policy" stackId="age" fill="#6366f1" isAnimationActive={false} />
          <Bar dataKey="overdue" name="Overdue" stackId="age" fill="#dc2626" isAnimationActive={false} />
          {policyLines.map((line) => (
            <ReferenceLine key={line.text} x={line.atLabel} position="start" stroke="currentColor" strokeDasharray="4 3" ifOverflow="visible" label={{ value: line.text, position: "top", fill: "currentColor", fontSize: 11 }} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
