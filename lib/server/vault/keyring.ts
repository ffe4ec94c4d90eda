import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";

const keyIdSchema = z.string().regex(/^k[0-9]{1,6}$/, "key ids look like k1, k2, ...");
const keyMaterialSchema = z
  .string()
  .refine((value) => Buffer.from(value, "base64").length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value), "each key must be 32 bytes, base64-encoded");

export const keyringFileSchema = z
  .object({
    version: z.literal(1),
    primary: keyIdSchema,
    keys: z.record(keyIdSchema, keyMaterialSchema),
  })
  .refine((file) => file.primary in file.keys, { message: "the primary key id must be one of the keys", path: ["primary"] });

export type KeyringFile = z.infer<typeof keyringFileSchema>;

/** The master keys in memory: the primary seals, every listed key opens. */
export type Keyring = { primaryId: string; keys: ReadonlyMap<string, Buffer> };

export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyringError";
  }
}

/** Parses a keyring file's text; a clear KeyringError when it is corrupt (never echoing key material). */
export function parseKeyring(text: string, source: string): Keyring {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyringError(`The master key file ${source} is corrupt: it is not valid JSON. Restore it from your backup.`);
  }
  const parsed = keyringFileSchema.safeParse(json);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) => `${i.path.join(".") || "file"}: ${i.message}`).join("; ");
    throw new KeyringError(`The master key file ${source} is corrupt (${reasons}). Restore it from your backup.`);
  }
  const keys = new Map(Object.entries(parsed.data.keys).map(([id, b64]) => [id, Buffer.from(b64, "base64")]));
  return { primaryId: parsed.data.primary, keys };
}

/** A new keyring file with one random 256-bit key. */
export function generateKeyringFile(): KeyringFile {
  return { version: 1, primary: "k1", keys: { k1: randomBytes(32).toString("base64") } };
}

/** A keyring from a single base64 key given in env (AUTHPULSE_MASTER_KEY). */
export function keyringFromEnvKey(value: string): Keyring {
  return parseKeyring(JSON.stringify({ version: 1, primary: "k1", keys: { k1: value.trim() } }), "AUTHPULSE_MASTER_KEY");
}
