import type { Tone } from "@/components/ui/status-pill";

/** Words for each delivery outcome (lib/server/webhooks/receive-webhook.ts), with the HTTP answer the sender got. */
export const deliveryOutcomeLabels: Record<string, { tone: Tone; text: string }> = {
  verified: { tone: "ok", text: "Verified (200)" },
  replayed: { tone: "warn", text: "Replay refused (409)" },
  missing_header: { tone: "bad", text: "Missing header (400)" },
  malformed: { tone: "bad", text: "Malformed header (400)" },
  bad_signature: { tone: "bad", text: "Bad signature (401)" },
  stale: { tone: "bad", text: "Too old (401)" },
  future: { tone: "bad", text: "From the future (401)" },
  no_secret: { tone: "bad", text: "No valid secret (503)" },
};
