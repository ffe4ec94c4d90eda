import "server-only";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { invalidInput } from "../errors";
import type { CredentialEnvironment, CredentialMethod } from "./credential-settings";
import type { CredentialVersionState } from "./credential-views";
import { isFingerprint } from "./fingerprint-secret";

export type FingerprintMatch = {
  fingerprint: string;
  credentialId: string;
  name: string;
  method: CredentialMethod;
  provider: string;
  environment: CredentialEnvironment;
  version: number;
  /** A retired or deleted secret that leaks still matters: it may not be revoked at the provider. */
  state: CredentialVersionState;
  isDeleted: boolean;
};

const fingerprintsInput = z
  .array(z.string().trim().toLowerCase().refine(isFingerprint, "A fingerprint is 64 hex characters (fingerprintSecret)."), { error: "Pass a list of fingerprints." })
  .max(1000, "Look up at most 1000 fingerprints at once.");

/**
 * For the leak scanner: the credential versions of the workspace whose secret has one of the
 * given fingerprints (from fingerprintSecret), including retired versions and deleted credentials.
 */
export async function findCredentialsByFingerprint(ctx: ServiceContext, input: { workspaceId: string; fingerprints: string[] }): Promise<FingerprintMatch[]> {
  const parsed = fingerprintsInput.safeParse(input.fingerprints);
  if (!parsed.success) throw invalidInput(parsed.error.issues.map((i) => ({ path: ["fingerprints"], message: i.message })));
  const fingerprints = [...new Set(parsed.data)];
  if (fingerprints.length === 0) return [];
  const rows = await ctx.db.credentialVersion.findMany({
    where: { workspaceId: input.workspaceId, fingerprint: { in: fingerprints } },
    select: { fingerprint: true, version: true, state: true, credential: { select: { id: true, name: true, method: true, provider: true, environment: true, deletedAt: true } } },
    orderBy: [{ credentialId: "asc" }, { version: "desc" }],
  });
  return rows.map((row) => ({
    fingerprint: row.fingerprint!,
    credentialId: row.credential.id,
    name: row.credential.name,
    method: row.credential.method,
    provider: row.credential.provider,
    environment: row.credential.environment,
    version: row.version,
    state: row.state,
    isDeleted: row.credential.deletedAt !== null,
  }));
}
