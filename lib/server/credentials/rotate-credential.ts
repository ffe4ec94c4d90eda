import "server-only";
import { z } from "zod";
import { HOUR } from "@/lib/clock";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { invalidInput, notFound } from "../errors";
import type { Keyring } from "../vault/keyring";
import { readSettings, type MtlsSettings } from "./credential-settings";
import { toCredentialDetail, versionViewSelect, type CredentialDetail } from "./credential-views";
import { fingerprintSecret, loadFingerprintKey } from "./fingerprint-secret";
import type { FieldIssue } from "./parse-certificate";
import { prepareRotation } from "./prepare-secret";
import { payloadFor, sealVersionSecret } from "./version-secret";

export const DEFAULT_OVERLAP_HOURS = 24;

const rotationOptions = z.object({
  overlapHours: z
    .number({ error: "Choose an overlap between 24 and 48 hours." })
    .int("Choose a whole number of hours.")
    .min(24, "Choose an overlap between 24 and 48 hours.")
    .max(48, "Choose an overlap between 24 and 48 hours.")
    .default(DEFAULT_OVERLAP_HOURS),
  /** The new secret's expiry, when the provider set one (mTLS takes the certificate's notAfter). */
  expiresAt: z.coerce.date({ error: "Enter a valid date." }).nullish(),
});

/** The new secret: a string, `{ certificatePem, privateKeyPem }` for mTLS, nothing for track-only. */
export type RotationSecret = string | { certificatePem: string; privateKeyPem: string } | null | undefined;

/**
 * Rotates a credential: the new secret becomes the active version at once, the previous active
 * one stays valid as `overlap` until overlapEndsAt (24 h by default, 24–48 h), and an older
 * overlap version is retired immediately (at most two secrets are ever valid). Resets the
 * rotation age and writes an audit entry. Track-only entries record a rotation without a secret.
 */
export async function rotateCredential(
  ctx: ServiceContext & { keyring: Keyring },
  input: { actorId: string | null; workspaceId: string; credentialId: string; newSecret?: RotationSecret; overlapHours?: number; expiresAt?: Date | string | null },
): Promise<{ credential: CredentialDetail; warnings: string[] }> {
  const now = ctx.clock.now();
  const options = rotationOptions.safeParse({ overlapHours: input.overlapHours, expiresAt: input.expiresAt });
  const row = await ctx.db.credential.findFirst({
    where: { id: input.credentialId, workspaceId: input.workspaceId, deletedAt: null },
    include: { versions: { where: { state: "active" }, select: { fingerprint: true } } },
  });
  if (!row) throw notFound("Credential not found.");

  const issues: FieldIssue[] = (options.error?.issues ?? []).map((i) => ({ path: [String(i.path[0] ?? "form")], message: i.message }));
  const settings = readSettings(row.method, row.settings);
  const preparation = prepareRotation(row.method, settings, input.newSecret, now);
  if (!preparation.ok) issues.push(...preparation.issues);
  const prepared = preparation.ok ? preparation.value : null;
  const fingerprint = prepared?.secret.fingerprintMaterial ? fingerprintSecret(await loadFingerprintKey(ctx), prepared.secret.fingerprintMaterial) : null;
  if (prepared && row.method === "mtls") {
    // A renewed certificate may keep its key; the same certificate again is no rotation.
    if ((prepared.settings as MtlsSettings).fingerprint256 === (settings as MtlsSettings).fingerprint256) issues.push({ path: ["certificatePem"], message: "This is the certificate in use now. Paste the new one." });
  } else if (fingerprint && row.versions.some((v) => v.fingerprint === fingerprint)) {
    issues.push({ path: ["newSecret"], message: "This is the secret in use now. Paste the new one." });
  }
  if (issues.length > 0 || !prepared || !options.success) throw invalidInput(issues);

  const overlapHours = options.data.overlapHours;
  const overlapEndsAt = new Date(now.getTime() + overlapHours * HOUR);
  const expiresAt = prepared.certificateExpiresAt ?? options.data.expiresAt ?? null;

  const detail = await ctx.db.$transaction(async (tx) => {
    // Serialises rotations and deletes of this credential.
    await tx.$queryRaw`SELECT id FROM credentials WHERE id = ${row.id} FOR UPDATE`;
    const live = await tx.credential.findFirst({ where: { id: row.id, deletedAt: null }, select: { id: true } });
    if (!live) throw notFound("Credential not found.");
    const current = await tx.credentialVersion.findMany({ where: { credentialId: row.id, state: { in: ["active", "overlap"] } } });
    const previous = current.find((v) => v.state === "active");
    const olderOverlaps = current.filter((v) => v.state === "overlap").map((v) => v.id);
    if (olderOverlaps.length > 0) {
      await tx.credentialVersion.updateMany({ where: { id: { in: olderOverlaps } }, data: { state: "retired", retiredAt: now, secretSealed: null } });
    }
    if (previous) {
      // A track-only entry has no secret to keep valid, so its previous version retires at once.
      const keep = previous.secretSealed !== null;
      await tx.credentialVersion.update({
        where: { id: previous.id },
        data: keep ? { state: "overlap", overlapEndsAt } : { state: "retired", retiredAt: now, secretSealed: null },
      });
    }
    const latest = await tx.credentialVersion.aggregate({ where: { credentialId: row.id }, _max: { version: true } });
    const versionNumber = (latest._max.version ?? 0) + 1;
    const created = await tx.credentialVersion.create({
      data: { credentialId: row.id, workspaceId: row.workspaceId, version: versionNumber, state: "active", secretPrefix: prepared.secret.hints.prefix, secretLast4: prepared.secret.hints.last4, fingerprint, createdById: input.actorId, createdAt: now },
    });
    if (prepared.secret.material) {
      await tx.credentialVersion.update({ where: { id: created.id }, data: { secretSealed: sealVersionSecret(ctx.keyring, created.id, payloadFor(prepared.secret.material)) } });
    }
    const updated = await tx.credential.update({
      where: { id: row.id },
      data: { rotatedAt: now, settings: prepared.settings, expiresAt },
      include: { versions: { select: versionViewSelect } },
    });
    await recordAudit(
      tx,
      {
        workspaceId: row.workspaceId,
        actorId: input.actorId,
        action: "credential.rotated",
        targetType: "credential",
        targetId: row.id,
        details: {
          name: row.name,
          method: row.method,
          version: versionNumber,
          previousVersion: previous?.version ?? null,
          overlapHours: previous?.secretSealed ? overlapHours : 0,
          overlapEndsAt: previous?.secretSealed ? overlapEndsAt.toISOString() : null,
          retiredVersions: olderOverlaps.length,
          secretPrefix: prepared.secret.hints.prefix,
        },
      },
      now,
    );
    return toCredentialDetail(updated, now);
  });
  return { credential: detail, warnings: prepared.warnings };
}
