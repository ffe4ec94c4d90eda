"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/server/actions/action-state";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

const SNOOZE_OPTIONS = [
  { hours: 1, label: "1 hour" },
  { hours: 4, label: "4 hours" },
  { hours: 24, label: "1 day" },
  { hours: 168, label: "1 week" },
];

/** Acknowledge and snooze (admins only): acknowledging stops reminders; snoozing silences the alert until a time. */
export function AlertActions({ alertId, title, state, snoozed, acknowledge, snooze }: { alertId: string; title: string; state: "open" | "acknowledged"; snoozed: boolean; acknowledge: Action; snooze: Action }) {
  return (
    <div className="flex flex-wrap items-start gap-2">
      {state === "open" && (
        <ActionForm action={acknowledge}>
          {(_s, pending) => (
            <>
              <input type="hidden" name="alertId" value={alertId} />
              <Button type="submit" variant="secondary" disabled={pending} aria-label={`Acknowledge: ${title}`}>{pending ? "Acknowledging…" : "Acknowledge"}</Button>
            </>
          )}
        </ActionForm>
      )}
      <ActionForm action={snooze} className="flex flex-wrap items-center gap-2">
        {(_s, pending) =>
          snoozed ? (
            <>
              <input type="hidden" name="alertId" value={alertId} />
              <input type="hidden" name="hours" value="0" />
              <Button type="submit" variant="ghost" disabled={pending}>End snooze</Button>
            </>
          ) : (
            <>
              <input type="hidden" name="alertId" value={alertId} />
              <label className="sr-only" htmlFor={`snooze-${alertId}`}>Snooze for</label>
              <select id={`snooze-${alertId}`} name="hours" defaultValue="24" className="rounded-md border border-zinc-300 bg-white px-2 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950">
                {SNOOZE_OPTIONS.map((o) => (
                  <option key={o.hours} value={o.hours}>{o.label}</option>
                ))}
              </select>
              <Button type="submit" variant="ghost" disabled={pending}>{pending ? "Snoozing…" : "Snooze"}</Button>
            </>
          )
        }
      </ActionForm>
    </div>
  );
}
