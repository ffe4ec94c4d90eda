import "server-only";
import type { ServiceContext } from "../context";

export type OffboardingAction = "transfer" | "rotate" | "reconnect";

export type OffboardingTask = {
  subjectType: "credential" | "connection";
  subjectId: string;
  name: string;
  provider: string;
  /** Why it is in the blast radius. */
  relation: "owned" | "had access" | "authorized";
  action: OffboardingAction;
  fixPath: string;
  fixLabel: string;
};

export type DepartedPerson = { userId: string; name: string; email: string; departedAt: Date; via: string; tasks: OffboardingTask[] };

const FIX: Record<OffboardingAction, string> = { transfer: "Transfer ownership", rotate: "Rotate the secret", reconnect: "Reconnect under a service account" };

/** Who has left the workspace: departure records, plus members whose account was deactivated. */
async function departedPeople(ctx: ServiceContext, workspaceId: string): Promise<Omit<DepartedPerson, "tasks">[]> {
  const [departures, deactivated] = await Promise.all([
    ctx.db.departure.findMany({ where: { workspaceId }, orderBy: { departedAt: "desc" } }),
    ctx.db.membership.findMany({ where: { workspaceId, user: { deactivatedAt: { not: null } } }, select: { user: { select: { id: true, name: true, email: true, deactivatedAt: true } } } }),
  ]);
  const people = departures.map((d) => ({ userId: d.userId, name: d.name, email: d.email, departedAt: d.departedAt, via: d.via }));
  for (const { user } of deactivated) if (!people.some((p) => p.userId === user.id)) people.push({ userId: user.id, name: user.name, email: user.email, departedAt: user.deactivatedAt!, via: "deactivated" });
  return people;
}

/**
 * The blast radius of everyone who left (issue 8): each credential and connection a departed
 * person owned, could read or authorized, with the one task that closes it. Computed live, so a
 * task disappears when it is done (ownership moved, secret rotated after the departure, or the
 * connection re-authorized by someone else), and the list is tracked until it is empty.
 */
export async function getBlastRadius(ctx: ServiceContext, input: { workspaceId: string }): Promise<DepartedPerson[]> {
  const people = await departedPeople(ctx, input.workspaceId);
  if (people.length === 0) return [];
  const ids = people.map((p) => p.userId);
  const [credentials, connections] = await Promise.all([
    ctx.db.credential.findMany({ where: { workspaceId: input.workspaceId, deletedAt: null }, select: { id: true, name: true, provider: true, ownerId: true, peopleWithAccess: true, rotatedAt: true } }),
    ctx.db.connection.findMany({ where: { workspaceId: input.workspaceId, status: { not: "disconnected" }, OR: [{ authorizedById: { in: ids } }, { ownerId: { in: ids } }] }, select: { id: true, label: true, providerKey: true, ownerId: true, authorizedById: true, authorizedAt: true } }),
  ]);
  return people.map((person) => {
    const tasks: OffboardingTask[] = [];
    const task = (t: Omit<OffboardingTask, "fixLabel">) => tasks.push({ ...t, fixLabel: FIX[t.action] });
    const email = person.email.toLowerCase();
    for (const c of credentials) {
      const owned = c.ownerId === person.userId;
      const access = c.peopleWithAccess.some((p) => p === person.userId || p.toLowerCase() === email);
      if (owned) task({ subjectType: "credential", subjectId: c.id, name: c.name, provider: c.provider, relation: "owned", action: "transfer", fixPath: `/credentials/${c.id}#owner` });
      if ((owned || access) && c.rotatedAt.getTime() <= person.departedAt.getTime()) task({ subjectType: "credential", subjectId: c.id, name: c.name, provider: c.provider, relation: owned ? "owned" : "had access", action: "rotate", fixPath: `/credentials/${c.id}/rotate` });
    }
    for (const c of connections) {
      if (c.ownerId === person.userId) task({ subjectType: "connection", subjectId: c.id, name: c.label, provider: c.providerKey, relation: "owned", action: "transfer", fixPath: `/connections/${c.id}#owner` });
      if (c.authorizedById === person.userId && (c.authorizedAt === null || c.authorizedAt.getTime() <= person.departedAt.getTime())) task({ subjectType: "connection", subjectId: c.id, name: c.label, provider: c.providerKey, relation: "authorized", action: "reconnect", fixPath: `/connections/${c.id}#reconnect` });
    }
    return { ...person, tasks };
  });
}
