"use client";
import { useEffect, useState } from "react";
import { formatRelative } from "@/lib/format-time";

/** "3 min ago" that keeps itself current, with the absolute time (user's time zone) on hover. */
export function RelativeTime({ value, now: initialNow }: { value: string | Date | null; now?: string }) {
  const [now, setNow] = useState(() => (initialNow ? new Date(initialNow) : new Date()));
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!value) return <span className="text-zinc-500">never</span>;
  const date = new Date(value);
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()} suppressHydrationWarning>
      {formatRelative(date, now)}
    </time>
  );
}
