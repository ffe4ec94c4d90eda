import "server-only";
import type { ServiceContext } from "../context";
import { openVersionSecret } from "../credentials/version-secret";
import type { Keyring } from "../vault/keyring";
import type { WebhookSecret } from "./scheme-types";

/**
 * The HMAC secrets that verify a source's deliveries now: the credential's active version and,
 * during a rotation, the previous version until its overlap ends (seed 002). Not audited per
 * delivery (that would flood the audit log); the delivery rows record which version verified.
 */
export async function webhookSecrets(ctx: ServiceContext & { keyring: Keyring }, input: { workspaceId: string; credentialId: string }): Promise<WebhookSecret[]> {
  const now = ctx.clock.now();
  const credential = await ctx.db.credential.findFirst({
    where: { id: input.credentialId, workspaceId: input.workspaceId, deletedAt: null, method: "hmac" },
    select: { versions: { where: { state: { in: ["active", "overlap"] }, secretSealed: { not: null } }, select: { id: true, version: true, state: true, overlapEndsAt: true, secretSealed: true } } },
  });
  if (!credential) return [];
  return credential.versions
    .filter((v) => v.state === "active" || (v.overlapEndsAt !== null && v.overlapEndsAt.getTime() > now.getTime()))
    .map((v) => {
      const material = openVersionSecret(ctx.keyring, { id: v.id, secretSealed: v.secretSealed! }, "hmac");
      return { version: v.version, value: material.method === "hmac" ? material.secret : "" };
    })
    .filter((s) => s.value !== "");
}
