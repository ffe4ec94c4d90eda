import "server-only";
import { generateToken, hashToken } from "../tokens";

// The shape of an Authpulse API key: a visible prefix (live or test) and 32 random bytes
// (base64url, 43 characters). Only the SHA-256 hash of the whole key is ever stored.

export const apiKeyModes = ["live", "test"] as const;
export type ApiKeyMode = (typeof apiKeyModes)[number];

export const API_KEY_PREFIXES = { live: "ap_live_", test: "ap_test_" } as const satisfies Record<ApiKeyMode, string>;
export type ApiKeyPrefix = (typeof API_KEY_PREFIXES)[ApiKeyMode];

const KEY_PATTERN = /^ap_(live|test)_[A-Za-z0-9_-]{43}$/;

/** A new key for `mode`, with what may be stored about it (prefix, last four, hash). */
export function generateApiKey(mode: ApiKeyMode): { key: string; prefix: ApiKeyPrefix; last4: string; keyHash: string } {
  const prefix = API_KEY_PREFIXES[mode];
  const key = `${prefix}${generateToken(32)}`;
  return { key, prefix, last4: key.slice(-4), keyHash: hashToken(key) };
}

/** Whether a presented value has the shape of an Authpulse key (prefix and length). */
export function hasApiKeyShape(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/** Whether a value starts like an Authpulse key (used to spot keys pasted into URLs). */
export function startsLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIXES.live) || value.startsWith(API_KEY_PREFIXES.test);
}

/** What screens show instead of the key: `ap_live_…abcd`. */
export function maskedApiKey(prefix: string, last4: string): string {
  return `${prefix}…${last4}`;
}

// Tag scopes: a key's tags match credentials by their workflow labels, trimmed and case-insensitive.

/** How a tag or workflow label is compared: trimmed, lower case. */
export function normalizeTag(label: string): string {
  return label.trim().toLowerCase();
}

/** Trimmed, non-empty labels without case-insensitive duplicates (the first spelling wins). */
export function uniqueTags(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const label of labels) {
    const trimmed = label.trim();
    const normalized = trimmed.toLowerCase();
    if (!trimmed || seen.has(normalized)) continue;
    seen.add(normalized);
    out.push(trimmed);
  }
  return out;
}

/** Labels typed as a comma- (or newline-) separated list, in order, trimmed, empties dropped. */
export function parseTagList(raw: string): string[] {
  return raw
    .split(/[,\n]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Whether a key may read a credential: its id is in the key's scope, or one of its workflow labels matches one of the key's tags. */
export function apiKeyMayRead(key: { credentialIds: readonly string[]; tags: readonly string[] }, credential: { id: string; workflows: readonly string[] }): boolean {
  if (key.credentialIds.includes(credential.id)) return true;
  if (key.tags.length === 0) return false;
  const tags = new Set(key.tags.map(normalizeTag));
  return credential.workflows.some((w) => tags.has(normalizeTag(w)));
}
