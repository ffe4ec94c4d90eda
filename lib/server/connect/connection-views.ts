import "server-only";
import type { ServiceContext } from "../context";

/** A connection as screens see it: metadata only, never a token. */
export type ConnectionView = {
  id: string;
  providerKey: string;
  label: string;
  method: string;
  environment: string;
  status: "active" | "needs_reauth" | "error" | "disconnected";
  statusReason: string | null;
  tokenType: string | null;
  hasAccessToken: boolean;
  hasRefreshToken: boolean;
  accessTokenExpiresAt: Date | null;
  refreshTokenIssuedAt: Date | null;
  requestedScopes: string[];
  grantedScopes: string[];
  grantedScopesKnown: boolean;
  accountSubject: string | null;
  accountEmail: string | null;
  accountName: string | null;
  authorizedBy: { name: string; email: string } | null;
  authorizedAt: Date | null;
  disconnectedAt: Date | null;
  createdAt: Date;
};

const select = {
  id: true, providerKey: true, label: true, method: true, environment: true, status: true, statusReason: true, tokenType: true,
  accessTokenSealed: true, refreshTokenSealed: true, accessTokenExpiresAt: true, refreshTokenIssuedAt: true, requestedScopes: true,
  grantedScopes: true, grantedScopesKnown: true, accountSubject: true, accountEmail: true, accountName: true, authorizedById: true,
  authorizedAt: true, disconnectedAt: true, createdAt: true,
} as const;

type Row = { [K in keyof typeof select]: unknown } & Record<string, unknown>;

async function toViews(ctx: ServiceContext, rows: Row[]): Promise<ConnectionView[]> {
  const userIds = [...new Set(rows.map((r) => r.authorizedById).filter((v): v is string => typeof v === "string"))];
  const users = await ctx.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } });
  return rows.map((r) => {
    const { accessTokenSealed, refreshTokenSealed, authorizedById, ...rest } = r;
    const by = users.find((u) => u.id === authorizedById);
    return { ...(rest as Omit<ConnectionView, "hasAccessToken" | "hasRefreshToken" | "authorizedBy">), hasAccessToken: Boolean(accessTokenSealed), hasRefreshToken: Boolean(refreshTokenSealed), authorizedBy: by ? { name: by.name, email: by.email } : null };
  });
}

/** The workspace's connections, live ones first. */
export async function listConnections(ctx: ServiceContext, input: { workspaceId: string }): Promise<ConnectionView[]> {
  const rows = await ctx.db.connection.findMany({ where: { workspaceId: input.workspaceId }, select, orderBy: [{ disconnectedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }] });
  return toViews(ctx, rows);
}

/** One connection of the workspace, or null (another workspace's id reads as not found). */
export async function getConnection(ctx: ServiceContext, input: { workspaceId: string; connectionId: string }): Promise<ConnectionView | null> {
  const row = await ctx.db.connection.findFirst({ where: { id: input.connectionId, workspaceId: input.workspaceId }, select });
  return row ? ((await toViews(ctx, [row]))[0] ?? null) : null;
}
