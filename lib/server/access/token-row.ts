import "server-only";
import type { Prisma } from "@/lib/server/generated/prisma/client";
import type { Db } from "@/lib/server/db";

const tokenRowSelect = {
  id: true,
  workspaceId: true,
  status: true,
  statusReason: true,
  health: true,
  healthReason: true,
  method: true,
  accessTokenSealed: true,
  // Only whether there is one: the ciphertext is never opened here.
  refreshTokenSealed: true,
  accessTokenExpiresAt: true,
  tokenType: true,
  lastRefreshedAt: true,
  authorizedAt: true,
  lastUsedAt: true,
  nextRefreshAt: true,
  refreshAttempt: true,
  refreshFence: true,
  refreshLeaseUntil: true,
} as const satisfies Prisma.ConnectionSelect;

/** What the pre-call check reads of a connection: its token, health and refresh bookkeeping. */
export type TokenRow = Prisma.ConnectionGetPayload<{ select: typeof tokenRowSelect }>;

/** One connection's token row (inside a transaction when given one), or null. */
export async function tokenRow(client: Pick<Db, "connection"> | Prisma.TransactionClient, connectionId: string): Promise<TokenRow | null> {
  return client.connection.findUnique({ where: { id: connectionId }, select: tokenRowSelect });
}
