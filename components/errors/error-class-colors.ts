import type { ErrorClass } from "@/lib/dashboard/error-range";

/** One colour per error class for the stacked chart (legible on white and on zinc-900). */
export const errorClassColors: Record<ErrorClass, string> = {
  needs_reauth: "#dc2626",
  unauthorized: "#f97316",
  permission: "#a855f7",
  configuration_error: "#db2777",
  rate_limited: "#eab308",
  provider_unavailable: "#0ea5e9",
  network: "#14b8a6",
  not_retryable: "#6366f1",
  proxy_auth: "#84cc16",
  unknown: "#71717a",
  refresh_response_lost: "#b45309",
  exhausted: "#7f1d1d",
  invalid_signature: "#4d7c0f",
};
