import "server-only";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { decoyHash, verifyPassword } from "./password";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(256),
});

/**
 * Checks an email and password. Unknown email, wrong password and deactivated account all
 * return null after the same scrypt work, so the response does not reveal which it was.
 */
export async function verifyCredentials(ctx: ServiceContext, input: unknown): Promise<{ userId: string } | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const user = await ctx.db.user.findUnique({
    where: { email: parsed.data.email },
    select: { id: true, passwordHash: true, deactivatedAt: true },
  });
  if (!user?.passwordHash) {
    await verifyPassword(parsed.data.password, await decoyHash());
    return null;
  }
  const ok = await verifyPassword(parsed.data.password, user.passwordHash);
  if (!ok || user.deactivatedAt) return null;
  return { userId: user.id };
}
