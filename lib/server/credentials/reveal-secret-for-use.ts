import "server-only";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { notFound, ServiceError } from "../errors";
import type { Keyring } from "../vault/keyring";
import { readSettings, type CredentialMethod, type CredentialSettingsByMethod } from "./credential-settings";
import { openVersionSecret, type SecretMaterial } from "./version-secret";

export type RevealedVersion = { version: number; state: "active" | "overlap"; overlapEndsAt: Date | null; material: SecretMaterial };

export type RevealedCredential = {
  credentialId: string;
  method: Exclude<CredentialMethod, "track_only">;
  settings: CredentialSettingsByMethod[Exclude<CredentialMethod, "track_only">];
  /** The active version first, then the overlap version while its window runs. */
  versions: RevealedVersion[];
};

/** Who asked, for the audit entry: a user or an Authpulse API key, and from where. */
export type RevealAudit = { actorId: string | null; via: string; apiKeyId?: string | null; ip?: string | null; userAgent?: string | null };

/**
 * SERVER-ONLY, for the credentials API and outbound calls, never for screens: opens the
 * secrets that are valid now (the active version, plus the previous one during a rotation
 * overlap), records lastUsedAt and writes an audit entry. Deleted and other workspaces'
 * credentials are 404; track-only entries have nothing to reveal.
 */
export async function revealSecretForUse(ctx: ServiceContext & { keyring: Keyring }, input: { workspaceId: string; credentialId: string; audit: RevealAudit }): Promise<RevealedCredential> {
  const now = ctx.clock.now();
  const row = await ctx.db.credential.findFirst({
    where: { id: input.credentialId, workspaceId: input.workspaceId, deletedAt: null },
    include: { versions: { where: { state: { in: ["active", "overlap"] }, secretSealed: { not: null } }, orderBy: { version: "desc" } } },
  });
  if (!row) throw notFound("Credential not found.");
  if (row.method === "track_only") throw new ServiceError("BAD_REQUEST", "This credential is tracked only: its secret is kept outside Authpulse.");
  const method = row.method;
  const settings = readSettings(method, row.settings);
  const username = method === "basic" ? (settings as CredentialSettingsByMethod["basic"]).username : undefined;

  const versions: RevealedVersion[] = row.versions
    // An overlap whose window ended is invalid even before the retire job has run.
    .filter((v) => v.state === "active" || (v.overlapEndsAt !== null && v.overlapEndsAt.getTime() > now.getTime()))
    .sort((a, b) => (a.state === b.state ? b.version - a.version : a.state === "active" ? -1 : 1))
    .map((v) => ({
      version: v.version,
      state: v.state as "active" | "overlap",
      overlapEndsAt: v.overlapEndsAt,
      material: openVersionSecret(ctx.keyring, { id: v.id, secretSealed: v.secretSealed! }, method, username),
    }));
  if (versions.length === 0) throw new ServiceError("CONFLICT", "This credential has no valid secret.");

  await ctx.db.credential.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  await recordAudit(
    ctx.db,
    {
      workspaceId: input.workspaceId,
      actorId: input.audit.actorId,
      action: "credential.secret_read",
      targetType: "credential",
      targetId: row.id,
      details: { via: input.audit.via, apiKeyId: input.audit.apiKeyId ?? null, ip: input.audit.ip ?? null, userAgent: input.audit.userAgent ?? null, versions: versions.map((v) => v.version).join(",") },
    },
    now,
  );
  return { credentialId: row.id, method, settings, versions };
}
