import "server-only";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { invalidInput } from "../errors";
import type { Keyring } from "../vault/keyring";
import { credentialMetadataInput, rotationIntervalFor, type CredentialMetadataInput } from "./credential-metadata-input";
import { toCredentialView, type CredentialView } from "./credential-views";
import { fingerprintSecret, loadFingerprintKey } from "./fingerprint-secret";
import { methodInput, type MethodInput } from "./method-inputs";
import type { FieldIssue } from "./parse-certificate";
import { prepareNewCredential, type Prepared } from "./prepare-secret";
import { payloadFor, sealVersionSecret } from "./version-secret";

export type CreateCredentialInput = CredentialMetadataInput & MethodInput;

/** Field issues for references that need the database: the owner and a duplicate name. */
async function checkReferences(ctx: ServiceContext, workspaceId: string, meta: { name: string; environment: "prod" | "staging" | "dev"; ownerId: string | null }): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (meta.ownerId) {
    const member = await ctx.db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId: meta.ownerId } } });
    if (!member) issues.push({ path: ["ownerId"], message: "Choose a member of this workspace as the owner." });
  }
  const duplicate = await ctx.db.credential.findFirst({ where: { workspaceId, name: { equals: meta.name, mode: "insensitive" }, environment: meta.environment, deletedAt: null }, select: { id: true } });
  if (duplicate) issues.push({ path: ["name"], message: `A ${meta.environment} credential with this name already exists.` });
  return issues;
}

/**
 * Stores a new credential of any method: validates every field (per-method rules such as the
 * API key's prefix check and the mTLS key/certificate match), then writes the credential and
 * version 1 with its secret sealed to that version row, and an audit entry. Returns the
 * metadata view and warnings (an expired certificate is stored, but flagged).
 */
export async function createCredential(
  ctx: ServiceContext & { keyring: Keyring },
  args: { actorId: string | null; workspaceId: string; input: CreateCredentialInput },
): Promise<{ credential: CredentialView; warnings: string[] }> {
  const now = ctx.clock.now();
  const meta = credentialMetadataInput.safeParse(args.input);
  const method = methodInput.safeParse(args.input);
  const issues: FieldIssue[] = [...(meta.error?.issues ?? []), ...(method.error?.issues ?? [])].map((i) => ({ path: [String(i.path[0] ?? "form")], message: i.message }));

  let prepared: Prepared | undefined;
  if (method.success) {
    const preparation = prepareNewCredential(method.data, now);
    if (preparation.ok) prepared = preparation.value;
    else issues.push(...preparation.issues);
  }
  if (meta.success) {
    if (meta.data.lastRotatedAt && meta.data.lastRotatedAt.getTime() > now.getTime()) issues.push({ path: ["lastRotatedAt"], message: "The last rotation cannot be in the future." });
    issues.push(...(await checkReferences(ctx, args.workspaceId, meta.data)));
  }
  if (issues.length > 0 || !meta.success || !method.success || !prepared) throw invalidInput(issues);

  const data = meta.data;
  const { secret } = prepared;
  const fingerprint = secret.fingerprintMaterial === null ? null : fingerprintSecret(await loadFingerprintKey(ctx), secret.fingerprintMaterial);
  const expiresAt = prepared.certificateExpiresAt ?? data.expiresAt ?? null;

  return ctx.db.$transaction(async (tx) => {
    const credential = await tx.credential.create({
      data: {
        workspaceId: args.workspaceId,
        name: data.name,
        method: method.data.method,
        provider: data.provider,
        environment: data.environment,
        ownerId: data.ownerId,
        workflows: data.workflows,
        peopleWithAccess: data.peopleWithAccess,
        sensitive: data.sensitive,
        rotationIntervalDays: rotationIntervalFor(data),
        settings: prepared.settings,
        createdAt: now,
        rotatedAt: data.lastRotatedAt ?? now,
        expiresAt,
      },
    });
    const version = await tx.credentialVersion.create({
      data: { credentialId: credential.id, workspaceId: args.workspaceId, version: 1, state: "active", secretPrefix: secret.hints.prefix, secretLast4: secret.hints.last4, fingerprint, createdById: args.actorId, createdAt: now },
    });
    // The AAD names the version row, so the row exists before its secret is sealed.
    const sealed = secret.material ? await tx.credentialVersion.update({ where: { id: version.id }, data: { secretSealed: sealVersionSecret(ctx.keyring, version.id, payloadFor(secret.material)) } }) : version;
    await recordAudit(
      tx,
      {
        workspaceId: args.workspaceId,
        actorId: args.actorId,
        action: "credential.created",
        targetType: "credential",
        targetId: credential.id,
        details: { name: credential.name, method: credential.method, provider: credential.provider, environment: credential.environment, version: 1, secretPrefix: secret.hints.prefix, sensitive: credential.sensitive, ...(data.lastRotatedAt ? { lastRotatedAt: credential.rotatedAt.toISOString() } : {}) },
      },
      now,
    );
    return { credential: toCredentialView({ ...credential, versions: [sealed] }, now), warnings: prepared.warnings };
  });
}
