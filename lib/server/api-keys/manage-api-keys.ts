import "server-only";
import { z } from "zod";
import { DAY } from "@/lib/clock";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { invalidInput, notFound } from "../errors";
import { apiKeyModes, generateApiKey, maskedApiKey, uniqueTags, type ApiKeyMode } from "./api-key-format";

export type ApiKeyState = "active" | "expired" | "revoked";

/** What screens may show about a key: never the key, only its prefix and last four. */
export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  last4: string;
  masked: string;
  mode: ApiKeyMode;
  /** The credentials it may read (deleted ones stay listed, marked). */
  scope: { id: string; name: string | null; deleted: boolean }[];
  /** Workflow labels: it also reads every live credential carrying one of them (case-insensitive). */
  tags: string[];
  /** The connections whose fresh access token (and API proxy) it may use; disconnected or deleted ones stay listed, marked. */
  connections: { id: string; label: string | null; providerKey: string | null; unavailable: boolean }[];
  createdById: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  state: ApiKeyState;
};

type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  last4: string;
  credentialIds: string[];
  tags: string[];
  connectionIds: string[];
  createdById: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

const apiKeyViewSelect = {
  id: true,
  name: true,
  prefix: true,
  last4: true,
  credentialIds: true,
  tags: true,
  connectionIds: true,
  createdById: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
} as const;

export function apiKeyState(row: Pick<ApiKeyRow, "expiresAt" | "revokedAt">, now: Date): ApiKeyState {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

async function toViews(ctx: ServiceContext, workspaceId: string, rows: ApiKeyRow[]): Promise<ApiKeyView[]> {
  const ids = [...new Set(rows.flatMap((r) => r.credentialIds))];
  const credentials = ids.length
    ? await ctx.db.credential.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true, name: true, deletedAt: true } })
    : [];
  const byId = new Map(credentials.map((c) => [c.id, c]));
  const connectionIds = [...new Set(rows.flatMap((r) => r.connectionIds))];
  const connections = connectionIds.length
    ? await ctx.db.connection.findMany({ where: { workspaceId, id: { in: connectionIds } }, select: { id: true, label: true, providerKey: true, status: true } })
    : [];
  const connectionById = new Map(connections.map((c) => [c.id, c]));
  const now = ctx.clock.now();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    last4: row.last4,
    masked: maskedApiKey(row.prefix, row.last4),
    mode: row.prefix === "ap_test_" ? "test" : "live",
    scope: row.credentialIds.map((id) => {
      const credential = byId.get(id);
      return { id, name: credential?.name ?? null, deleted: !credential || credential.deletedAt !== null };
    }),
    tags: row.tags,
    connections: row.connectionIds.map((id) => {
      const connection = connectionById.get(id);
      return { id, label: connection?.label ?? null, providerKey: connection?.providerKey ?? null, unavailable: !connection || connection.status === "disconnected" };
    }),
    createdById: row.createdById,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    state: apiKeyState(row, now),
  }));
}

