"use client";
import { useTransition } from "react";
import type { MembershipSummary } from "@/lib/server/workspaces/workspace-context";

export function WorkspaceSwitcher({ current, memberships, switchAction }: { current: string; memberships: MembershipSummary[]; switchAction: (workspaceId: string) => Promise<void> }) {
  const [pending, startTransition] = useTransition();
  if (memberships.length < 2) {
    return <p className="truncate px-3 text-sm font-semibold text-zinc-900 dark:text-zinc-100">{memberships[0]?.name}</p>;
  }
  return (
    <label className="block px-3">
      <span className="sr-only">Workspace</span>
      <select
        value={current}
        disabled={pending}
        onChange={(event) => startTransition(() => switchAction(event.target.value))}
        className="w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm font-semibold dark:border-zinc-700 dark:bg-zinc-900"
      >
        {memberships.map((m) => (
          <option key={m.workspaceId} value={m.workspaceId}>
            {m.name} ({m.role})
          </option>
        ))}
      </select>
    </label>
  );
}
