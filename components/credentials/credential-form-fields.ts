// Pure helpers for the credential forms: labels and presets the client forms offer, and the
// parsing of submitted fields into the data layer's input shape. No secrets are ever copied
// into the echo values (`values`), which the form gets back after an error.

export const methodOptions = [
  { value: "api_key", label: "API key", hint: "A key sent in a header or query parameter." },
  { value: "basic", label: "Basic auth", hint: "A username and password (RFC 7617)." },
  { value: "bearer", label: "Bearer token", hint: "A long-lived token sent as Authorization: Bearer." },
  { value: "hmac", label: "HMAC signing secret", hint: "A webhook signing secret (GitHub, Stripe, Slack…)." },
  { value: "mtls", label: "mTLS certificate", hint: "A client certificate and its private key." },
  { value: "track_only", label: "Track only", hint: "A secret kept elsewhere; Authpulse tracks its age and owner." },
] as const;

export type FormMethod = (typeof methodOptions)[number]["value"];

export const methodLabel = (method: string): string => methodOptions.find((m) => m.value === method)?.label ?? method;

export function isFormMethod(value: unknown): value is FormMethod {
  return typeof value === "string" && methodOptions.some((m) => m.value === value);
}

export const environmentOptions = [
  { value: "prod", label: "Production" },
  { value: "staging", label: "Staging" },
  { value: "dev", label: "Development" },
];

export const locationOptions = [
  { value: "one_password", label: "1Password" },
  { value: "hashicorp_vault", label: "HashiCorp Vault" },
  { value: "aws_secrets_manager", label: "AWS Secrets Manager" },
  { value: "gcp_secret_manager", label: "GCP Secret Manager" },
  { value: "workflow_config", label: "Workflow configuration (Zapier, n8n, Make…)" },
  { value: "hard_coded", label: "Hard-coded in a script" },
  { value: "other", label: "Somewhere else (say where)" },
];

/** API key header presets: the header name and the scheme sent before the key. */
export const apiKeyHeaderPresets = {
  x_api_key: { label: "X-API-Key: <key>", headerName: "X-API-Key", headerScheme: "" },
  bearer: { label: "Authorization: Bearer <key>", headerName: "Authorization", headerScheme: "Bearer" },
  token: { label: "Authorization: Token <key>", headerName: "Authorization", headerScheme: "Token" },
  custom: { label: "Another header (type it)", headerName: "", headerScheme: "" },
} as const;

export type ApiKeyHeaderPreset = keyof typeof apiKeyHeaderPresets;

/** Which preset a header name and scheme correspond to (`custom` when none does). */
export function headerPresetFor(headerName: string, headerScheme: string): ApiKeyHeaderPreset {
  for (const [key, preset] of Object.entries(apiKeyHeaderPresets)) {
    if (key !== "custom" && preset.headerName.toLowerCase() === headerName.trim().toLowerCase() && preset.headerScheme.toLowerCase() === headerScheme.trim().toLowerCase()) return key as ApiKeyHeaderPreset;
  }
  return "custom";
}

/** HMAC scheme presets: what each vendor always uses (mirrors the data layer's conventions). */
export const hmacSchemePresets = {
  github: { label: "GitHub", algorithm: "sha256", encoding: "hex", headerName: "X-Hub-Signature-256" },
  stripe: { label: "Stripe", algorithm: "sha256", encoding: "hex", headerName: "Stripe-Signature" },
  slack: { label: "Slack", algorithm: "sha256", encoding: "hex", headerName: "X-Slack-Signature" },
  shopify: { label: "Shopify", algorithm: "sha256", encoding: "base64", headerName: "X-Shopify-Hmac-Sha256" },
  hubspot_v3: { label: "HubSpot v3", algorithm: "sha256", encoding: "base64", headerName: "X-HubSpot-Signature-v3" },
  twilio: { label: "Twilio", algorithm: "sha1", encoding: "base64", headerName: "X-Twilio-Signature" },
  standard_webhooks: { label: "Standard Webhooks", algorithm: "sha256", encoding: "base64", headerName: "webhook-signature" },
  custom: { label: "Custom", algorithm: "sha256", encoding: "hex", headerName: "" },
} as const;

export type HmacSchemePreset = keyof typeof hmacSchemePresets;

export function isHmacScheme(value: unknown): value is HmacSchemePreset {
  return typeof value === "string" && Object.hasOwn(hmacSchemePresets, value);
}

/** "a, b,,c\nd" → ["a", "b", "c", "d"]: trimmed, empty entries dropped, duplicates removed. */
export function splitCommaList(text: string | null | undefined): string[] {
  if (!text) return [];
  return [...new Set(text.split(/[,\n]/).map((s) => s.trim()).filter((s) => s !== ""))];
}

