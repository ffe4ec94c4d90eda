import type { Tone } from "@/components/ui/status-pill";

/** Words for the refresh engine's health states and auth event classes, shared by every screen. */
export const healthLabels: Record<string, { tone: Tone; text: string; hint: string }> = {
  healthy: { tone: "ok", text: "Healthy", hint: "Tokens are refreshed before they expire." },
  refreshing: { tone: "neutral", text: "Refreshing", hint: "A refresh is in progress." },
  degraded: { tone: "warn", text: "Retrying", hint: "The last refresh failed for a reason that may pass; Authpulse is retrying with backoff." },
  needs_reauth: { tone: "bad", text: "Needs reconnect", hint: "The provider no longer accepts the grant. Someone must reconnect." },
  config_error: { tone: "bad", text: "Configuration error", hint: "The provider rejects the app's settings. Fix them, then press Refresh now." },
  exhausted: { tone: "bad", text: "Gave up retrying", hint: "Refreshes failed for more than 4 days. Fix the cause, then press Refresh now." },
};

export const eventClassLabels: Record<string, { tone: Tone; text: string }> = {
  success: { tone: "ok", text: "Refreshed" },
  recovered: { tone: "ok", text: "Recovered" },
  rate_limited: { tone: "warn", text: "Rate limited (429)" },
  provider_unavailable: { tone: "warn", text: "Provider unavailable" },
  network: { tone: "warn", text: "Network error" },
  unauthorized: { tone: "bad", text: "Unauthorized (401)" },
  needs_reauth: { tone: "bad", text: "Needs reconnect" },
  configuration_error: { tone: "bad", text: "Configuration error" },
  permission: { tone: "bad", text: "Permission denied (403)" },
  not_retryable: { tone: "bad", text: "Rejected" },
  proxy_auth: { tone: "bad", text: "Proxy authentication (407)" },
  unknown: { tone: "bad", text: "Unexpected response" },
  refresh_response_lost: { tone: "bad", text: "Refresh response lost" },
  exhausted: { tone: "bad", text: "Gave up retrying" },
  invalid_signature: { tone: "bad", text: "Webhook signature rejected" },
};

export const eventSourceLabels: Record<string, string> = {
  refresh: "Scheduled refresh",
  access_token: "Fresh-token API",
  proxy: "API proxy",
  ingested: "Reported by a workflow",
  webhook: "Inbound webhook",
};

export const deadlineReasonLabels: Record<string, string> = {
  refresh_token_absolute_max: "refresh token maximum lifetime",
  special_case: "provider special case",
  refresh_token_idle: "refresh token dies if unused",
  no_refresh_token: "no refresh token",
  certificate_expiry: "certificate expiry",
  rotation_due: "key rotation due",
};
