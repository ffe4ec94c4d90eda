import "server-only";
import type { ChecklistFailure, ChecklistItemKey } from "@/lib/checklist/checklist-items";
import { isOverPrivileged } from "@/lib/dashboard/scope-audit";
import type { ServiceContext } from "../context";
import { getRotationAge } from "../dashboard/get-rotation-age";
import { getScopeAudit } from "../dashboard/get-scope-audit";
import { getBlastRadius } from "../offboarding/blast-radius";

const DAY = 24 * 3600 * 1000;
type Evaluation = Record<ChecklistItemKey, ChecklistFailure[]>;
const credentialFix = (id: string) => `/credentials/${id}`;

/**
 * Evaluates every checklist item against the workspace's live data and returns the exact
 * credentials, connections or scans that fail each one, with the fix. Pure reads.
 */
export async function evaluateChecklist(ctx: ServiceContext, input: { workspaceId: string; dormantDays: number; leakScansSince: Date }): Promise<Evaluation> {
  const now = ctx.clock.now();
  const workspaceId = input.workspaceId;
  const [credentials, connections, scans, scopes, rotation, radius] = await Promise.all([
    ctx.db.credential.findMany({ where: { workspaceId, deletedAt: null }, select: { id: true, name: true, method: true, provider: true, settings: true, workflows: true, ownerId: true, expiresAt: true, lastUsedAt: true, createdAt: true } }),
    ctx.db.connection.findMany({ where: { workspaceId, status: { not: "disconnected" } }, select: { id: true, label: true, providerKey: true, ownerId: true, lastUsedAt: true, lastRefreshedAt: true, createdAt: true } }),
    ctx.db.leakScan.findMany({ where: { workspaceId, createdAt: { gte: input.leakScansSince }, hitCount: { gt: 0 } }, orderBy: { createdAt: "desc" }, select: { id: true, fileName: true, hitCount: true, storedHits: true, createdAt: true } }),
    getScopeAudit(ctx, { workspaceId, filters: {}, show: "all" }),
    getRotationAge(ctx, { workspaceId, filters: {}, sort: "age", dir: "desc" }),
    getBlastRadius(ctx, { workspaceId }),
  ]);

  const keysInStore: ChecklistFailure[] = [];
  for (const c of credentials) {
    const location = c.method === "track_only" ? (c.settings as { location?: unknown } | null)?.location : null;
    if (location === "workflow_config" || location === "hard_coded") keysInStore.push({ subjectType: "credential", subjectId: c.id, name: c.name, reason: location === "hard_coded" ? "Tracked as hard-coded in a script." : "Tracked as stored in a workflow's config.", fixPath: `/credentials/${c.id}/rotate`, fixLabel: "Move it into the vault" });
  }
  for (const s of scans) keysInStore.push({ subjectType: "leak_scan", subjectId: s.id, name: s.fileName, reason: `The leak scanner found ${s.hitCount} secret${s.hitCount === 1 ? "" : "s"} in it (${s.storedHits} stored in the vault) on ${s.createdAt.toISOString().slice(0, 10)}.`, fixPath: "/leak-scan", fixLabel: "Open the scan" });

  const leastPrivilege = scopes.items
    .filter((i) => isOverPrivileged(i.assessment.status))
    .map((i) => ({ subjectType: "connection" as const, subjectId: i.connectionId, name: i.label, reason: `Holds ${i.assessment.extra.join(", ")} beyond what ${i.providerName} workflows need.`, fixPath: i.reconnectHref ?? `/connections/${i.connectionId}#reconnect`, fixLabel: "Reconnect with fewer scopes" }));

  const departed = radius.flatMap((person) => person.tasks.map((t) => ({ subjectType: t.subjectType, subjectId: t.subjectId, name: t.name, reason: `${person.name} (${person.email}) ${t.relation} it and left on ${person.departedAt.toISOString().slice(0, 10)}.`, fixPath: t.fixPath, fixLabel: t.fixLabel })));

  const cutoff = now.getTime() - input.dormantDays * DAY;
  const dormant: ChecklistFailure[] = [
    ...connections
      .filter((c) => c.createdAt.getTime() < cutoff && (c.lastUsedAt === null || c.lastUsedAt.getTime() < cutoff))
      .map((c) => ({ subjectType: "connection" as const, subjectId: c.id, name: c.label, reason: c.lastUsedAt ? `Last used through Authpulse on ${c.lastUsedAt.toISOString().slice(0, 10)}.` : `Never used through Authpulse since it was connected on ${c.createdAt.toISOString().slice(0, 10)}.`, fixPath: `/connections/${c.id}`, fixLabel: "Disconnect and revoke it, or confirm it is used" })),
    ...credentials
      .filter((c) => c.method !== "track_only" && c.createdAt.getTime() < cutoff && (c.lastUsedAt === null || c.lastUsedAt.getTime() < cutoff))
      .map((c) => ({ subjectType: "credential" as const, subjectId: c.id, name: c.name, reason: c.lastUsedAt ? `Last fetched from Authpulse on ${c.lastUsedAt.toISOString().slice(0, 10)}.` : "Never fetched from Authpulse.", fixPath: credentialFix(c.id), fixLabel: "Revoke it at the provider and delete it, or confirm it is used" })),
  ];

  const rotationOverdue = rotation.overdue.map((r) => ({ subjectType: "credential" as const, subjectId: r.id, name: r.name, reason: `${r.ageDays} days since rotation; the policy is ${r.policyDays}.`, fixPath: r.rotateHref, fixLabel: "Rotate it" }));

  const sharedKeys = credentials
    .filter((c) => new Set(c.workflows.map((w) => w.trim().toLowerCase())).size > 1)
    .map((c) => ({ subjectType: "credential" as const, subjectId: c.id, name: c.name, reason: `Used by ${c.workflows.length} workflows: ${c.workflows.join(", ")}.`, fixPath: credentialFix(c.id), fixLabel: "Issue one labelled key per workflow" }));

  const certificates = credentials
    .filter((c) => c.method === "mtls" && c.expiresAt !== null && c.expiresAt.getTime() < now.getTime() + 30 * DAY)
    .map((c) => ({ subjectType: "credential" as const, subjectId: c.id, name: c.name, reason: c.expiresAt!.getTime() < now.getTime() ? `Expired on ${c.expiresAt!.toISOString().slice(0, 10)}.` : `Expires on ${c.expiresAt!.toISOString().slice(0, 10)}.`, fixPath: `/credentials/${c.id}/rotate`, fixLabel: "Renew the certificate" }));

  const noOwner: ChecklistFailure[] = [
    ...connections.filter((c) => c.ownerId === null).map((c) => ({ subjectType: "connection" as const, subjectId: c.id, name: c.label, reason: "Nobody is accountable for it.", fixPath: `/connections/${c.id}#owner`, fixLabel: "Set an owner" })),
    ...credentials.filter((c) => c.ownerId === null).map((c) => ({ subjectType: "credential" as const, subjectId: c.id, name: c.name, reason: "Nobody is accountable for it.", fixPath: credentialFix(c.id), fixLabel: "Set an owner" })),
  ];

  return { keys_in_store: keysInStore, least_privilege: leastPrivilege, departed_members: departed, dormant, rotation_overdue: rotationOverdue, shared_keys: sharedKeys, certificates_expiring: certificates, no_owner: noOwner };
}
