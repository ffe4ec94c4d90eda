import "server-only";
import { ServiceError } from "@/lib/server/errors";

/** Why discovery failed, one word each. */
export const providerDiscoveryFailures = [
  "invalid_url",
  "insecure_url",
  "unreachable",
  "timeout",
  "not_found",
  "unexpected_status",
  "not_json",
  "invalid_metadata",
  "issuer_mismatch",
] as const;
export type ProviderDiscoveryFailure = (typeof providerDiscoveryFailures)[number];

/**
 * Discovery failed for a reason the admin can act on. `message` is safe to show; `reason` lets the
 * UI and tests branch without parsing text; it maps to HTTP through the one ServiceError mapper.
 */
export class ProviderDiscoveryError extends ServiceError {
  readonly reason: ProviderDiscoveryFailure;

  constructor(reason: ProviderDiscoveryFailure, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    const code = reason === "unreachable" || reason === "timeout" ? "UNAVAILABLE" : "BAD_REQUEST";
    super(code, message, { ...options, fieldErrors: { url: message } });
    this.name = "ProviderDiscoveryError";
    this.reason = reason;
  }
}

/** True when `error` is a ProviderDiscoveryError, optionally of one reason. */
export function isProviderDiscoveryError(error: unknown, reason?: ProviderDiscoveryFailure): error is ProviderDiscoveryError {
  return error instanceof ProviderDiscoveryError && (reason === undefined || error.reason === reason);
}
