"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

export type SpecialCaseOption = { condition: string; lifetimeDays: number; note: string };

export function OAuthAppForm({ providerKey, app, defaultAuthMethod, specialCases = [], action }: { providerKey: string; app: { clientId: string; authMethod: string; hasSecret: boolean; refreshSpecialCase: string | null } | null; defaultAuthMethod: string; specialCases?: SpecialCaseOption[]; action: Action }) {
  return (
    <ActionForm action={action}>
      {(state, pending) => (
        <div className="space-y-4">
          <input type="hidden" name="providerKey" value={providerKey} />
          <Field label="Client ID" name="clientId" required autoComplete="off" defaultValue={state.values?.clientId ?? app?.clientId} error={state.fields?.clientId} />
          <Field
            label="Client secret"
            name="clientSecret"
            type="password"
            autoComplete="off"
            error={state.fields?.clientSecret}
            placeholder={app?.hasSecret ? "•••••••• stored, sealed — leave empty to keep it" : ""}
            hint="Stored encrypted. Authpulse never shows it again."
          />
          <SelectField
            label="Client authentication at the token endpoint"
            name="authMethod"
            defaultValue={state.values?.authMethod ?? app?.authMethod ?? (defaultAuthMethod === "private_key_jwt" ? "client_secret_basic" : defaultAuthMethod)}
            options={[
              { value: "client_secret_basic", label: "client_secret_basic (HTTP Basic)" },
              { value: "client_secret_post", label: "client_secret_post (form body)" },
              { value: "none", label: "none (public client, PKCE only)" },
            ]}
          />
          {specialCases.length > 0 && (
            <div className="space-y-1">
            <SelectField
              label="Does one of these apply to this app?"
              name="refreshSpecialCase"
              defaultValue={state.values?.refreshSpecialCase ?? app?.refreshSpecialCase ?? ""}
              error={state.fields?.refreshSpecialCase}
              options={[{ value: "", label: "None of these" }, ...specialCases.map((c) => ({ value: c.condition, label: `${c.condition} (refresh tokens last ${c.lifetimeDays} day${c.lifetimeDays === 1 ? "" : "s"})` }))]}
            />
            <p className="text-xs text-zinc-500 dark:text-zinc-400">Some provider settings shorten refresh tokens; Authpulse then forecasts the earlier deadline.</p>
            </div>
          )}
          <Button type="submit" variant={app ? "secondary" : "primary"} disabled={pending}>{pending ? "Saving…" : app ? "Update OAuth app" : "Save OAuth app"}</Button>
        </div>
      )}
    </ActionForm>
  );
}
