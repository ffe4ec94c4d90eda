import "server-only";
import { z } from "zod";
import type { ServiceContext } from "../context";

const storedHit = z.object({ path: z.string(), kind: z.string(), severity: z.string(), label: z.string(), preview: z.string().nullable(), credentialId: z.string().nullable() });

export type LeakScanSummary = { id: string; fileName: string; format: string; hitCount: number; storedHits: number; createdAt: Date; scannedBy: string | null; hits: z.infer<typeof storedHit>[] };

/** The workspace's recent scans, newest first, with who ran them and their (secret-free) hits. */
export async function listLeakScans(ctx: ServiceContext, input: { workspaceId: string; limit: number; since?: Date }): Promise<LeakScanSummary[]> {
  const rows = await ctx.db.leakScan.findMany({ where: { workspaceId: input.workspaceId, ...(input.since ? { createdAt: { gte: input.since } } : {}) }, orderBy: { createdAt: "desc" }, take: input.limit });
  const userIds = [...new Set(rows.map((r) => r.scannedById).filter((v): v is string => v !== null))];
  const users = await ctx.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } });
  return rows.map((r) => ({
    id: r.id,
    fileName: r.fileName,
    format: r.format,
    hitCount: r.hitCount,
    storedHits: r.storedHits,
    createdAt: r.createdAt,
    scannedBy: users.find((u) => u.id === r.scannedById)?.name ?? null,
    hits: z.array(storedHit).catch([]).parse(r.hits),
  }));
}
