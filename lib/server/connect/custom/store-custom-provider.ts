import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { ServiceContext } from "@/lib/server/context";
import { ServiceError } from "@/lib/server/errors";
import { Prisma } from "@/lib/server/generated/prisma/client";
import { providerEntrySchema, type ProviderEntry } from "@/lib/server/providers/provider-entry-schema";
import { firstFreeProviderKey } from "./custom-provider-key";

/** How the entry was made, for the audit log. */
export type CustomProviderSource = "discovery" | "endpoints";

const MAX_ATTEMPTS = 5;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

/**
 * Stores a validated entry under the first free key derived from its id (never a catalog or demo
 * id), with an audit row. Two admins adding the same name at once: the loser of the unique index
 * picks the next key.
 */
export async function storeCustomProvider(
  ctx: ServiceContext,
  input: { actorId: string | null; workspaceId: string; entry: ProviderEntry; source: CustomProviderSource },
): Promise<{ providerKey: string }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const rows = await ctx.db.customProvider.findMany({ where: { workspaceId: input.workspaceId }, select: { providerKey: true } });
    const providerKey = firstFreeProviderKey(input.entry.id, new Set(rows.map((row) => row.providerKey)));
    // Re-validated with its final id, and round-tripped so the stored JSON holds no undefined fields.
    const entry = providerEntrySchema.parse({ ...input.entry, id: providerKey });
    const json = JSON.parse(JSON.stringify(entry)) as Prisma.InputJsonObject;
    const now = ctx.clock.now();
    try {
      await ctx.db.$transaction(async (tx) => {
        const row = await tx.customProvider.create({ data: { workspaceId: input.workspaceId, providerKey, name: entry.name, entry: json, createdAt: now } });
        await recordAudit(
          tx,
          {
            workspaceId: input.workspaceId,
            actorId: input.actorId,
            action: "custom_provider.added",
            targetType: "custom_provider",
            targetId: row.id,
            details: { provider: providerKey, name: entry.name, source: input.source, authorizationHost: hostOf(entry.authorizationUrl) },
          },
          now,
        );
      });
      return { providerKey };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new ServiceError("CONFLICT", "Other providers with this name were being added at the same moment. Try again.");
}
