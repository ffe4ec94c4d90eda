import "server-only";
import type { z } from "zod";
import { hmacSchemeConventions, type CredentialMethod, type CredentialSettingsByMethod } from "./credential-settings";
import { apiKeyMismatch, basicPassword, bearerToken, hmacSecret, mtlsSecretInput, singleLineSecret, type ParsedMethodInput } from "./method-inputs";
import { parseCertificateAndKey, type FieldIssue } from "./parse-certificate";
import { secretHints, type SecretHints } from "./secret-hints";
import type { SecretMaterial } from "./version-secret";

/** A validated secret, ready to be sealed into a version row. */
export type PreparedSecret = {
  /** null for track-only entries. */
  material: SecretMaterial | null;
  /** The text fingerprinted for the leak scanner (the secret, the password, or the canonical private key). */
  fingerprintMaterial: string | null;
  hints: SecretHints;
};

export type Prepared = {
  settings: CredentialSettingsByMethod[CredentialMethod];
  secret: PreparedSecret;
  /** The certificate's notAfter for mTLS; undefined for methods whose expiry the admin types. */
  certificateExpiresAt?: Date;
  warnings: string[];
};

export type Preparation = { ok: true; value: Prepared } | { ok: false; issues: FieldIssue[] };

const NO_HINTS: SecretHints = { prefix: null, last4: null };

const plain = (method: "api_key" | "bearer" | "hmac", secret: string, expectedPrefix?: string | null): PreparedSecret => ({
  material: { method, secret },
  fingerprintMaterial: secret,
  hints: secretHints(secret, expectedPrefix),
});

function prepareMtls(certificatePem: string, privateKeyPem: string, now: Date): Preparation {
  const parsed = parseCertificateAndKey(certificatePem, privateKeyPem, now);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: {
      settings: parsed.settings,
      secret: { material: { method: "mtls", certificatePem: parsed.settings.certificatePem, privateKeyPem: parsed.privateKeyPem }, fingerprintMaterial: parsed.privateKeyPem, hints: NO_HINTS },
      certificateExpiresAt: new Date(parsed.settings.notAfter),
      warnings: parsed.warnings,
    },
  };
}

/** Turns a new credential's validated method fields into its settings and secret. */
export function prepareNewCredential(input: ParsedMethodInput, now: Date): Preparation {
  const done = (settings: Prepared["settings"], secret: PreparedSecret): Preparation => ({ ok: true, value: { settings, secret, warnings: [] } });
  switch (input.method) {
    case "api_key": {
      const header = input.placement === "header";
      const settings = { placement: input.placement, headerName: header ? input.headerName : null, headerScheme: header ? input.headerScheme : null, queryParam: header ? null : input.queryParam, expectedPrefix: input.expectedPrefix, mode: input.mode };
      return done(settings, plain("api_key", input.secret, input.expectedPrefix));
    }
    case "basic":
      return done({ username: input.username }, { material: { method: "basic", username: input.username, password: input.password }, fingerprintMaterial: input.password, hints: NO_HINTS });
    case "bearer":
      return done({}, plain("bearer", input.token));
    case "hmac": {
      const convention = input.headerScheme === "custom" ? null : hmacSchemeConventions[input.headerScheme];
      const settings = {
        algorithm: input.algorithm ?? convention?.algorithm ?? "sha256",
        encoding: input.encoding ?? convention?.encoding ?? "hex",
        headerScheme: input.headerScheme,
        headerName: convention?.headerName ?? input.headerName ?? "",
        signaturePrefix: convention ? null : input.signaturePrefix,
      };
      return done(settings, plain("hmac", input.secret));
    }
    case "mtls":
      return prepareMtls(input.certificatePem, input.privateKeyPem, now);
    case "track_only":
      return done({ location: input.location, locationDetail: input.locationDetail }, { material: null, fingerprintMaterial: null, hints: NO_HINTS });
  }
}

function secretField<T>(schema: z.ZodType<T>, value: unknown): { ok: true; value: T } | { ok: false; issues: FieldIssue[] } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: ["newSecret"], message: issue.message })) };
}

/**
 * Validates the new secret of a rotation against the credential's method and settings (the
 * API key's prefix check still applies). mTLS takes `{ certificatePem, privateKeyPem }`,
 * track-only entries take no secret, every other method a string.
 */
export function prepareRotation(method: CredentialMethod, settings: Prepared["settings"], newSecret: unknown, now: Date): Preparation {
  const keep = (secret: PreparedSecret): Preparation => ({ ok: true, value: { settings, secret, warnings: [] } });
  switch (method) {
    case "api_key": {
      const current = settings as CredentialSettingsByMethod["api_key"];
      const parsed = secretField(singleLineSecret("API key", 8), newSecret);
      if (!parsed.ok) return parsed;
      const mismatch = apiKeyMismatch(parsed.value, current);
      if (mismatch) return { ok: false, issues: [{ path: ["newSecret"], message: mismatch.message }] };
      return keep(plain("api_key", parsed.value, current.expectedPrefix));
    }
    case "basic": {
      const parsed = secretField(basicPassword, newSecret);
      if (!parsed.ok) return parsed;
      const username = (settings as CredentialSettingsByMethod["basic"]).username;
      return keep({ material: { method: "basic", username, password: parsed.value }, fingerprintMaterial: parsed.value, hints: NO_HINTS });
    }
    case "bearer": {
      const parsed = secretField(bearerToken, newSecret);
      return parsed.ok ? keep(plain("bearer", parsed.value)) : parsed;
    }
    case "hmac": {
      const parsed = secretField(hmacSecret, newSecret);
      return parsed.ok ? keep(plain("hmac", parsed.value)) : parsed;
    }
    case "mtls": {
      const parsed = mtlsSecretInput.safeParse(newSecret ?? {});
      if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: [String(i.path[0] ?? "newSecret")], message: i.message })) };
      return prepareMtls(parsed.data.certificatePem, parsed.data.privateKeyPem, now);
    }
    case "track_only":
      if (newSecret !== undefined && newSecret !== null && newSecret !== "") {
        return { ok: false, issues: [{ path: ["newSecret"], message: "A track-only credential keeps no secret here. Rotate it where it lives, then record the rotation without a secret." }] };
      }
      return keep({ material: null, fingerprintMaterial: null, hints: NO_HINTS });
  }
}
