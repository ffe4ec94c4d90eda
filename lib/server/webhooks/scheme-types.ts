import "server-only";

/** What a scheme sees of a delivery: the raw body bytes, never a parsed copy. */
export type WebhookRequest = {
  method: string;
  /** The URL the sender signed (Twilio, HubSpot v3): the public URL with its query string. */
  url: string;
  headers: Headers;
  body: Uint8Array;
};

/** A secret that may verify: the active version, and during a rotation the previous one until its overlap ends. */
export type WebhookSecret = { version: number; value: string };

export type VerifyInput = { request: WebhookRequest; secrets: readonly WebhookSecret[]; now: Date; toleranceSeconds: number };

export type VerifyFailure = "missing_header" | "malformed" | "stale" | "future" | "bad_signature";

export type VerifyResult =
  | {
      ok: true;
      /** The version of the secret that verified. */
      secretVersion: number;
      /** Replay-guard key: the sender's delivery id when it is signed or the scheme has one, else the signature. */
      replayKey: string;
      /** How long the replay key must be remembered. */
      replayForSeconds: number;
      eventId: string | null;
    }
  | { ok: false; failure: VerifyFailure; detail: string };

/** One vendor's documented signature scheme. */
export type WebhookSchemeVerifier = {
  id: string;
  label: string;
  /** The headers a sender must send (for the setup screen and missing-header errors). */
  headers: readonly string[];
  /** Whether the scheme signs a timestamp (else replays are caught by the replay guard alone). */
  timestamped: boolean;
  verify: (input: VerifyInput) => VerifyResult;
};
