import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { VerifyFailure, VerifyInput, VerifyResult, WebhookSecret } from "./scheme-types";

/** HMAC over byte parts (the raw body stays bytes; only the scheme's own text is UTF-8). */
export function hmac(algorithm: "sha256" | "sha1", key: string | Buffer, parts: readonly (string | Uint8Array)[]): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

export const sha256Hex = (body: Uint8Array) => createHash("sha256").update(body).digest("hex");

/** Constant-time comparison of a computed digest with a decoded candidate (length leaks nothing secret). */
export function digestEquals(expected: Buffer, candidate: Buffer | null): boolean {
  return candidate !== null && candidate.length === expected.length && timingSafeEqual(expected, candidate);
}

const HEX = /^[0-9a-f]+$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export const fromHex = (value: string): Buffer | null => (value.length % 2 === 0 && HEX.test(value) ? Buffer.from(value, "hex") : null);
export const fromBase64 = (value: string): Buffer | null => (value.length % 4 === 0 && BASE64.test(value) ? Buffer.from(value, "base64") : null);

export const fail = (failure: VerifyFailure, detail: string): VerifyResult => ({ ok: false, failure, detail });

/** Parses a decimal Unix timestamp header (seconds or milliseconds); null when it is not one. */
export function parseTimestamp(value: string, unit: "s" | "ms"): Date | null {
  if (!/^\d{1,16}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? new Date(unit === "s" ? n * 1000 : n) : null;
}

/** The tolerance check every timestamped scheme applies: too old is stale, too far ahead is future. */
export function checkTimestamp(at: Date, input: Pick<VerifyInput, "now" | "toleranceSeconds">): VerifyResult | null {
  const skew = (input.now.getTime() - at.getTime()) / 1000;
  if (skew > input.toleranceSeconds) return fail("stale", `The timestamp is ${Math.round(skew)} s old; the tolerance is ${input.toleranceSeconds} s.`);
  if (-skew > input.toleranceSeconds) return fail("future", `The timestamp is ${Math.round(-skew)} s in the future; the tolerance is ${input.toleranceSeconds} s.`);
  return null;
}

/** The first secret (newest first) whose digest matches any candidate, or null. Every pair is compared. */
export function findSigningSecret(secrets: readonly WebhookSecret[], digestFor: (secret: WebhookSecret) => Buffer, candidates: readonly (Buffer | null)[]): WebhookSecret | null {
  let match: WebhookSecret | null = null;
  for (const secret of [...secrets].sort((a, b) => b.version - a.version)) {
    const expected = digestFor(secret);
    for (const candidate of candidates) if (digestEquals(expected, candidate) && match === null) match = secret;
  }
  return match;
}

/** A header's value, or null when absent or blank. */
export function header(headers: Headers, name: string): string | null {
  const value = headers.get(name);
  return value === null || value.trim() === "" ? null : value.trim();
}
