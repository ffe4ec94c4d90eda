"use client";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type HistoryPoint = { date: string; succeeded: number; failed: number; avgLatencyMs: number | null };

const dayLabel = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, { weekday: "short", day: "numeric", timeZone: "UTC" });

/** Refresh attempts per day (stacked successes and failures) with the average latency as a line. */
export default function RefreshHistoryChart({ days }: { days: HistoryPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <ComposedChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
        <XAxis dataKey="date" tickFormatter={dayLabel} tick={{ fontSize: 11, fill: "currentColor" }} />
        <YAxis yAxisId="count" allowDecimals={false} tick={{ fontSize: 11, fill: "currentColor" }} />
        <YAxis yAxisId="ms" orientation="right" tick={{ fontSize: 11, fill: "currentColor" }} unit=" ms" width={64} />
        <Tooltip labelFormatter={(d) => dayLabel(String(d))} contentStyle={{ fontSize: 12, borderRadius: 6, color: "#18181b" }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="count" dataKey="succeeded" name="Succeeded" stackId="a" fill="#10b981" isAnimationActive={false} />
        <Bar yAxisId="count" dataKey="failed" name="Failed" stackId="a" fill="#ef4444" isAnimationActive={false} />
        <Line yAxisId="ms" dataKey="avgLatencyMs" name="Average latency" stroke="#6366f1" strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
