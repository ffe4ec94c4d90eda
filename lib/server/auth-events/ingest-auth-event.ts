import "server-only";
import { z } from "zod";
import { DAY, MINUTE } from "@/lib/clock";
import { findScopedConnection, touchApiKey } from "@/lib/server/access/scoped-connection";
import type { RequestMeta } from "@/lib/server/api-keys/api-audit";
import type { AuthenticatedApiKey } from "@/lib/server/api-keys/authenticate-api-key";
import type { ServiceContext } from "@/lib/server/context";
import { invalidInput } from "@/lib/server/errors";
import { rateLimitOf } from "@/lib/server/refresh/observed-call";
import { classifyAuthFailure, type AuthFailureAction, type AuthFailureClassName, type NetworkErrorKind } from "./classify";
import { authEventData } from "./record-auth-event";

/**
 * POST /api/v1/events: a workflow tool reports an auth error it saw calling a provider with a
 * connection's token. Classified by the one taxonomy and stored as an auth event (source "ingested").
 */

export const INGEST_ACTION = "connection.event_reported";
export const MAX_EVENT_BODY_BYTES = 64 * 1024;
const MAX_FUTURE_MS = 5 * MINUTE;
const MAX_AGE_MS = 7 * DAY;

const networkErrors = ["timeout", "connection_reset", "dns", "connection_refused", "tls"] as const satisfies readonly NetworkErrorKind[];
/** RFC 6749 §5.2: error = 1*( %x20-21 / %x23-5B / %x5D-7E ). */
const OAUTH_ERROR_CHARSET = /^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/;
/** Only these response headers are read; the rest of a pasted header set is ignored. */
const READ_HEADER = /^(retry-after|www-authenticate|x-ratelimit-[a-z-]+|ratelimit(-[a-z-]+)?)$/;

export const authEventReportSchema = z
  .strictObject({
    connectionId: z.string({ error: "connectionId is required." }).trim().min(1, "connectionId is required.").max(64, "connectionId is too long.").regex(/^[A-Za-z0-9_-]+$/, "connectionId is not a connection id."),
    status: z.number({ error: "status must be an HTTP status code." }).int("status must be an integer.").min(100, "status must be 100–599.").max(599, "status must be 100–599.").optional(),
    oauthError: z.string({ error: "oauthError must be a string." }).min(1, "oauthError cannot be empty.").max(64, "oauthError is at most 64 characters.").regex(OAUTH_ERROR_CHARSET, "oauthError must use the RFC 6749 error charset.").optional(),
    headers: z
      .record(z.string().max(100, "Header names are at most 100 characters."), z.string({ error: "Header values must be strings." }).max(1024, "Header values are at most 1024 characters."), { error: "headers must be an object of strings." })
      .refine((h) => Object.keys(h).length <= 50, "Send at most 50 headers.")
      .optional(),
    networkError: z.enum(networkErrors, { error: `networkError must be one of ${networkErrors.join(", ")}.` }).optional(),
    occurredAt: z.iso.datetime({ offset: true, error: "occurredAt must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z." }).optional(),
    // Accepted and discarded: free text from a workflow may quote a token or a customer's data.
    note: z.string({ error: "note must be a string." }).max(200, "note is at most 200 characters.").optional(),
  }, { error: (issue) => (issue.code === "invalid_type" ? "The body must be a JSON object." : undefined) })
  .refine((r) => r.status !== undefined || r.oauthError !== undefined || r.networkError !== undefined, { message: "Report at least a status, an oauthError or a networkError.", path: ["status"] });

export type AuthEventReport = z.infer<typeof authEventReportSchema>;

export type IngestedAuthEvent = { id: string; class: AuthFailureClassName; action: AuthFailureAction; retryAfterSeconds: number | null };

function readHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.trim().toLowerCase();
    if (READ_HEADER.test(lower)) out[lower] = value;
  }
  return out;
}

/** Validates, scopes (the key must hold the connection, else 404), classifies and stores one reported auth error. */
export async function ingestAuthEvent(ctx: ServiceContext, input: { apiKey: AuthenticatedApiKey; meta: RequestMeta; body: unknown }): Promise<IngestedAuthEvent> {
  const parsed = authEventReportSchema.safeParse(input.body);
  if (!parsed.success) throw invalidInput(parsed.error.issues, "The event report is invalid.");
  const report = parsed.data;
  const now = ctx.clock.now();
  const occurredAt = report.occurredAt ? new Date(report.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + MAX_FUTURE_MS) throw invalidInput([{ path: ["occurredAt"], message: "occurredAt is in the future." }], "The event report is invalid.");
  if (occurredAt.getTime() < now.getTime() - MAX_AGE_MS) throw invalidInput([{ path: ["occurredAt"], message: "occurredAt is older than 7 days." }], "The event report is invalid.");

  const connection = await findScopedConnection(ctx, { apiKey: input.apiKey, connectionId: report.connectionId, meta: input.meta, action: INGEST_ACTION });
  const headers = readHeaders(report.headers);
  const failure = classifyAuthFailure({
    ...(report.status !== undefined ? { status: report.status } : {}),
    headers,
    ...(report.oauthError !== undefined ? { body: { error: report.oauthError } } : {}),
    ...(report.networkError !== undefined ? { networkError: report.networkError } : {}),
    attempt: 1,
    now: occurredAt,
  });
  const rateLimit = rateLimitOf(new Headers(headers), occurredAt);
  const row = await ctx.db.authEvent.create({
    data: authEventData({
      occurredAt,
      workspaceId: connection.workspaceId,
      connectionId: connection.id,
      providerKey: connection.providerKey,
      source: "ingested",
      class: failure.class,
      action: failure.action,
      httpStatus: report.status ?? null,
      // Only a code the taxonomy recognises as one (letters, digits, _.:-), never free text.
      oauthError: failure.oauthError,
      rateLimitRemaining: rateLimit.remaining,
      rateLimitLimit: rateLimit.limit,
      retryAfterMs: failure.retryAfterMs,
      reason: failure.reason,
    }),
    select: { id: true },
  });
  await touchApiKey(ctx, input.apiKey.id);
  return { id: row.id.toString(), class: failure.class, action: failure.action, retryAfterSeconds: failure.retryAfterMs !== null ? Math.ceil(failure.retryAfterMs / 1000) : null };
}
