import "server-only";
import type { Db } from "../db";

export type FilterOption = { value: string; label: string };
export type DashboardFilterOptions = { environments: FilterOption[]; providers: FilterOption[]; owners: FilterOption[]; workflows: FilterOption[] };

const sorted = (values: Iterable<string>) => [...new Set(values)].filter((v) => v.trim() !== "").sort((a, b) => a.localeCompare(b));

/** What the filter bar offers: the environments, providers, members and workflow labels in use in the workspace. */
export async function getDashboardFilterOptions(ctx: { db: Db }, input: { workspaceId: string }): Promise<DashboardFilterOptions> {
  const [connections, credentials, members] = await Promise.all([
    ctx.db.connection.findMany({ where: { workspaceId: input.workspaceId, status: { not: "disconnected" } }, select: { environment: true, providerKey: true, workflows: true } }),
    ctx.db.credential.findMany({ where: { workspaceId: input.workspaceId, deletedAt: null }, select: { environment: true, provider: true, workflows: true } }),
    ctx.db.membership.findMany({ where: { workspaceId: input.workspaceId }, select: { user: { select: { id: true, name: true, email: true } } } }),
  ]);
  const toOptions = (values: Iterable<string>) => sorted(values).map((value) => ({ value, label: value }));
  return {
    environments: toOptions([...connections.map((c) => c.environment), ...credentials.map((c) => c.environment)]),
    providers: toOptions([...connections.map((c) => c.providerKey), ...credentials.map((c) => c.provider)]),
    owners: [
      ...members.map((m) => ({ value: m.user.id, label: m.user.name || m.user.email })).sort((a, b) => a.label.localeCompare(b.label)),
      { value: "none", label: "No owner" },
    ],
    workflows: toOptions([...connections.flatMap((c) => c.workflows), ...credentials.flatMap((c) => c.workflows)]),
  };
}
