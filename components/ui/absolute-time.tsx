"use client";
import { useEffect, useState } from "react";

const options: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };

/** The absolute date and time in the reader's time zone (UTC until the browser has rendered it). */
export function AbsoluteTime({ value, dateOnly = false }: { value: string; dateOnly?: boolean }) {
  const date = new Date(value);
  const format = (timeZone?: string) => date.toLocaleString("en-GB", dateOnly ? { weekday: "short", day: "numeric", month: "short", timeZone } : { ...options, timeZone });
  const [text, setText] = useState(() => `${format("UTC")} UTC`);
  useEffect(() => setText(format()), [value, dateOnly]);
  return <time dateTime={date.toISOString()} suppressHydrationWarning>{text}</time>;
}
