import "server-only";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import type { Logger } from "pino";
import { z } from "zod";

const privateJwkSchema = z.looseObject({
  kty: z.enum(["RSA", "EC"]),
  kid: z.string().min(1),
  alg: z.enum(["RS256", "ES256"]),
  use: z.literal("sig"),
  d: z.string().min(1),
});

/** A private signing JWKS as oidc-provider's `jwks` option takes it (one RS256 and one ES256 key). */
export const demoJwksSchema = z.object({
  keys: z
    .array(privateJwkSchema)
    .min(1)
    .refine((keys) => keys.some((key) => key.alg === "RS256"), "the JWKS needs an RS256 key (default ID token algorithm)"),
});

export type DemoJwks = z.infer<typeof demoJwksSchema>;

async function generateSigningJwk(alg: "RS256" | "ES256"): Promise<DemoJwks["keys"][number]> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return privateJwkSchema.parse({ ...jwk, kid, alg, use: "sig" });
}

/** Generates a fresh signing JWKS with one RS256 and one ES256 key. */
export async function generateDemoJwks(): Promise<DemoJwks> {
  return { keys: await Promise.all([generateSigningJwk("RS256"), generateSigningJwk("ES256")]) };
}

function isErrnoException(error: unknown, code: string): boolean {
  return error instanceof Error && "code" in error && error.code === code;
}

async function readJwksFile(path: string, log?: Logger): Promise<DemoJwks> {
  const info = await stat(path);
  if ((info.mode & 0o077) !== 0) {
    await chmod(path, 0o600);
    log?.warn({ path }, "demo provider JWKS file was readable by others; set its mode to 0600");
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch {
    throw new Error(`demo provider JWKS file ${path} is not valid JSON; delete it to generate new keys`);
  }
  const parsed = demoJwksSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`demo provider JWKS file ${path} is not a usable signing JWKS; delete it to generate new keys`);
  }
  return parsed.data;
}

/** Signing JWKS: generated when `path` is undefined, else read from `path` or created there with mode 0600. */
export async function loadOrCreateDemoJwks(path: string | undefined, log?: Logger): Promise<DemoJwks> {
  if (path === undefined) return generateDemoJwks();
  try {
    return await readJwksFile(path, log);
  } catch (error) {
    if (!isErrnoException(error, "ENOENT")) throw error;
  }
  const jwks = await generateDemoJwks();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // "wx": never overwrite a file another process created in the meantime.
    await writeFile(path, `${JSON.stringify(jwks)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if (isErrnoException(error, "EEXIST")) return readJwksFile(path, log);
    throw error;
  }
  log?.info({ path }, "demo provider signing keys generated");
  return jwks;
}
