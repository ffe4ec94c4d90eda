import "server-only";
import { recordAuthEvent } from "../auth-events/record-auth-event";
import type { ServiceContext } from "../context";
import type { Keyring } from "../vault/keyring";
import type { VerifyFailure, WebhookRequest } from "./scheme-types";
import { webhookSchemes } from "./schemes";
import { webhookSecrets } from "./webhook-secrets";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
const KEPT_BODY_BYTES = 64 * 1024;
const KEPT_PER_SOURCE = 50;

export type WebhookOutcome = "verified" | VerifyFailure | "replayed" | "no_secret";

export type ReceiveResult = { status: number; outcome: WebhookOutcome; message: string };

const STATUS: Record<WebhookOutcome, number> = { verified: 200, missing_header: 400, malformed: 400, bad_signature: 401, stale: 401, future: 401, replayed: 409, no_secret: 503 };

const MESSAGES: Record<WebhookOutcome, string> = {
  verified: "Verified.",
  missing_header: "A signature header is missing.",
  malformed: "A signature header is malformed.",
  bad_signature: "The signature does not match.",
  stale: "The signed timestamp is too old.",
  future: "The signed timestamp is in the future.",
  replayed: "This delivery was already received.",
  no_secret: "This source has no valid signing secret.",
};

/**
 * Verifies one inbound delivery for a source (seed 004): the scheme's signature over the raw
 * bytes with the vault's current (and overlap) secret, the timestamp tolerance, then the replay
 * guard. Verified deliveries are kept for inspection (capped); every failure is an auth event.
 * null when the source does not exist or is disabled (the route answers 404).
 */
export async function receiveWebhook(ctx: ServiceContext & { keyring: Keyring }, input: { sourceId: string; request: WebhookRequest; search: string }): Promise<ReceiveResult | null> {
  const found = await ctx.db.webhookSource.findFirst({ where: { id: input.sourceId, enabled: true } });
  if (!found) return null;
  const source = found;
  // Senders sign the URL configured at their end (behind a proxy it differs from what we see).
  const request = source.signedUrl ? { ...input.request, url: `${source.signedUrl}${input.search}` } : input.request;
  const now = ctx.clock.now();
  const secrets = await webhookSecrets(ctx, { workspaceId: source.workspaceId, credentialId: source.credentialId });
  const scheme = webhookSchemes[source.scheme];
  const verdict = secrets.length === 0 ? null : scheme.verify({ request, secrets, now, toleranceSeconds: source.toleranceSeconds });

  let outcome: WebhookOutcome = verdict === null ? "no_secret" : verdict.ok ? "verified" : verdict.failure;
  if (verdict?.ok) {
    const expiresAt = new Date(now.getTime() + verdict.replayForSeconds * 1000);
    // The insert is the guard: two concurrent copies of one delivery race on the primary key.
    const inserted = await ctx.db.$executeRaw`
      INSERT INTO webhook_replay_keys (source_id, key, expires_at) VALUES (${source.id}, ${verdict.replayKey}, ${expiresAt})
      ON CONFLICT (source_id, key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE webhook_replay_keys.expires_at <= ${now}`;
    if (inserted === 0) outcome = "replayed";
  }

  const contentType = input.request.headers.get("content-type")?.slice(0, 120) ?? null;
  const verified = outcome === "verified" && verdict?.ok === true;
  await ctx.db.$transaction(async (tx) => {
    await tx.webhookDelivery.create({
      data: {
        sourceId: source.id,
        workspaceId: source.workspaceId,
        receivedAt: now,
        outcome,
        eventId: verdict?.ok ? verdict.eventId : null,
        contentType,
        bodySize: input.request.body.byteLength,
        body: verified ? Buffer.from(input.request.body.subarray(0, KEPT_BODY_BYTES)) : null,
        bodyTruncated: verified && input.request.body.byteLength > KEPT_BODY_BYTES,
        secretVersion: verdict?.ok ? verdict.secretVersion : null,
      },
    });
    await tx.webhookSource.update({ where: { id: source.id }, data: verified ? { lastVerifiedAt: now } : { lastFailureAt: now } });
    if (!verified) {
      await recordAuthEvent(tx, {
        occurredAt: now,
        workspaceId: source.workspaceId,
        providerKey: `webhook:${source.scheme}`,
        source: "webhook",
        class: "invalid_signature",
        action: "stop_and_alert",
        httpStatus: STATUS[outcome],
        oauthError: outcome,
        reason: `${scheme.label} webhook "${source.name.slice(0, 80)}": ${MESSAGES[outcome]}`,
      });
    }
  });
  await pruneKeptDeliveries(ctx, source.id);
  return { status: STATUS[outcome], outcome, message: MESSAGES[outcome] };
}

/** Keeps the newest deliveries of a source only (the 7-day limit is the prune job's). */
async function pruneKeptDeliveries(ctx: ServiceContext, sourceId: string): Promise<void> {
  await ctx.db.$executeRaw`
    DELETE FROM webhook_deliveries WHERE source_id = ${sourceId} AND id < (
      SELECT id FROM webhook_deliveries WHERE source_id = ${sourceId} ORDER BY id DESC OFFSET ${KEPT_PER_SOURCE - 1} LIMIT 1)`;
}
