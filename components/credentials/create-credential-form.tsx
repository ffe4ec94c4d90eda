"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/server/actions/action-state";
import { methodLabel, type FormMethod } from "./credential-form-fields";
import { MetadataFields, type MemberOption } from "./metadata-fields";
import { MethodFields } from "./method-fields";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** The create form of one method: its secret fields, then the metadata every credential has. */
export function CreateCredentialForm({ method, members, action }: { method: FormMethod; members: MemberOption[]; action: Action }) {
  return (
    <ActionForm action={action}>
      {(state, pending) => (
        <div className="space-y-6">
          <input type="hidden" name="method" value={method} />
          <fieldset className="space-y-4">
            <legend className="mb-2 text-sm font-semibold text-zinc-900 dark:text-zinc-100">{methodLabel(method)}</legend>
            <MethodFields key={method} method={method} state={state} />
          </fieldset>
          <MetadataFields state={state} members={members} />
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={pending}>{pending ? "Checking and storing…" : method === "track_only" ? "Start tracking" : "Store credential"}</Button>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">Nothing is stored unless every field checks out.</p>
          </div>
        </div>
      )}
    </ActionForm>
  );
}
