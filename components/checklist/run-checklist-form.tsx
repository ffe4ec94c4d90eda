"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/server/actions/action-state";

/** Evaluate the checklist on live data now, with the dormancy threshold. */
export function RunChecklistForm({ action, hasRun, dormantDays }: { action: (prev: ActionState, form: FormData) => Promise<ActionState>; hasRun: boolean; dormantDays: number }) {
  return (
    <ActionForm action={action} className="space-y-2">
      {(state, pending) => (
        <div className="flex flex-wrap items-end gap-3">
          <label className="block text-sm">
            <span className="mb-1 block font-medium text-zinc-800 dark:text-zinc-200">Dormant after (days)</span>
            <input name="dormantDays" type="number" min={7} max={365} defaultValue={state.values?.dormantDays ?? String(dormantDays)} aria-invalid={state.fields?.dormantDays ? true : undefined} className="w-28 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950" />
          </label>
          <Button type="submit" disabled={pending}>{pending ? "Evaluating…" : hasRun ? "Re-run on live data" : "Run this month's checklist"}</Button>
          {state.fields?.dormantDays && <p className="w-full text-sm text-red-600 dark:text-red-400">{state.fields.dormantDays}</p>}
        </div>
      )}
    </ActionForm>
  );
}
