"use client";
import { useEffect, useState } from "react";
import { Field } from "@/components/ui/field";

const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/**
 * "Last rotated on" for a key imported from elsewhere, so its rotation age is right from day one.
 * The day is sent with its local midnight as an instant (the server refuses a future one).
 */
export function LastRotatedField({ defaultValue, error }: { defaultValue?: string; error?: string }) {
  const [instant, setInstant] = useState("");
  const [max, setMax] = useState<string | undefined>(undefined);
  // today's date in the user's zone is only known in the browser
  useEffect(() => setMax(localDay(new Date())), []);
  return (
    <div>
      <Field
        id="cred-last-rotated"
        label="Last rotated on (optional)"
        name="lastRotatedOn"
        type="date"
        max={max}
        defaultValue={defaultValue}
        error={error}
        hint="For a key you are importing: the day it last got a new value. Leave empty for a new key."
        onChange={(e) => setInstant(e.currentTarget.value ? new Date(`${e.currentTarget.value}T00:00:00`).toISOString() : "")}
      />
      <input type="hidden" name="lastRotatedAt" value={instant} />
    </div>
  );
}
