import "server-only";
import { z } from "zod";

// The non-secret, method-specific settings stored in credentials.settings (JSON), and the
// enums the forms offer. Nothing here may ever hold a secret.

export const credentialMethods = ["api_key", "basic", "bearer", "hmac", "mtls", "track_only"] as const;
export type CredentialMethod = (typeof credentialMethods)[number];

export const credentialEnvironments = ["prod", "staging", "dev"] as const;
export type CredentialEnvironment = (typeof credentialEnvironments)[number];

export const secretLocations = ["one_password", "hashicorp_vault", "aws_secrets_manager", "gcp_secret_manager", "workflow_config", "hard_coded", "other"] as const;
export type SecretLocation = (typeof secretLocations)[number];

export const hmacAlgorithms = ["sha256", "sha1", "sha512"] as const;
export const hmacEncodings = ["hex", "base64"] as const;
export const hmacHeaderSchemes = ["github", "stripe", "slack", "shopify", "hubspot_v3", "twilio", "standard_webhooks", "custom"] as const;
export type HmacHeaderScheme = (typeof hmacHeaderSchemes)[number];

type HmacConvention = { label: string; algorithm: (typeof hmacAlgorithms)[number]; encoding: (typeof hmacEncodings)[number]; headerName: string };

/** What each vendor's signature scheme always uses (SECURITY.md, inbound webhooks). */
export const hmacSchemeConventions: Record<Exclude<HmacHeaderScheme, "custom">, HmacConvention> = {
  github: { label: "GitHub", algorithm: "sha256", encoding: "hex", headerName: "X-Hub-Signature-256" },
  stripe: { label: "Stripe", algorithm: "sha256", encoding: "hex", headerName: "Stripe-Signature" },
  slack: { label: "Slack", algorithm: "sha256", encoding: "hex", headerName: "X-Slack-Signature" },
  shopify: { label: "Shopify", algorithm: "sha256", encoding: "base64", headerName: "X-Shopify-Hmac-Sha256" },
  hubspot_v3: { label: "HubSpot v3", algorithm: "sha256", encoding: "base64", headerName: "X-HubSpot-Signature-v3" },
  twilio: { label: "Twilio", algorithm: "sha1", encoding: "base64", headerName: "X-Twilio-Signature" },
  standard_webhooks: { label: "Standard Webhooks", algorithm: "sha256", encoding: "base64", headerName: "webhook-signature" },
};

export const apiKeySettingsSchema = z.object({
  placement: z.enum(["header", "query"]),
  headerName: z.string().nullable(),
  /** Sent before the key in the header value (`Bearer`), or null for the bare key. */
  headerScheme: z.string().nullable(),
  queryParam: z.string().nullable(),
  expectedPrefix: z.string().nullable(),
  mode: z.enum(["test", "live"]),
});

export const basicSettingsSchema = z.object({ username: z.string() });

export const bearerSettingsSchema = z.object({});

export const hmacSettingsSchema = z.object({
  algorithm: z.enum(hmacAlgorithms),
  encoding: z.enum(hmacEncodings),
  headerScheme: z.enum(hmacHeaderSchemes),
  headerName: z.string(),
  /** Text before the signature in the header (`sha256=`), custom schemes only. */
  signaturePrefix: z.string().nullable(),
});

export const mtlsSettingsSchema = z.object({
  /** The certificate (chain) as entered: public, so it is kept in clear for display and download. */
  certificatePem: z.string(),
  subject: z.string(),
  issuer: z.string(),
  subjectAltNames: z.array(z.string()),
  serialNumber: z.string(),
  notBefore: z.iso.datetime(),
  notAfter: z.iso.datetime(),
  fingerprint256: z.string(),
  keyType: z.string().nullable(),
});

export const trackOnlySettingsSchema = z.object({
  location: z.enum(secretLocations),
  locationDetail: z.string().nullable(),
});

export const settingsSchemas = {
  api_key: apiKeySettingsSchema,
  basic: basicSettingsSchema,
  bearer: bearerSettingsSchema,
  hmac: hmacSettingsSchema,
  mtls: mtlsSettingsSchema,
  track_only: trackOnlySettingsSchema,
} as const;

export type CredentialSettingsByMethod = { [M in CredentialMethod]: z.infer<(typeof settingsSchemas)[M]> };
export type ApiKeySettings = CredentialSettingsByMethod["api_key"];
export type HmacSettings = CredentialSettingsByMethod["hmac"];
export type MtlsSettings = CredentialSettingsByMethod["mtls"];

/** Reads stored settings back, checked against the method's shape. */
export function readSettings<M extends CredentialMethod>(method: M, stored: unknown): CredentialSettingsByMethod[M] {
  return settingsSchemas[method].parse(stored) as CredentialSettingsByMethod[M];
}
