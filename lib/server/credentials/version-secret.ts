import "server-only";
import { z } from "zod";
import { aadFor } from "../vault/aad";
import type { Keyring } from "../vault/keyring";
import { open, seal } from "../vault/seal";
import type { CredentialMethod } from "./credential-settings";

/** The one sealed column of the vault: credential_versions.secret_sealed. */
export const SECRET_FIELD = "secret";

/** What a version's sealed payload opens to, per method (server-side use only). */
export type SecretMaterial =
  | { method: "api_key" | "bearer" | "hmac"; secret: string }
  | { method: "basic"; username: string; password: string }
  | { method: "mtls"; certificatePem: string; privateKeyPem: string };

const basicPayload = z.object({ password: z.string() });
// The certificate travels with its key so an overlap version still has the pair it was issued with.
const mtlsPayload = z.object({ privateKeyPem: z.string(), certificatePem: z.string() });

/** The plaintext sealed for a version: the bare secret, or JSON for basic ({password}) and mTLS ({privateKeyPem, certificatePem}). */
export function payloadFor(material: SecretMaterial): string {
  switch (material.method) {
    case "basic":
      return JSON.stringify({ password: material.password });
    case "mtls":
      return JSON.stringify({ privateKeyPem: material.privateKeyPem, certificatePem: material.certificatePem });
    default:
      return material.secret;
  }
}

/** Seals a version's payload, bound to that version row (AAD `credential_version:<id>:secret`). */
export function sealVersionSecret(keyring: Keyring, versionId: string, payload: string): string {
  return seal(keyring, payload, aadFor("credential_version", versionId, SECRET_FIELD));
}

// JSON.parse errors quote the text they failed on; never let that text be a secret.
function parsePayload<T>(schema: z.ZodType<T>, payload: string): T {
  try {
    const parsed = schema.safeParse(JSON.parse(payload));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the generic error
  }
  throw new Error("A credential version's sealed payload has an unexpected shape.");
}

/** Opens a version's sealed payload back into its material; `username` comes from the basic settings. */
export function openVersionSecret(keyring: Keyring, version: { id: string; secretSealed: string }, method: Exclude<CredentialMethod, "track_only">, username?: string): SecretMaterial {
  const payload = open(keyring, version.secretSealed, aadFor("credential_version", version.id, SECRET_FIELD));
  if (method === "basic") return { method, username: username ?? "", password: parsePayload(basicPayload, payload).password };
  if (method === "mtls") return { method, ...parsePayload(mtlsPayload, payload) };
  return { method, secret: payload };
}
