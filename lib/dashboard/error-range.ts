import { z } from "zod";

// The Errors screen's own URL parameters (shared by the page, the API and the hooks): the range
// (24 h or 7 days) and, for 7 days, hourly or 6-hourly buckets. Buckets are UTC-aligned so they
// match the hourly rollup and every viewer sees the same counts.

export const ERROR_RANGES = ["24h", "7d"] as const;
export type ErrorRange = (typeof ERROR_RANGES)[number];
export const errorRangeSchema = z.enum(ERROR_RANGES).catch("24h");

export const errorBucketSchema = z.enum(["1h", "6h"]);
export type ErrorBucket = z.infer<typeof errorBucketSchema>;

/** Every event class that is not a success: what the Errors screen counts. */
export const ERROR_CLASSES = [
  "rate_limited",
  "provider_unavailable",
  "network",
  "unauthorized",
  "needs_reauth",
  "configuration_error",
  "permission",
  "not_retryable",
  "proxy_auth",
  "unknown",
  "refresh_response_lost",
  "exhausted",
  "invalid_signature",
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];
export const errorClassSchema = z.enum(ERROR_CLASSES);

const HOUR = 3_600_000;

export type ErrorWindow = { range: ErrorRange; bucketHours: 1 | 6; from: Date; to: Date; previousFrom: Date };

/** 24 h → 24 hourly buckets; 7 d → 168 hourly or 28 six-hourly buckets. `to` is the end of the bucket holding `now`. */
export function errorWindow(range: ErrorRange, now: Date, bucket?: ErrorBucket): ErrorWindow {
  const bucketHours = range === "7d" && bucket !== "1h" ? 6 : 1;
  const span = bucketHours * HOUR;
  const to = new Date(Math.floor(now.getTime() / span) * span + span);
  const length = (range === "24h" ? 24 : 168) * HOUR;
  const from = new Date(to.getTime() - length);
  return { range, bucketHours, from, to, previousFrom: new Date(from.getTime() - length) };
}

const get = (params: URLSearchParams | Record<string, string | string[] | undefined>, key: string) => {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
};

const rangeQuerySchema = z.object({ range: z.enum(ERROR_RANGES).default("24h"), bucket: errorBucketSchema.optional() });

/** The range and bucket of an API request; a malformed value throws a ZodError (400). */
export function parseErrorRange(params: URLSearchParams): { range: ErrorRange; bucket?: ErrorBucket } {
  const parsed = rangeQuerySchema.parse({ range: get(params, "range") || undefined, bucket: get(params, "bucket") || undefined });
  return parsed.bucket ? { range: parsed.range, bucket: parsed.bucket } : { range: parsed.range };
}

/** The same for pages: anything unknown falls back to 24 h (and the default bucket). */
export function readErrorRange(params: Record<string, string | string[] | undefined>): { range: ErrorRange; bucket?: ErrorBucket } {
  const bucket = errorBucketSchema.safeParse(get(params, "bucket"));
  return { range: errorRangeSchema.parse(get(params, "range")), ...(bucket.success ? { bucket: bucket.data } : {}) };
}
