import "server-only";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import { isLoopbackHost } from "@/lib/server/demo-provider/loopback-host";

/** The fetch signature every outbound call uses (globalThis.fetch by default; tests inject their own). */
export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

/** Transport settings shared by every outbound provider call. */
export interface OutboundHttpOptions {
  /** Defaults to globalThis.fetch. */
  fetch?: FetchFn;
  /** Whole-request timeout (connect, headers and body) in milliseconds. Default 15 s. */
  timeoutMs?: number;
}

/** Default whole-request timeout for provider calls. */
export const defaultTimeoutMs = 15_000;

/** True when the URL may be called: https anywhere, plain http only on a loopback host. */
export function isAllowedOutboundUrl(url: URL): boolean {
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && isLoopbackHost(url.hostname);
}

/** zod schema of an outbound endpoint URL: absolute, https (http only for loopback), no credentials or fragment. */
export const outboundUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter a URL.")
  .refine((value) => URL.canParse(value), "Enter an absolute URL, e.g. https://example.com/oauth/token.")
  .refine((value) => !URL.canParse(value) || isAllowedOutboundUrl(new URL(value)), "Use https:// (plain http:// is allowed only for localhost).")
  .refine((value) => {
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.username === "" && url.password === "" && url.hash === "";
  }, "The URL must not contain a user name, password or #fragment.");

/** zod schema of the transport options. */
export const outboundHttpOptionsSchema = z.object({
  fetch: z.custom<FetchFn>((value) => typeof value === "function", "fetch must be a function").optional(),
  timeoutMs: z.number().int().min(1).max(120_000).optional(),
});

/** The fetch to use and an AbortSignal that fires after the timeout. */
export function outboundTransport(options: OutboundHttpOptions): { fetch: FetchFn; signal: AbortSignal } {
  const fetchFn: FetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return { fetch: fetchFn, signal: AbortSignal.timeout(options.timeoutMs ?? defaultTimeoutMs) };
}

/** oauth4webapi request options: injected fetch, timeout, and insecure http allowed only for a loopback URL. */
export function oauthRequestOptions(url: URL, options: OutboundHttpOptions): oauth.HttpRequestOptions<"POST", URLSearchParams> {
  const transport = outboundTransport(options);
  const requestOptions: oauth.HttpRequestOptions<"POST", URLSearchParams> = {
    signal: transport.signal,
    [oauth.customFetch]: (input, init) => transport.fetch(input, init),
  };
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) requestOptions[oauth.allowInsecureRequests] = true;
  return requestOptions;
}
