"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** One URL: the issuer or its .well-known document. Success lands on the new provider's Connect page. */
export function DiscoveryForm({ action, allowsHttpLoopback }: { action: Action; allowsHttpLoopback: boolean }) {
  return (
    <ActionForm action={action}>
      {(state, pending) => (
        <div className="space-y-4">
          <Field
            label="Issuer or discovery URL"
            name="url"
            type="url"
            inputMode="url"
            required
            autoComplete="off"
            spellCheck={false}
            placeholder="https://login.example.com"
            defaultValue={state.values?.url}
            error={state.fields?.url}
            hint={`The issuer, or its full /.well-known/openid-configuration or /.well-known/oauth-authorization-server URL. https only${allowsHttpLoopback ? "; http is accepted for loopback hosts on this install" : ""}.`}
          />
          <Button type="submit" disabled={pending}>{pending ? "Discovering…" : "Discover and add"}</Button>
        </div>
      )}
    </ActionForm>
  );
}
