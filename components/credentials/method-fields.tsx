"use client";
import { useState } from "react";
import { TextAreaField } from "@/components/ui/field";
import { Field, SelectField } from "@/components/ui/field";
import type { ActionState } from "@/lib/server/actions/action-state";
import { apiKeyHeaderPresets, headerPresetFor, hmacSchemePresets, isHmacScheme, locationOptions, type ApiKeyHeaderPreset, type FormMethod } from "./credential-form-fields";
import { SECRET_HINT } from "./secret-hint";

type Props = { state: ActionState };

function ApiKeyFields({ state }: Props) {
  const v = state.values;
  const f = state.fields;
  const [placement, setPlacement] = useState(v?.placement || "header");
  const [preset, setPreset] = useState<ApiKeyHeaderPreset>(v?.headerName ? headerPresetFor(v.headerName, v.headerScheme ?? "") : "x_api_key");
  const chosen = apiKeyHeaderPresets[preset];
  return (
    <div className="space-y-4">
      <Field id="ak-secret" label="API key" name="secret" type="password" required autoComplete="off" spellCheck={false} error={f?.secret} hint={SECRET_HINT} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField id="ak-placement" label="Where the key goes" name="placement" value={placement} onChange={(e) => setPlacement(e.target.value)} error={f?.placement} options={[{ value: "header", label: "A request header" }, { value: "query", label: "A query parameter" }]} />
        <SelectField id="ak-mode" label="Test or live" name="mode" defaultValue={v?.mode || "live"} error={f?.mode} options={[{ value: "live", label: "Live" }, { value: "test", label: "Test" }]} />
      </div>
      {placement === "header" ? (
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField id="ak-preset" label="Header" name="headerPreset" value={preset} onChange={(e) => setPreset(e.target.value as ApiKeyHeaderPreset)} options={Object.entries(apiKeyHeaderPresets).map(([value, p]) => ({ value, label: p.label }))} />
          <Field key={`name-${preset}`} id="ak-header-name" label="Header name" name="headerName" autoComplete="off" readOnly={preset !== "custom"} defaultValue={preset === "custom" ? v?.headerName : chosen.headerName} error={f?.headerName} />
          <Field key={`scheme-${preset}`} id="ak-header-scheme" label="Scheme before the key (optional)" name="headerScheme" autoComplete="off" readOnly={preset !== "custom"} placeholder="none" defaultValue={preset === "custom" ? v?.headerScheme : chosen.headerScheme} error={f?.headerScheme} />
        </div>
      ) : (
        <Field id="ak-query" label="Query parameter" name="queryParam" autoComplete="off" placeholder="api_key" defaultValue={v?.queryParam} error={f?.queryParam} hint="Keys in URLs end up in proxy logs; prefer a header when the provider allows it." />
      )}
      <Field id="ak-prefix" label="Expected prefix (optional)" name="expectedPrefix" autoComplete="off" placeholder="e.g. sk_live_" defaultValue={v?.expectedPrefix} error={f?.expectedPrefix} hint="Checked on entry and on every rotation, so a wrong key is caught before it is stored." />
    </div>
  );
}

function HmacFields({ state }: Props) {
  const v = state.values;
  const f = state.fields;
  const [scheme, setScheme] = useState(isHmacScheme(v?.headerScheme) ? v.headerScheme : "github");
  const preset = isHmacScheme(scheme) ? hmacSchemePresets[scheme] : hmacSchemePresets.custom;
  return (
    <div className="space-y-4">
      <Field id="hm-secret" label="Signing secret" name="secret" type="password" required autoComplete="off" spellCheck={false} error={f?.secret} hint={SECRET_HINT} />
      <SelectField id="hm-scheme" label="Signature scheme" name="headerScheme" value={scheme} onChange={(e) => setScheme(e.target.value as typeof scheme)} error={f?.headerScheme} options={Object.entries(hmacSchemePresets).map(([value, p]) => ({ value, label: p.label }))} />
      {scheme === "custom" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField id="hm-algorithm" label="Algorithm" name="algorithm" defaultValue={v?.algorithm || "sha256"} error={f?.algorithm} options={["sha256", "sha1", "sha512"].map((a) => ({ value: a, label: a }))} />
          <SelectField id="hm-encoding" label="Encoding" name="encoding" defaultValue={v?.encoding || "hex"} error={f?.encoding} options={[{ value: "hex", label: "hex" }, { value: "base64", label: "base64" }]} />
          <Field id="hm-header" label="Signature header" name="headerName" autoComplete="off" placeholder="X-Signature" defaultValue={v?.headerName} error={f?.headerName} />
          <Field id="hm-prefix" label="Text before the signature (optional)" name="signaturePrefix" autoComplete="off" placeholder="sha256=" defaultValue={v?.signaturePrefix} error={f?.signaturePrefix} />
        </div>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="hmac-preset">
          {preset.label} signs with <strong>{preset.algorithm}</strong>, encodes in <strong>{preset.encoding}</strong>, and sends the signature in <code className="font-mono text-xs">{preset.headerName}</code>.
        </p>
      )}
    </div>
  );
}

function TrackOnlyFields({ state }: Props) {
  const v = state.values;
  const f = state.fields;
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Authpulse stores no secret for this entry. It tracks where the secret lives, who owns it and how old it is.</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField id="to-location" label="Where the secret lives" name="location" defaultValue={v?.location || "one_password"} error={f?.location} options={locationOptions} />
        <Field id="to-detail" label="Detail (vault path, item name…)" name="locationDetail" autoComplete="off" placeholder="e.g. Ops vault / HubSpot private app" defaultValue={v?.locationDetail} error={f?.locationDetail} hint="Never the secret itself." />
      </div>
    </div>
  );
}

/** The secret and settings fields of one method, for the create form. */
export function MethodFields({ method, state }: { method: FormMethod; state: ActionState }) {
  const f = state.fields;
  switch (method) {
    case "api_key":
      return <ApiKeyFields state={state} />;
    case "basic":
      return (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="ba-username" label="Username" name="username" required autoComplete="off" defaultValue={state.values?.username} error={f?.username} />
          <Field id="ba-password" label="Password" name="password" type="password" required autoComplete="new-password" error={f?.password} hint={SECRET_HINT} />
        </div>
      );
    case "bearer":
      return <Field id="be-token" label="Token" name="token" type="password" required autoComplete="off" spellCheck={false} error={f?.token} hint={`With or without "Bearer " in front. ${SECRET_HINT}`} />;
    case "hmac":
      return <HmacFields state={state} />;
    case "mtls":
      return <CertificateFields state={state} />;
    case "track_only":
      return <TrackOnlyFields state={state} />;
  }
}

/** The client certificate and its private key (PEM). The certificate is public; the key is sealed. */
export function CertificateFields({ state }: Props) {
  const f = state.fields;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TextAreaField id="mt-cert" label="Certificate (PEM)" name="certificatePem" rows={8} autoComplete="off" spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----" error={f?.certificatePem} hint="The client certificate, optionally followed by its chain. Public: shown on the detail page." />
      <TextAreaField id="mt-key" label="Private key (PEM)" name="privateKeyPem" rows={8} autoComplete="off" spellCheck={false} placeholder="-----BEGIN PRIVATE KEY-----" error={f?.privateKeyPem} hint={`Must match the certificate. ${SECRET_HINT}`} />
    </div>
  );
}
