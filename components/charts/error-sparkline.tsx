"use client";
import { Area, AreaChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type SparkPoint = { at: string; errors: number };

const label = (at: string, hourly: boolean) => new Date(at).toLocaleString(undefined, hourly ? { hour: "2-digit", minute: "2-digit" } : { weekday: "short", hour: "2-digit" });

/** Errors over time as a small area chart (loaded lazily: recharts stays out of the first load). */
export default function ErrorSparkline({ points, hourly }: { points: SparkPoint[]; hourly: boolean }) {
  return (
    <ResponsiveContainer width="100%" height={96}>
      <AreaChart data={points} margin={{ top: 4, right: 4, bottom: 0, left: 4 }}>
        <defs>
          <linearGradient id="spark-fill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor="#ef4444" stopOpacity={0.35} />
            <stop offset="100%" stopColor="#ef4444" stopOpacity={0} />
          </linearGradient>
        </defs>
        <XAxis dataKey="at" hide />
        <YAxis hide allowDecimals={false} domain={[0, (max: number) => Math.max(1, max)]} />
        <Tooltip
          labelFormatter={(at) => label(String(at), hourly)}
          formatter={(value) => [`${String(value)} errors`, ""]}
          contentStyle={{ fontSize: 12, borderRadius: 6 }}
        />
        <Area type="monotone" dataKey="errors" stroke="#ef4444" strokeWidth={2} fill="url(#spark-fill)" isAnimationActive={false} />
      </AreaChart>
    </ResponsiveContainer>
  );
}
