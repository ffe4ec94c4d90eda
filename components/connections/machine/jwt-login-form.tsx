"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";
import { ConnectionBasicsFields } from "./connection-basics-fields";
import { TextAreaField } from "@/components/ui/field";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** Clay-style JWT login: the request that returns a token, where the token is, and how to send it. */
export function JwtLoginForm({ action }: { action: Action }) {
  return (
    <ActionForm action={action}>
      {(state, pending) => (
        <div className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-[8rem_1fr]">
            <SelectField id="jl-method" label="Method" name="method" defaultValue={state.values?.method || "POST"} error={state.fields?.method} options={["POST", "GET", "PUT", "PATCH"].map((m) => ({ value: m, label: m }))} />
            <Field id="jl-url" label="Login URL" name="url" type="url" required autoComplete="off" placeholder="https://api.example.com/v1/auth/login" defaultValue={state.values?.url} error={state.fields?.url} />
          </div>
          <TextAreaField
            id="jl-headers"
            label="Headers"
            name="headers"
            rows={3}
            autoComplete="off"
            spellCheck={false}
            placeholder={"X-Api-Key: …\nAccept: application/json"}
            error={state.fields?.headers}
            hint="One per line, as Name: value. Stored encrypted (they may hold API keys); paste them again after an error."
          />
          <TextAreaField
            id="jl-body"
            label="Body (JSON)"
            name="body"
            rows={5}
            autoComplete="off"
            spellCheck={false}
            placeholder={'{\n  "email": "ops@example.com",\n  "password": "…"\n}'}
            error={state.fields?.body}
            hint="Sent as JSON. Stored encrypted (it may hold a password); paste it again after an error."
          />
          <label className="flex items-center gap-2 text-sm text-zinc-800 dark:text-zinc-200">
            <input type="checkbox" name="removeNulls" defaultChecked={state.values ? state.values.removeNulls === "on" : true} className="h-4 w-4 rounded border-zinc-300 accent-indigo-600" />
            Remove null fields from the body before sending
          </label>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id="jl-token-path" label="Token path in the response" name="tokenPath" required autoComplete="off" placeholder="data.token" defaultValue={state.values?.tokenPath} error={state.fields?.tokenPath} hint="Dots and [index], e.g. data.token or auth[0].jwt." />
            <Field id="jl-token-type" label="Token type" name="tokenType" autoComplete="off" defaultValue={state.values?.tokenType ?? "Bearer"} error={state.fields?.tokenType} hint="Written before the token; empty sends the bare token." />
            <Field id="jl-header-name" label="Send it in header" name="headerName" autoComplete="off" defaultValue={state.values?.headerName || "Authorization"} error={state.fields?.headerName} />
          </div>
          <Field
            id="jl-expires"
            label="Expires after (seconds), optional"
            name="expiresInSeconds"
            type="number"
            min={1}
            inputMode="numeric"
            defaultValue={state.values?.expiresInSeconds}
            error={state.fields?.expiresInSeconds}
            hint="Leave empty to use the token's own exp claim (when it is a JWT). Without either, Authpulse cannot forecast expiry."
          />
          <ConnectionBasicsFields idPrefix="jl" state={state} defaultLabel="" />
          <Button type="submit" disabled={pending}>{pending ? "Logging in…" : "Log in and connect"}</Button>
        </div>
      )}
    </ActionForm>
  );
}
