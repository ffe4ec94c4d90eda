import "server-only";
import { z } from "zod";
import { hmacAlgorithms, hmacEncodings, hmacHeaderSchemes, hmacSchemeConventions, secretLocations } from "./credential-settings";
import { prefixMode, secretHints } from "./secret-hints";

// The per-method part of the create form: the secret fields and the method's settings. Each
// field gets its own message, so a form can show it next to the field.

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_SCHEME = /^[A-Za-z][A-Za-z0-9._~+/-]*$/;
const QUERY_PARAM = /^[A-Za-z0-9_.~[\]-]+$/;
const PREFIX = /^[A-Za-z0-9_.-]+$/;
const MAX_SECRET = 8192;
const MAX_PEM = 65_536;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

/** A pasted single-line secret: trimmed, without spaces or line breaks inside. */
export const singleLineSecret = (what: string, min = 1) =>
  z
    .string({ error: `Enter the ${what}.` })
    .trim()
    .min(1, `Enter the ${what}.`)
    .min(min, `The ${what} is too short to be real (at least ${min} characters).`)
    .max(MAX_SECRET, `The ${what} is longer than ${MAX_SECRET} characters.`)
    .refine((v) => !/\s/.test(v), `The ${what} contains spaces or line breaks. Paste it again without them.`);

/** Why an API key does not fit its settings (prefix check, test/live), or null when it does. */
export function apiKeyMismatch(secret: string, settings: { expectedPrefix: string | null; mode: "test" | "live" }): { field: "secret" | "mode"; message: string } | null {
  if (settings.expectedPrefix && !secret.startsWith(settings.expectedPrefix)) {
    return { field: "secret", message: `This key does not start with ${settings.expectedPrefix}. Check that you pasted the right key.` };
  }
  const detected = secretHints(secret, settings.expectedPrefix).prefix;
  const keyMode = prefixMode(detected);
  if (keyMode && keyMode !== settings.mode) {
    return { field: "mode", message: `This looks like a ${keyMode} key (${detected}…), but the mode is ${settings.mode}.` };
  }
  return null;
}

const apiKeyInput = z
  .object({
    method: z.literal("api_key"),
    secret: singleLineSecret("API key", 8),
    placement: z.enum(["header", "query"], { error: "Choose where the key goes: a header or a query parameter." }).default("header"),
    headerName: optionalText(100).refine((v) => v === null || HEADER_NAME.test(v), "A header name has letters, digits and - only."),
    headerScheme: optionalText(40).refine((v) => v === null || HEADER_SCHEME.test(v), "A scheme is one word, like Bearer or Token."),
    queryParam: optionalText(100).refine((v) => v === null || QUERY_PARAM.test(v), "A query parameter name has letters, digits, _ . ~ and - only."),
    expectedPrefix: optionalText(32).refine((v) => v === null || PREFIX.test(v), "A prefix has letters, digits, _ . and - only."),
    mode: z.enum(["test", "live"], { error: "Choose test or live." }).default("live"),
  })
  .superRefine((v, ctx) => {
    if (v.placement === "header" && !v.headerName) ctx.addIssue({ code: "custom", path: ["headerName"], message: "Enter the header the key goes in (for example X-API-Key or Authorization)." });
    if (v.placement === "query" && !v.queryParam) ctx.addIssue({ code: "custom", path: ["queryParam"], message: "Enter the query parameter the key goes in (for example api_key)." });
    const mismatch = apiKeyMismatch(v.secret, v);
    if (mismatch) ctx.addIssue({ code: "custom", path: [mismatch.field], message: mismatch.message });
  });

/** RFC 7617: the user-id cannot contain a colon. */
export const basicUsername = z
  .string({ error: "Enter the username." })
  .trim()
  .min(1, "Enter the username.")
  .max(256, "Use at most 256 characters.")
  .refine((v) => !v.includes(":"), "A basic-auth username cannot contain a colon.")
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "The username contains a control character.");

export const basicPassword = z
  .string({ error: "Enter the password." })
  .min(1, "Enter the password.")
  .max(1024, "Use at most 1024 characters.")
  .refine((v) => !/[\r\n]/.test(v), "The password contains a line break. Paste it again without it.");

const basicInput = z.object({ method: z.literal("basic"), username: basicUsername, password: basicPassword });

/** A bearer token, accepted with or without a pasted `Bearer ` in front. */
export const bearerToken = z
  .string({ error: "Enter the token." })
  .transform((v) => v.trim().replace(/^bearer\s+/i, ""))
  .pipe(singleLineSecret("token", 8));

const bearerInput = z.object({ method: z.literal("bearer"), token: bearerToken });

export const hmacSecret = singleLineSecret("signing secret").refine((v) => Buffer.byteLength(v, "utf8") >= 16, "A signing secret needs at least 16 bytes.");

const hmacInput = z
  .object({
    method: z.literal("hmac"),
    secret: hmacSecret,
    algorithm: z.enum(hmacAlgorithms, { error: "Choose sha256, sha1 or sha512." }).optional(),
    encoding: z.enum(hmacEncodings, { error: "Choose hex or base64." }).optional(),
    headerScheme: z.enum(hmacHeaderSchemes, { error: "Choose the signature scheme (the vendor, or custom)." }),
    headerName: optionalText(100).refine((v) => v === null || HEADER_NAME.test(v), "A header name has letters, digits and - only."),
    signaturePrefix: optionalText(40),
  })
  .superRefine((v, ctx) => {
    if (v.headerScheme === "custom") {
      if (!v.headerName) ctx.addIssue({ code: "custom", path: ["headerName"], message: "Enter the header that carries the signature." });
      return;
    }
    const convention = hmacSchemeConventions[v.headerScheme];
    if (v.algorithm && v.algorithm !== convention.algorithm) ctx.addIssue({ code: "custom", path: ["algorithm"], message: `${convention.label} signs with ${convention.algorithm}.` });
    if (v.encoding && v.encoding !== convention.encoding) ctx.addIssue({ code: "custom", path: ["encoding"], message: `${convention.label} encodes signatures in ${convention.encoding}.` });
  });

const pem = (what: string) =>
  z
    .string({ error: `Paste the ${what} (PEM).` })
    .trim()
    .min(1, `Paste the ${what} (PEM).`)
    .max(MAX_PEM, `The ${what} is longer than ${MAX_PEM} characters.`);

export const mtlsSecretInput = z.object({ certificatePem: pem("certificate"), privateKeyPem: pem("private key") }, { error: "Paste the certificate and its private key (PEM)." });

const mtlsInput = mtlsSecretInput.extend({ method: z.literal("mtls") });

const trackOnlyInput = z
  .object({
    method: z.literal("track_only"),
    location: z.enum(secretLocations, { error: "Choose where the secret lives." }),
    locationDetail: optionalText(500),
  })
  .superRefine((v, ctx) => {
    if (v.location === "other" && !v.locationDetail) ctx.addIssue({ code: "custom", path: ["locationDetail"], message: "Say where the secret lives." });
  });

/** The method-specific fields of a new credential. */
export const methodInput = z.discriminatedUnion("method", [apiKeyInput, basicInput, bearerInput, hmacInput, mtlsInput, trackOnlyInput], {
  error: "Choose the kind of credential: API key, basic auth, bearer token, HMAC secret, mTLS certificate or track-only.",
});

export type MethodInput = z.input<typeof methodInput>;
export type ParsedMethodInput = z.output<typeof methodInput>;
