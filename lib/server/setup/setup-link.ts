import "server-only";
import { HOUR } from "@/lib/clock";
import type { ServiceContext } from "../context";
import { generateToken, hashToken } from "../tokens";

export const SETUP_LINK_TTL_HOURS = 24;

/** True until the first admin has been created. */
export async function isSetupPending(ctx: ServiceContext): Promise<boolean> {
  return (await ctx.db.user.count()) === 0;
}

/**
 * Issues a one-time set-up token while no user exists, or returns null when Authpulse is
 * already set up. Only its hash is stored; the caller prints the link once.
 */
export async function issueSetupToken(ctx: ServiceContext): Promise<{ token: string; expiresAt: Date } | null> {
  if (!(await isSetupPending(ctx))) return null;
  const token = generateToken();
  const expiresAt = new Date(ctx.clock.now().getTime() + SETUP_LINK_TTL_HOURS * HOUR);
  await ctx.db.setupToken.create({ data: { tokenHash: hashToken(token), expiresAt, createdAt: ctx.clock.now() } });
  return { token, expiresAt };
}

export type SetupTokenState = "valid" | "unknown" | "used" | "expired" | "already-set-up";

/** Tells the set-up page what to show for a token, without consuming it. */
export async function inspectSetupToken(ctx: ServiceContext, token: string): Promise<SetupTokenState> {
  const row = await ctx.db.setupToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) return (await isSetupPending(ctx)) ? "unknown" : "already-set-up";
  if (row.usedAt) return "used";
  if (!(await isSetupPending(ctx))) return "already-set-up";
  if (row.expiresAt <= ctx.clock.now()) return "expired";
  return "valid";
}

export const setupTokenMessages: Record<Exclude<SetupTokenState, "valid">, string> = {
  unknown: "This set-up link is not valid. Copy the whole link from the Authpulse console, or restart Authpulse to print a new one.",
  used: "This set-up link was already used. Log in with the admin account it created.",
  expired: "This set-up link has expired. Restart Authpulse (npm start) to print a new one.",
  "already-set-up": "Authpulse is already set up. Log in, or ask an admin to invite you.",
};
