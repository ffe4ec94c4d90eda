"use client";
import { useEffect, useState } from "react";

const dayOf = (d: Date, local: boolean) => (local ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}` : d.toISOString().slice(0, 10));

/** The calendar day of an instant in the reader's time zone (the server renders UTC; the browser corrects it after load). */
export function LocalDay({ value }: { value: string }) {
  const [local, setLocal] = useState(false);
  useEffect(() => setLocal(true), []);
  const date = new Date(value);
  return <time dateTime={value} className="tabular-nums">{dayOf(date, local)}</time>;
}
