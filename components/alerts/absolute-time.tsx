"use client";

/** The absolute date and time in the user's time zone (shown next to a RelativeTime where it matters). */
export function AbsoluteTime({ value, className = "" }: { value: string | Date | null; className?: string }) {
  if (!value) return null;
  const date = new Date(value);
  return (
    <time dateTime={date.toISOString()} className={className} suppressHydrationWarning>
      {date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}
    </time>
  );
}
