import "server-only";
import { forbidden, redirect } from "next/navigation";
import { ServiceError } from "../errors";
import { loadWorkspaceContext, type Role, type WorkspaceContext } from "../workspaces/workspace-context";

const satisfies = (role: Role, needed: Role | undefined) => !needed || needed === "viewer" || role === "admin";

/**
 * For pages and server actions: the workspace context, or a redirect to /login (anonymous),
 * /no-workspace (member of none), or the 403 page (role too low).
 */
export async function requirePageContext(options: { role?: Role } = {}): Promise<WorkspaceContext> {
  const result = await loadWorkspaceContext();
  if (result.kind === "anonymous") redirect("/login");
  if (result.kind === "no-workspace") redirect("/no-workspace");
  if (!satisfies(result.context.role, options.role)) forbidden();
  return result.context;
}

/** For route handlers and server actions returning data: throws a ServiceError instead of redirecting. */
export async function requireApiContext(options: { role?: Role } = {}): Promise<WorkspaceContext> {
  const result = await loadWorkspaceContext();
  if (result.kind === "anonymous") throw new ServiceError("UNAUTHENTICATED", "Log in to continue.");
  if (result.kind === "no-workspace") throw new ServiceError("FORBIDDEN", "You are not a member of any workspace.");
  if (!satisfies(result.context.role, options.role)) throw new ServiceError("FORBIDDEN", "Only admins can do this.");
  return result.context;
}
