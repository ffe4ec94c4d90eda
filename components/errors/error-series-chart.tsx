"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { eventClassLabels } from "@/lib/auth-event-labels";
import type { ErrorClass } from "@/lib/dashboard/error-range";
import type { ErrorSeriesJson } from "@/lib/queries/use-error-series";
import { errorClassColors } from "./error-class-colors";

const label = (c: string) => eventClassLabels[c]?.text ?? c;

function tick(iso: string, bucketHours: number, multiDay: boolean): string {
  const d = new Date(iso);
  const time = d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return multiDay || bucketHours > 1 ? `${d.toLocaleDateString(undefined, { weekday: "short" })} ${time}` : time;
}

/** Stacked bars of errors per bucket by class. Loaded lazily: recharts stays out of the first load. */
export default function ErrorSeriesChart({ series }: { series: ErrorSeriesJson }) {
  const multiDay = series.range === "7d";
  const data = series.buckets.map((b) => ({ start: b.start, ...b.counts }));
  return (
    <div className="h-64 w-full text-zinc-500 dark:text-zinc-400">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.2} vertical={false} />
          <XAxis dataKey="start" tickFormatter={(v: string) => tick(v, series.bucketHours, multiDay)} tick={{ fill: "currentColor", fontSize: 11 }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fill: "currentColor", fontSize: 11 }} />
          <Tooltip
            labelFormatter={(v) => new Date(String(v)).toLocaleString()}
            formatter={(value, name) => [value, label(String(name))]}
            contentStyle={{ backgroundColor: "#18181b", color: "#fafafa", border: "none", borderRadius: 8, fontSize: 12 }}
            itemStyle={{ color: "#fafafa" }}
          />
          <Legend formatter={(value: string) => <span className="text-xs text-zinc-700 dark:text-zinc-300">{label(value)}</span>} />
          {series.classes.map((c: ErrorClass) => (
            <Bar key={c} dataKey={c} stackId="errors" fill={errorClassColors[c]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
