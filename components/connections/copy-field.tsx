"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A read-only value with a Copy button (e.g. the redirect URI to paste into a provider console). */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div>
      <p className="mb-1 text-sm font-medium text-zinc-800 dark:text-zinc-200">{label}</p>
      <div className="flex gap-2">
        <input readOnly value={value} aria-label={label} data-testid={testId} onFocus={(e) => e.currentTarget.select()} className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950" />
        <Button type="button" variant="secondary" onClick={() => void navigator.clipboard.writeText(value).then(() => setCopied(true))}>{copied ? "Copied" : "Copy"}</Button>
      </div>
    </div>
  );
}
