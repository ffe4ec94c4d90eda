"use client";
import { useState } from "react";
import { ActionForm } from "@/components/settings/action-form";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";
import { ConnectionBasicsFields } from "./connection-basics-fields";
import { TextAreaField } from "@/components/ui/field";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** A provider offered for client credentials, with the URL variables its token URL needs (e.g. Microsoft's tenant). */
export type ClientCredentialsProvider = { key: string; name: string; urlVariables: { name: string; description: string; default: string }[] };

function ClientCredentialsFields({ state, pending, providers, anyKey }: { state: ActionState; pending: boolean; providers: ClientCredentialsProvider[]; anyKey: string }) {
  const [providerKey, setProviderKey] = useState(state.values?.providerKey || (providers[0]?.key ?? anyKey));
  const [authMethod, setAuthMethod] = useState(state.values?.authMethod || "client_secret_basic");
  const provider = providers.find((p) => p.key === providerKey);
  return (
    <div className="space-y-4">
      <SelectField
        id="cc-provider"
        label="Provider"
        name="providerKey"
        value={providerKey}
        onChange={(event) => setProviderKey(event.target.value)}
        error={state.fields?.providerKey}
        options={[...providers.map((p) => ({ value: p.key, label: p.name })), { value: anyKey, label: "Any OAuth server (type its token URL)" }]}
      />
      {providerKey === anyKey && (
        <Field id="cc-token-url" label="Token URL" name="tokenUrl" type="url" required autoComplete="off" placeholder="https://auth.example.com/oauth/token" defaultValue={state.values?.tokenUrl} error={state.fields?.tokenUrl} hint="The OAuth server's token endpoint. https only (http only for localhost)." />
      )}
      {provider?.urlVariables.map((variable) => (
        <Field key={variable.name} id={`cc-url-${variable.name}`} label={`${provider.name}: ${variable.name}`} name={`url.${variable.name}`} autoComplete="off" placeholder={variable.default} defaultValue={state.values?.[`url.${variable.name}`]} hint={variable.description} />
      ))}
      {state.fields?.urlValues && <p className="text-sm text-red-600 dark:text-red-400">{state.fields.urlValues}</p>}
      <Field id="cc-client-id" label="Client ID" name="clientId" required autoComplete="off" defaultValue={state.values?.clientId} error={state.fields?.clientId} />
      <SelectField
        id="cc-auth-method"
        label="Client authentication at the token endpoint"
        name="authMethod"
        value={authMethod}
        onChange={(event) => setAuthMethod(event.target.value)}
        error={state.fields?.authMethod}
        options={[
          { value: "client_secret_basic", label: "client_secret_basic (secret in HTTP Basic)" },
          { value: "client_secret_post", label: "client_secret_post (secret in the form body)" },
          { value: "private_key_jwt", label: "private_key_jwt (signed assertion, no shared secret)" },
        ]}
      />
      {authMethod === "private_key_jwt" ? (
        <div className="grid gap-4 sm:grid-cols-[1fr_14rem]">
          <TextAreaField id="cc-private-key" label="Private key (PEM)" name="privateKey" rows={6} autoComplete="off" spellCheck={false} placeholder="-----BEGIN PRIVATE KEY-----" error={state.fields?.privateKey} hint="RSA (2048 bits or more) or EC P-256. Stored encrypted; never shown again. Paste it again after an error." />
          <Field id="cc-key-id" label="Key id (kid), optional" name="keyId" autoComplete="off" defaultValue={state.values?.keyId} error={state.fields?.keyId} hint="When the provider holds several keys." />
        </div>
      ) : (
        <Field id="cc-client-secret" label="Client secret" name="clientSecret" type="password" required autoComplete="off" error={state.fields?.clientSecret} hint="Stored encrypted; never shown again. Type it again after an error." />
      )}
      <Field id="cc-scopes" label="Scopes" name="scopes" autoComplete="off" placeholder="e.g. api.read reports.read" defaultValue={state.values?.scopes} error={state.fields?.scopes} hint="Space-separated, exactly as the provider names them. Leave empty if the app's scopes are set in the provider's console." />
      <ConnectionBasicsFields idPrefix="cc" state={state} defaultLabel="" />
      <Button type="submit" disabled={pending}>{pending ? "Requesting a token…" : "Get a token and connect"}</Button>
    </div>
  );
}

/** Client credentials grant: the token request happens on submit; nothing is stored unless it succeeds. */
export function ClientCredentialsForm({ providers, anyKey, action }: { providers: ClientCredentialsProvider[]; anyKey: string; action: Action }) {
  return <ActionForm action={action}>{(state, pending) => <ClientCredentialsFields state={state} pending={pending} providers={providers} anyKey={anyKey} />}</ActionForm>;
}
