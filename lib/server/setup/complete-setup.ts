import "server-only";
import { z } from "zod";
import { hashPassword, passwordSchema } from "../auth/password";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { invalidInput, ServiceError } from "../errors";
import { hashToken } from "../tokens";
import { slugifyWorkspaceName } from "../workspaces/slug";
import { emailSchema, personNameSchema, workspaceNameSchema } from "../workspaces/workspace-schemas";
import { setupTokenMessages } from "./setup-link";

export const completeSetupInput = z.object({
  token: z.string().min(10).max(200),
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
  workspaceName: workspaceNameSchema,
});

// Serialises concurrent set-up attempts so exactly one first admin can exist.
const SETUP_LOCK_KEY = 7_042_001;

/** Uses a set-up token once to create the first admin and their workspace. */
export async function completeSetup(ctx: ServiceContext, raw: unknown): Promise<{ userId: string; workspaceId: string }> {
  const parsed = completeSetupInput.safeParse(raw);
  if (!parsed.success) {
    throw invalidInput(parsed.error.issues);
  }
  const input = parsed.data;
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY})`;
    const row = await tx.setupToken.findUnique({ where: { tokenHash: hashToken(input.token) } });
    if ((await tx.user.count()) > 0) throw new ServiceError("GONE", row?.usedAt ? setupTokenMessages.used : setupTokenMessages["already-set-up"]);
    if (!row) throw new ServiceError("NOT_FOUND", setupTokenMessages.unknown);
    if (row.usedAt) throw new ServiceError("GONE", setupTokenMessages.used);
    if (row.expiresAt <= now) throw new ServiceError("GONE", setupTokenMessages.expired);

    const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash, createdAt: now } });
    const workspace = await tx.workspace.create({ data: { name: input.workspaceName, slug: slugifyWorkspaceName(input.workspaceName), createdAt: now } });
    await tx.membership.create({ data: { workspaceId: workspace.id, userId: user.id, role: "admin", createdAt: now } });
    await tx.setupToken.update({ where: { id: row.id }, data: { usedAt: now } });
    await tx.setupToken.updateMany({ where: { usedAt: null }, data: { usedAt: now } });
    await recordAudit(tx, { workspaceId: workspace.id, actorId: user.id, action: "setup.completed", targetType: "user", targetId: user.id, details: { email: input.email } }, now);
    return { userId: user.id, workspaceId: workspace.id };
  });
}
