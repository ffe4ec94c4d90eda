"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ActionState } from "@/lib/server/actions/action-state";
import Link from "next/link";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

export type CustomProviderRow = {
  providerKey: string;
  name: string;
  endpoint: string | null;
  isValid: boolean;
  hasOAuthApp: boolean;
  connectionCount: number;
  createdAt: string;
};

function usage(row: CustomProviderRow): string | null {
  const parts = [...(row.hasOAuthApp ? ["OAuth app registered"] : []), ...(row.connectionCount > 0 ? [`${row.connectionCount} connection${row.connectionCount === 1 ? "" : "s"}`] : [])];
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** The workspace's own providers; one still in use cannot be deleted, and says why. */
export function CustomProviderList({ providers, remove }: { providers: CustomProviderRow[]; remove: Action }) {
  if (providers.length === 0) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No custom providers yet. Add one above; it then appears on the Connect list next to the catalog.</p>;
  }
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="custom-provider-list">
      {providers.map((p) => {
        const inUse = usage(p);
        const reasonId = `in-use-${p.providerKey}`;
        return (
          <li key={p.providerKey} className="py-3" data-testid="custom-provider-row" data-key={p.providerKey}>
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div className="min-w-0">
                <p className="truncate text-sm font-medium">
                  {p.isValid ? <Link className="text-indigo-600 hover:underline dark:text-indigo-400" href={`/connections/new/${encodeURIComponent(p.providerKey)}`}>{p.name}</Link> : p.name}
                  <span className="ml-2 font-mono text-xs text-zinc-500 dark:text-zinc-400">{p.providerKey}</span>
                </p>
                <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
                  {p.endpoint ?? "Stored entry no longer valid; hidden from Connect"} · added <RelativeTime value={p.createdAt} />
                </p>
                {inUse && <p id={reasonId} className="mt-1 text-xs text-zinc-600 dark:text-zinc-300">In use: {inUse}. Kept while anything refers to it.</p>}
              </div>
              <ActionForm action={remove} showSuccess={false} className="max-w-sm">
                {(_state, pending) => (
                  <>
                    <input type="hidden" name="providerKey" value={p.providerKey} />
                    <Button type="submit" variant="danger" disabled={pending || inUse !== null} aria-describedby={inUse ? reasonId : undefined} aria-label={`Delete ${p.name}`}>
                      {pending ? "Deleting…" : "Delete"}
                    </Button>
                  </>
                )}
              </ActionForm>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