/** A whole number of days, undefined when empty; NaN (rejected by the data layer) when not a number. */
export function optionalDays(text: string | null | undefined): number | undefined {
  const trimmed = (text ?? "").trim();
  if (trimmed === "") return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

type Read = (name: string) => string | null;

/** Non-secret fields echoed back after an error, per method. */
const echoed: Record<FormMethod, string[]> = {
  api_key: ["placement", "headerName", "headerScheme", "queryParam", "expectedPrefix", "mode"],
  basic: ["username"],
  bearer: [],
  hmac: ["headerScheme", "algorithm", "encoding", "headerName", "signaturePrefix"],
  mtls: [],
  track_only: ["location", "locationDetail"],
};

const metadataFields = ["name", "provider", "environment", "ownerId", "workflows", "peopleWithAccess", "rotationIntervalDays", "lastRotatedOn"];

/** The text a form shows again after an error: metadata and the method's settings, never a secret. */
export function echoValues(method: FormMethod, read: Read): Record<string, string> {
  const values = Object.fromEntries([...metadataFields, ...echoed[method]].map((n) => [n, read(n) ?? ""]));
  return { ...values, method, sensitive: read("sensitive") === null ? "" : "on" };
}

const orNull = (v: string | null) => (v === null || v.trim() === "" ? null : v);

/** The method part of the create input, from the submitted fields (secrets passed through as typed). */
function methodFields(method: FormMethod, read: Read): Record<string, unknown> {
  switch (method) {
    case "api_key":
      return {
        method,
        secret: read("secret") ?? "",
        placement: read("placement") || "header",
        headerName: read("placement") === "query" ? null : orNull(read("headerName")),
        headerScheme: read("placement") === "query" ? null : orNull(read("headerScheme")),
        queryParam: read("placement") === "query" ? orNull(read("queryParam")) : null,
        expectedPrefix: orNull(read("expectedPrefix")),
        mode: read("mode") || "live",
      };
    case "basic":
      return { method, username: read("username") ?? "", password: read("password") ?? "" };
    case "bearer":
      return { method, token: read("token") ?? "" };
    case "hmac": {
      // A vendor preset fixes the algorithm, encoding and header; only a custom scheme sends them.
      const scheme = read("headerScheme") ?? "";
      const custom = scheme === "custom";
      return {
        method,
        secret: read("secret") ?? "",
        headerScheme: scheme,
        algorithm: custom ? (orNull(read("algorithm")) ?? undefined) : undefined,
        encoding: custom ? (orNull(read("encoding")) ?? undefined) : undefined,
        headerName: custom ? orNull(read("headerName")) : null,
        signaturePrefix: custom ? orNull(read("signaturePrefix")) : null,
      };
    }
    case "mtls":
      return { method, certificatePem: read("certificatePem") ?? "", privateKeyPem: read("privateKeyPem") ?? "" };
    case "track_only":
      return { method, location: read("location") ?? "", locationDetail: orNull(read("locationDetail")) };
  }
}

/**
 * "Last rotated on" of an imported key. The browser sends the chosen day's local midnight as an
 * instant (`lastRotatedAt`), so today is never "in the future" east of UTC; without JavaScript
 * the plain date (`lastRotatedOn`) is taken as UTC midnight. Undefined when left empty.
 */
export function lastRotatedAt(read: Read): string | undefined {
  const instant = (read("lastRotatedAt") ?? "").trim();
  const day = (read("lastRotatedOn") ?? "").trim();
  if (day === "") return undefined;
  return instant !== "" ? instant : day;
}

/** The full create input (metadata and method fields) from a submitted form. */
export function parseCreateForm(method: FormMethod, read: Read): Record<string, unknown> {
  return {
    name: read("name") ?? "",
    provider: read("provider") ?? "",
    environment: read("environment") || "prod",
    ownerId: orNull(read("ownerId")),
    workflows: splitCommaList(read("workflows")),
    peopleWithAccess: splitCommaList(read("peopleWithAccess")),
    sensitive: read("sensitive") !== null,
    rotationIntervalDays: optionalDays(read("rotationIntervalDays")),
    lastRotatedAt: lastRotatedAt(read),
    ...methodFields(method, read),
  };
}

/** The new secret of a rotation: a string, the certificate and key for mTLS, nothing for track-only. */
export function parseRotationSecret(method: FormMethod, read: Read): string | { certificatePem: string; privateKeyPem: string } | null {
  if (method === "mtls") return { certificatePem: read("certificatePem") ?? "", privateKeyPem: read("privateKeyPem") ?? "" };
  if (method === "track_only") return null;
  return read("newSecret") ?? "";
}

export const overlapOptions = [24, 36, 48] as const;

/** The chosen overlap window in hours (24 when none was chosen; the data layer checks 24–48). */
export function parseOverlapHours(text: string | null): number {
  const trimmed = (text ?? "").trim();
  return trimmed === "" ? 24 : Number(trimmed);
}