export const createApiKeyInput = z.object({
  name: z.string({ error: "Name the key after the tool that will use it." }).trim().min(1, "Name the key after the tool that will use it.").max(100, "Keep the name under 100 characters."),
  mode: z.enum(apiKeyModes, { error: "Choose live or test." }),
  credentialIds: z
    .array(z.string().trim().min(1).max(64), { error: "Choose the credentials this key may read." })
    .max(200, "A key may read at most 200 credentials."),
  tags: z
    .array(z.string({ error: "List the tags as workflow labels." }).trim().min(1, "A tag cannot be empty.").max(80, "Use at most 80 characters per tag."), {
      error: "List the tags as workflow labels.",
    })
    .max(20, "Use at most 20 tags.")
    .optional(),
  connectionIds: z
    .array(z.string().trim().min(1).max(64), { error: "Choose the connections this key may use." })
    .max(200, "A key may use at most 200 connections.")
    .optional(),
  expiresInDays: z.number({ error: "Enter a number of days." }).int("Enter a whole number of days.").min(1, "At least 1 day.").max(3650, "At most 3650 days (10 years).").nullish(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

const NO_SCOPE_MESSAGE = "Choose at least one credential, tag or connection this key may use.";
const DISCONNECTED_MESSAGE = "A disconnected connection has no token to hand out: reconnect it first, or leave it out.";

/** Whether raw input names at least one credential id, tag or connection id (checked even when other fields are invalid, so every field error shows at once). */
function hasScope(input: { credentialIds?: unknown; tags?: unknown; connectionIds?: unknown }): boolean {
  const nonEmpty = (v: unknown) => Array.isArray(v) && v.some((x) => typeof x === "string" && x.trim() !== "");
  return nonEmpty(input.credentialIds) || nonEmpty(input.tags) || nonEmpty(input.connectionIds);
}

/**
 * Creates a read-only API key scoped to credentials of the workspace, by id and/or by tag
 * (workflow labels), and/or to connections (fresh access tokens, the API proxy, error reports);
 * at least one of them. Returns the full key exactly once; only its SHA-256 hash, prefix and last
 * four are stored. A credential id that is not a live credential of this workspace, or a
 * connection id not of this workspace, is a 404; a disconnected connection is a 400. Tags need
 * not match any credential yet.
 */
export async function createApiKey(
  ctx: ServiceContext,
  input: { actorId: string | null; workspaceId: string } & CreateApiKeyInput,
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const raw = { name: input.name, mode: input.mode, credentialIds: input.credentialIds, tags: input.tags, connectionIds: input.connectionIds, expiresInDays: input.expiresInDays };
  const parsed = createApiKeyInput.safeParse(raw);
  const scopeIssues = hasScope(raw) ? [] : [{ path: ["credentialIds"], message: NO_SCOPE_MESSAGE }];
  if (!parsed.success) throw invalidInput([...parsed.error.issues, ...scopeIssues]);
  if (scopeIssues.length) throw invalidInput(scopeIssues);
  const { name, mode, expiresInDays } = parsed.data;
  const credentialIds = [...new Set(parsed.data.credentialIds)];
  const tags = uniqueTags(parsed.data.tags ?? []);
  if (credentialIds.length) {
    const found = await ctx.db.credential.count({ where: { workspaceId: input.workspaceId, id: { in: credentialIds }, deletedAt: null } });
    if (found !== credentialIds.length) throw notFound("Credential not found.");
  }
  const connectionIds = [...new Set(parsed.data.connectionIds ?? [])];
  if (connectionIds.length) {
    const found = await ctx.db.connection.findMany({ where: { workspaceId: input.workspaceId, id: { in: connectionIds } }, select: { status: true } });
    if (found.length !== connectionIds.length) throw notFound("Connection not found.");
    if (found.some((c) => c.status === "disconnected")) throw invalidInput([{ path: ["connectionIds"], message: DISCONNECTED_MESSAGE }]);
  }

  const now = ctx.clock.now();
  const generated = generateApiKey(mode);
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        workspaceId: input.workspaceId,
        name,
        prefix: generated.prefix,
        keyHash: generated.keyHash,
        last4: generated.last4,
        credentialIds,
        tags,
        connectionIds,
        createdById: input.actorId,
        createdAt: now,
        expiresAt: expiresInDays ? new Date(now.getTime() + expiresInDays * DAY) : null,
      },
      select: apiKeyViewSelect,
    });
    await recordAudit(
      tx,
      {
        workspaceId: input.workspaceId,
        actorId: input.actorId,
        action: "api_key.created",
        targetType: "api_key",
        targetId: created.id,
        details: { name, key: maskedApiKey(generated.prefix, generated.last4), credentials: credentialIds.join(","), tags: tags.join(","), connections: connectionIds.join(","), expiresAt: created.expiresAt?.toISOString() ?? null },
      },
      now,
    );
    return created;
  });
  const [view] = await toViews(ctx, input.workspaceId, [row]);
  return { key: generated.key, apiKey: view! };
}

/** Every API key of the workspace, newest first, as metadata only. */
export async function listApiKeys(ctx: ServiceContext, input: { workspaceId: string }): Promise<ApiKeyView[]> {
  const rows = await ctx.db.apiKey.findMany({ where: { workspaceId: input.workspaceId }, orderBy: { createdAt: "desc" }, select: apiKeyViewSelect });
  return toViews(ctx, input.workspaceId, rows);
}

/** Revokes a key at once (idempotent). Another workspace's or an unknown key is a 404. */
export async function revokeApiKey(ctx: ServiceContext, input: { actorId: string | null; workspaceId: string; apiKeyId: string }): Promise<ApiKeyView> {
  const now = ctx.clock.now();
  const row = await ctx.db.$transaction(async (tx) => {
    const existing = await tx.apiKey.findFirst({ where: { id: input.apiKeyId, workspaceId: input.workspaceId }, select: apiKeyViewSelect });
    if (!existing) throw notFound("API key not found.");
    if (existing.revokedAt) return existing;
    const revoked = await tx.apiKey.update({ where: { id: existing.id }, data: { revokedAt: now }, select: apiKeyViewSelect });
    await recordAudit(
      tx,
      { workspaceId: input.workspaceId, actorId: input.actorId, action: "api_key.revoked", targetType: "api_key", targetId: existing.id, details: { name: existing.name, key: maskedApiKey(existing.prefix, existing.last4) } },
      now,
    );
    return revoked;
  });
  const [view] = await toViews(ctx, input.workspaceId, [row]);
  return view!;
}
