"use client";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

const separators = [
  { value: "space", label: "Space (RFC 6749)" },
  { value: "comma", label: "Comma (Slack, Zoho style)" },
  { value: "plus", label: "Plus" },
];

const authMethods = [
  { value: "client_secret_basic", label: "client_secret_basic (HTTP Basic)" },
  { value: "client_secret_post", label: "client_secret_post (form body)" },
  { value: "none", label: "none (public client, PKCE only)" },
];

const pkceSupport = [
  { value: "undocumented", label: "Not documented" },
  { value: "required", label: "Required" },
  { value: "supported", label: "Supported" },
  { value: "unsupported", label: "Not supported" },
];

/** The provider's endpoints typed by hand; each error shows under its field. */
export function EndpointsForm({ action, allowsHttpLoopback }: { action: Action; allowsHttpLoopback: boolean }) {
  const urlHint = `https${allowsHttpLoopback ? " (http only on a loopback host)" : ""}.`;
  return (
    <ActionForm action={action}>
      {(state, pending) => {
        const value = (name: string) => state.values?.[name];
        const error = (name: string) => state.fields?.[name];
        const url = (name: string, label: string, required: boolean, hint: string) => (
          <Field label={label} name={name} type="url" inputMode="url" required={required} autoComplete="off" spellCheck={false} defaultValue={value(name)} error={error(name)} hint={hint} />
        );
        return (
          <div className="space-y-4">
            <Field label="Name" name="name" required autoComplete="off" maxLength={80} placeholder="Acme CRM" defaultValue={value("name")} error={error("name")} hint="Shown on the Connect list; also names the provider's key." />
            <div className="grid gap-4 sm:grid-cols-2">
              {url("authorizationUrl", "Authorization URL", true, `Where the consent screen lives. ${urlHint}`)}
              {url("tokenUrl", "Token URL", true, `Where codes and refresh tokens are exchanged. ${urlHint}`)}
              {url("revocationUrl", "Revocation URL (optional)", false, "RFC 7009; lets Disconnect revoke at the provider.")}
              {url("userinfoUrl", "Userinfo URL (optional)", false, "Tells Authpulse who authorized the connection.")}
              {url("issuer", "Issuer (optional)", false, "Checked against iss in the authorization response (RFC 9207).")}
            </div>
            <Field label="Default scopes" name="defaultScopes" autoComplete="off" spellCheck={false} placeholder="crm.read offline_access" defaultValue={value("defaultScopes")} error={error("defaultScopes") ?? error("minimumScopes")} hint="Separated by spaces or commas. Including openid makes it an OpenID Connect provider." />
            <div className="grid gap-4 sm:grid-cols-3">
              <SelectField label="Scope separator" name="scopeSeparator" options={separators} defaultValue={value("scopeSeparator") ?? "space"} error={error("scopeSeparator")} />
              <SelectField label="Token endpoint authentication" name="tokenEndpointAuthMethod" options={authMethods} defaultValue={value("tokenEndpointAuthMethod") ?? "client_secret_basic"} error={error("tokenEndpointAuthMethod")} />
              <SelectField label="PKCE" name="pkce" options={pkceSupport} defaultValue={value("pkce") ?? "undocumented"} error={error("pkce")} />
            </div>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">Authpulse always sends PKCE S256; servers that do not know it ignore it.</p>
            <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add provider"}</Button>
          </div>
        );
      }}
    </ActionForm>
  );
}
