import { vaultContext } from "@/lib/server/connect/connect-context";
import { env } from "@/lib/server/env";
import { readLimited } from "@/lib/server/limited-body";
import { MAX_WEBHOOK_BYTES, receiveWebhook } from "@/lib/server/webhooks/receive-webhook";

export const dynamic = "force-dynamic";

const SOURCE_ID = /^[a-z0-9]{20,40}$/;
const json = (status: number, code: string, message: string) => Response.json(status === 200 ? { received: true } : { error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });

/**
 * Inbound webhooks from a configured source, verified with the source's scheme and vault secret.
 * Authenticated by the sender's signature, not by a session: 404 unknown source, 413 over 1 MB,
 * 400 malformed or missing headers, 401 bad signature or timestamp, 409 replay, 200 verified.
 */
export async function POST(request: Request, context: { params: Promise<{ sourceId: string }> }): Promise<Response> {
  const { sourceId } = await context.params;
  if (!SOURCE_ID.test(sourceId)) return json(404, "NOT_FOUND", "No such webhook source.");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > MAX_WEBHOOK_BYTES) return json(413, "PAYLOAD_TOO_LARGE", "The body is larger than 1 MB.");
  const body = await readLimited(request.body, MAX_WEBHOOK_BYTES);
  if (body === null) return json(413, "PAYLOAD_TOO_LARGE", "The body is larger than 1 MB.");
  const url = new URL(request.url);
  const publicUrl = `${env().NEXTAUTH_URL.replace(/\/$/, "")}${url.pathname}${url.search}`;
  const result = await receiveWebhook(vaultContext(), { sourceId, search: url.search, request: { method: request.method, url: publicUrl, headers: request.headers, body } });
  if (result === null) return json(404, "NOT_FOUND", "No such webhook source.");
  return json(result.status, result.outcome.toUpperCase(), result.message);
}
