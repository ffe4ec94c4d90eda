import "server-only";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { invalidInput } from "../errors";
import { credentialEnvironments, credentialMethods } from "./credential-settings";
import { toCredentialView, versionViewSelect, type CredentialView } from "./credential-views";

export const credentialListQuery = z.object({
  filters: z
    .object({
      method: z.enum(credentialMethods, { error: "Unknown credential method." }).optional(),
      environment: z.enum(credentialEnvironments, { error: "Choose prod, staging or dev." }).optional(),
      ownerId: z.string().min(1).max(64).optional(),
      workflow: z.string().trim().min(1).max(120).optional(),
      /** Only credentials past their rotation interval. */
      overdue: z.boolean().optional(),
    })
    .default({}),
  sort: z.enum(["rotation_age", "name"], { error: "Sort by rotation_age or name." }).default("rotation_age"),
});

export type CredentialListQuery = z.input<typeof credentialListQuery>;

/**
 * The workspace's live credentials as metadata views (prefix and last four only), filtered by
 * method, environment, owner, workflow or overdue, sorted by rotation age (oldest first) or name.
 */
export async function listCredentials(ctx: ServiceContext, input: { workspaceId: string } & CredentialListQuery): Promise<CredentialView[]> {
  const parsed = credentialListQuery.safeParse({ filters: input.filters, sort: input.sort });
  if (!parsed.success) throw invalidInput(parsed.error.issues.map((i) => ({ path: [i.path.at(-1) ?? "form"], message: i.message })));
  const { filters, sort } = parsed.data;
  const rows = await ctx.db.credential.findMany({
    where: {
      workspaceId: input.workspaceId,
      deletedAt: null,
      ...(filters.method ? { method: filters.method } : {}),
      ...(filters.environment ? { environment: filters.environment } : {}),
      ...(filters.ownerId ? { ownerId: filters.ownerId } : {}),
      ...(filters.workflow ? { workflows: { has: filters.workflow } } : {}),
    },
    include: { versions: { where: { state: { in: ["active", "overlap"] } }, select: versionViewSelect } },
    orderBy: sort === "name" ? [{ name: "asc" }, { createdAt: "asc" }] : [{ rotatedAt: "asc" }, { name: "asc" }],
  });
  const now = ctx.clock.now();
  const views = rows.map((row) => toCredentialView(row, now));
  return filters.overdue === undefined ? views : views.filter((v) => v.isRotationOverdue === filters.overdue);
}
