import "server-only";
import type { FreshAccessTokenResult } from "./fresh-access-token";
import { CONNECTION_NOT_FOUND_MESSAGE } from "./scoped-connection";

type Failure = Exclude<FreshAccessTokenResult, { kind: "ok" }>;

/** Machine-readable codes a workflow tool can branch on; the message is the connection's health reason. */
const codes: Record<Failure["kind"], { status: number; code: string }> = {
  not_found: { status: 404, code: "NOT_FOUND" },
  disconnected: { status: 409, code: "DISCONNECTED" },
  needs_reauth: { status: 409, code: "NEEDS_REAUTH" },
  config_error: { status: 409, code: "CONFIG_ERROR" },
  exhausted: { status: 409, code: "EXHAUSTED" },
  unavailable: { status: 503, code: "UNAVAILABLE" },
};

/** Whole seconds to wait, at least 1 (Retry-After: delta-seconds). */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** The HTTP answer when no token can be handed out: 404, 409 with the health reason, or 503 with Retry-After. */
export function accessFailureResponse(result: Failure): Response {
  const { status, code } = codes[result.kind];
  const message = result.kind === "not_found" ? CONNECTION_NOT_FOUND_MESSAGE : result.reason;
  const headers: Record<string, string> = result.kind === "unavailable" ? { "Retry-After": String(retryAfterSeconds(result.retryAfterMs)) } : {};
  return Response.json({ error: { code, message } }, { status, headers });
}

export function httpStatusOf(result: FreshAccessTokenResult): number {
  return result.kind === "ok" ? 200 : codes[result.kind].status;
}
