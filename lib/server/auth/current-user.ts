import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { systemClock } from "@/lib/clock";
import { db } from "../db";
import { authOptions, sessionPolicy } from "./auth-options";
import { validateSession } from "./sessions";

export type CurrentUser = { id: string; email: string; name: string; sessionId: string };

/** The signed-in user for this request, after checking the server-side session; null if none. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.sid) return null;
  const ctx = { db: db(), clock: systemClock };
  const active = await validateSession(ctx, { sessionId: session.sid, policy: sessionPolicy() });
  if (!active) return null;
  const user = await ctx.db.user.findUnique({ where: { id: active.userId }, select: { id: true, email: true, name: true } });
  return user ? { ...user, sessionId: active.sessionId } : null;
});
