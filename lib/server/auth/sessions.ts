import "server-only";
import { MINUTE, HOUR } from "@/lib/clock";
import type { ServiceContext } from "../context";

export type SessionPolicy = { idleMinutes: number; absoluteHours: number };

/** Starts a server-side session for a user who just proved who they are. */
export async function createSession(ctx: ServiceContext, input: { userId: string; policy: SessionPolicy }): Promise<string> {
  const now = ctx.clock.now();
  const session = await ctx.db.session.create({
    data: {
      userId: input.userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + input.policy.absoluteHours * HOUR),
    },
  });
  await ctx.db.user.update({ where: { id: input.userId }, data: { lastLoginAt: now } });
  return session.id;
}

export type ActiveSession = { sessionId: string; userId: string };

/**
 * Returns the session when it is live: not revoked, within its absolute lifetime, used within
 * the idle window, and its user is active. Touches lastSeenAt at most once a minute.
 */
export async function validateSession(
  ctx: ServiceContext,
  input: { sessionId: string; policy: SessionPolicy },
): Promise<ActiveSession | null> {
  const now = ctx.clock.now();
  const session = await ctx.db.session.findUnique({
    where: { id: input.sessionId },
    select: { id: true, userId: true, lastSeenAt: true, expiresAt: true, revokedAt: true, user: { select: { deactivatedAt: true } } },
  });
  if (!session || session.revokedAt || session.user.deactivatedAt) return null;
  if (session.expiresAt <= now) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > input.policy.idleMinutes * MINUTE) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > MINUTE) {
    await ctx.db.session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return { sessionId: session.id, userId: session.userId };
}

/** Ends one session (logout). */
export async function revokeSession(ctx: ServiceContext, input: { sessionId: string }): Promise<void> {
  await ctx.db.session.updateMany({ where: { id: input.sessionId, revokedAt: null }, data: { revokedAt: ctx.clock.now() } });
}

/** Ends every session of a user (password change, removal, deactivation). */
export async function revokeUserSessions(ctx: ServiceContext, input: { userId: string }): Promise<number> {
  const result = await ctx.db.session.updateMany({ where: { userId: input.userId, revokedAt: null }, data: { revokedAt: ctx.clock.now() } });
  return result.count;
}
