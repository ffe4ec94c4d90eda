import "server-only";
import { apiRoute } from "@/lib/server/api-keys/api-route";
import type { ServiceContext } from "@/lib/server/context";
import { ServiceError } from "@/lib/server/errors";
import { readRequestBody } from "@/lib/server/limited-body";
import { ingestAuthEvent, MAX_EVENT_BODY_BYTES } from "./ingest-auth-event";

function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ServiceError("BAD_REQUEST", "The body must be UTF-8 JSON.");
  }
  if (text.trim() === "") throw new ServiceError("BAD_REQUEST", "The body is empty: send a JSON object such as {\"connectionId\": \"…\", \"status\": 401}.");
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message quotes the body; the caller only learns where it went wrong.
    throw new ServiceError("BAD_REQUEST", "The body is not valid JSON.");
  }
}

/** POST /api/v1/events, built on an injected context (the app passes vaultContext). */
export function ingestEventHandler(getCtx: () => ServiceContext) {
  return apiRoute<ServiceContext, Record<string, never>>(getCtx, async (request, { ctx, apiKey, meta }) => {
    const body = parseJson(await readRequestBody(request, MAX_EVENT_BODY_BYTES));
    const event = await ingestAuthEvent(ctx, { apiKey, meta, body });
    return Response.json(event, { status: 202 });
  });
}
