import "server-only";
import type { ServiceContext } from "../context";
import { readSettings } from "../credentials/credential-settings";
import { revealSecretForUse } from "../credentials/reveal-secret-for-use";
import { ServiceError } from "../errors";
import type { Keyring } from "../vault/keyring";
import { recordApiAudit, withAuditRequestColumns, type RequestMeta } from "./api-audit";
import { credentialNotFound } from "./api-key-errors";
import { apiKeyMayRead } from "./api-key-format";
import type { AuthenticatedApiKey } from "./authenticate-api-key";
import { credentialReadBody, describeSecretLocation, type CredentialReadBody } from "./credential-material";

const MAX_ID = 64;

/**
 * Reads a credential's usable secret for an authenticated API key. In scope: its id is one of
 * the key's credentialIds, or one of its workflow labels matches one of the key's tags
 * (trimmed, case-insensitive), checked against the same single lookup. Out of the key's scope,
 * another workspace's, deleted and unknown credentials all get the same 404 (one lookup each,
 * so they share a timing class); each refusal is audited as "denied". A read is audited by
 * revealSecretForUse (via "api", with the key id, ip and user agent) with outcome "allowed".
 */
export async function readCredentialWithApiKey(
  ctx: ServiceContext & { keyring: Keyring },
  input: { apiKey: AuthenticatedApiKey; credentialId: string; meta: RequestMeta },
): Promise<CredentialReadBody> {
  const { apiKey, meta } = input;
  const credentialId = input.credentialId.slice(0, MAX_ID);
  const now = ctx.clock.now();
  const row = await ctx.db.credential.findFirst({
    where: { id: credentialId, workspaceId: apiKey.workspaceId, deletedAt: null },
    select: { id: true, method: true, settings: true, workflows: true },
  });
  const deny = async (reason: string, status: number) =>
    recordApiAudit(
      ctx.db,
      { workspaceId: apiKey.workspaceId, action: "credential.secret_read", targetType: "credential", targetId: credentialId, outcome: "denied", meta, details: { via: "api", apiKeyId: apiKey.id, reason, status } },
      now,
    );

  if (!row || !apiKeyMayRead(apiKey, row)) {
    await deny(row ? "out_of_scope" : "not_found", 404);
    throw credentialNotFound();
  }
  if (row.method === "track_only") {
    await deny("track_only", 409);
    throw new ServiceError("CONFLICT", `This credential is tracked only; its secret lives in ${describeSecretLocation(readSettings("track_only", row.settings))}.`);
  }

  const revealed = await revealSecretForUse(
    { ...ctx, db: withAuditRequestColumns(ctx.db, meta, "allowed") },
    { workspaceId: apiKey.workspaceId, credentialId: row.id, audit: { actorId: null, via: "api", apiKeyId: apiKey.id, ip: meta.ip, userAgent: meta.userAgent } },
  );
  await ctx.db.apiKey.update({ where: { id: apiKey.id }, data: { lastUsedAt: now } });
  return credentialReadBody(revealed);
}
