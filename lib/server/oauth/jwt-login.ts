import "server-only";
import { decodeJwt } from "jose";
import { z } from "zod";
import { maxExpiresInSeconds } from "./parse-token-response";
import { formatJsonPath, lookupJsonPath, parseJsonPath, type JsonPathSegment } from "./json-path";
import { JwtLoginError } from "./jwt-login-error";
import { outboundHttpOptionsSchema, outboundTransport, outboundUrlSchema, type OutboundHttpOptions } from "./outbound-http";
import { parseInput } from "./parse-input";
import { safeProviderText } from "./provider-text";
import { removeNulls, type JsonValue } from "./remove-nulls";

/** Largest login response we read. */
export const maxLoginResponseBytes = 1024 * 1024;

/** A Clay-style HTTP login: the request to send and where the token sits in the answer. */
export interface JwtLoginInput extends OutboundHttpOptions {
  method: "GET" | "POST" | "PUT" | "PATCH";
  url: string;
  headers: Record<string, string>;
  /** A JSON value is sent as JSON; a string is sent as it is (JSON text in a string is still cleaned by removeNulls). */
  body?: string | JsonValue;
  /** Strip null fields from a JSON body, recursively. */
  removeNulls: boolean;
  /** Dot/bracket path of the token in the JSON answer, e.g. "data.token" or "auth[0].jwt". */
  tokenPath: string;
  /** Scheme before the token in the header value. Default "Bearer"; "" sends the bare token. */
  tokenType?: string;
  /** Header to send the token in. Default "Authorization". */
  headerName?: string;
  /** Known lifetime in seconds; wins over every other expiry source. */
  expiresInSeconds?: number;
  /** Path of an expiry field in the answer: ISO date, epoch seconds or ms, or (below 10^9) seconds from now. */
  expiresAtPath?: string;
  now?: () => Date;
}

/** Where the expiry came from. */
export type JwtLoginExpirySource = "configured" | "response" | "jwt" | "unknown";

/** A credential obtained by logging in. */
export interface JwtLoginResult {
  token: string;
  headerName: string;
  /** `${tokenType} ${token}`, or the bare token when tokenType is empty. */
  headerValue: string;
  expiresAt: Date | null;
  expirySource: JwtLoginExpirySource;
}

const headerNameSchema = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Header names may contain letters, digits and -_. only.");
const headerValueSchema = z.string().max(8192).refine((value) => !/[\r\n\0]/.test(value), "Header values may not contain line breaks.");
const pathSchema = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what} path, e.g. data.token.`)
    .max(512)
    .refine((value) => parseJsonPath(value) !== null, `The ${what} path is not valid; use dots and [index], e.g. data.token or auth[0].jwt.`);

const inputSchema = z
  .object({
    ...outboundHttpOptionsSchema.shape,
    method: z.enum(["GET", "POST", "PUT", "PATCH"], { error: "Choose GET, POST, PUT or PATCH." }),
    url: outboundUrlSchema,
    headers: z.record(headerNameSchema, headerValueSchema),
    body: z.union([z.string().max(65_536), z.json()]).optional(),
    removeNulls: z.boolean(),
    tokenPath: pathSchema("token"),
    tokenType: z
      .string()
      .trim()
      .max(64)
      .regex(/^[^\s]*$/, "The token type is one word, e.g. Bearer (or empty).")
      .default("Bearer"),
    headerName: headerNameSchema.default("Authorization"),
    expiresInSeconds: z.number().int().min(1).max(maxExpiresInSeconds).optional(),
    expiresAtPath: pathSchema("expiry").optional(),
    now: z.custom<() => Date>((value) => typeof value === "function").optional(),
  })
  .refine((input) => input.method !== "GET" || input.body === undefined, { path: ["body"], message: "A GET request cannot have a body." });

type LoginSettings = z.output<typeof inputSchema>;

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase());
}

function requestBody(settings: LoginSettings): { body?: string; json: boolean } {
  const { body } = settings;
  if (body === undefined) return { json: false };
  if (typeof body === "string") {
    if (!settings.removeNulls) return { body, json: false };
    try {
      return { body: JSON.stringify(removeNulls(JSON.parse(body) as JsonValue)), json: false };
    } catch {
      return { body, json: false };
    }
  }
  return { body: JSON.stringify(settings.removeNulls ? removeNulls(body) : body), json: true };
}

/** String values the login request carries (passwords, API keys), to redact from any echoed text. */
function requestSecrets(settings: LoginSettings): string[] {
  const secrets = Object.values(settings.headers);
  const collect = (value: unknown): void => {
    if (typeof value === "string") secrets.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(collect);
  };
  if (typeof settings.body === "string") {
    secrets.push(settings.body);
    try {
      collect(JSON.parse(settings.body));
    } catch {
      // Not JSON: the whole string is already listed.
    }
  } else {
    collect(settings.body);
  }
  return secrets.flatMap((secret) => [secret, ...secret.split(/\s+/)]).filter((secret) => secret.length >= 4);
}

function redactTokens(text: string): string {
  return text
    .replace(/[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, "[redacted]")
    .replace(/[A-Za-z0-9_\-+/=]{32,}/g, "[redacted]");
}

const messageFields = ["error_description", "message", "error", "detail", "title", "msg"];

/** A short, redacted message from a JSON error body; nothing for other bodies. */
function safeSnippet(text: string, secrets: readonly string[]): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const candidates = [json, ...(typeof json === "object" && json !== null && "error" in json ? [json.error] : [])];
  for (const candidate of candidates) {
    if (typeof candidate !== "object" || candidate === null) continue;
    for (const field of messageFields) {
      const value: unknown = (candidate as Record<string, unknown>)[field];
      if (typeof value === "string" && value.trim() !== "") return safeProviderText(redactTokens(safeProviderText(value, secrets, 400)), [], 120);
    }
  }
  return undefined;
}

function httpFailure(status: number, text: string, secrets: readonly string[]): JwtLoginError {
  const hint =
    status === 401 || status === 403
      ? " Check the credentials in the login request."
      : status === 404
        ? " Check the login URL."
        : status >= 300 && status < 400
          ? " The login URL redirects; use the final URL."
          : status >= 500
            ? " The service had a problem; try again later."
            : "";
  const snippet = safeSnippet(text, secrets);
  return new JwtLoginError("http_error", `The login request failed with HTTP ${status}.${hint}${snippet ? ` The service said: "${snippet}"` : ""}`, { status });
}

async function readBoundedText(response: Response): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxLoginResponseBytes) {
      await reader.cancel();
      throw new JwtLoginError("response_too_large", "The login response is larger than 1 MB; this is not a login endpoint.", { status: response.status });
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function keyList(value: unknown): string {
  if (typeof value !== "object" || value === null) return "none (it is not an object)";
  const keys = Array.isArray(value) ? [`[0]…[${value.length - 1}]`] : Object.keys(value);
  if (keys.length === 0) return "none";
  const shown = keys.slice(0, 20).map((key) => safeProviderText(key, [], 40));
  return `${shown.join(", ")}${keys.length > shown.length ? `, … (${keys.length} in all)` : ""}`;
}

function valueAt(json: unknown, path: string, what: "token" | "expiry"): unknown {
  const segments = parseJsonPath(path) as JsonPathSegment[];
  const lookup = lookupJsonPath(json, segments);
  if (lookup.found) return lookup.value;
  const shownPath = formatJsonPath(segments);
  const partial =
    lookup.matched > 0 ? ` "${formatJsonPath(segments.slice(0, lookup.matched))}" exists; its keys: ${keyList(lookup.container)}.` : "";
  const message = `The login response has no ${what} at "${shownPath}".${partial} Top-level keys: ${keyList(json)}.`;
  throw new JwtLoginError(what === "token" ? "token_path_not_found" : "bad_expiry", message);
}

function expiryFromValue(value: unknown, path: string, now: Date): Date {
  let date: Date | null = null;
  const numeric = typeof value === "number" ? value : typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : null;
  if (numeric !== null && Number.isFinite(numeric) && numeric >= 0) {
    if (numeric >= 1e12) date = new Date(numeric);
    else if (numeric >= 1e9) date = new Date(numeric * 1000);
    else if (numeric <= maxExpiresInSeconds) date = new Date(now.getTime() + numeric * 1000);
  } else if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Date.parse(value))) {
    date = new Date(Date.parse(value));
  }
  if (date === null || Number.isNaN(date.getTime()) || date.getTime() > now.getTime() + maxExpiresInSeconds * 1000) {
    throw new JwtLoginError("bad_expiry", `The expiry at "${path}" is ${describeType(value)} that is not a date, a Unix timestamp or a number of seconds.`);
  }
  return date;
}

function expiryFromJwt(token: string): Date | null {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" && Number.isFinite(exp) ? new Date(exp * 1000) : null;
  } catch {
    return null;
  }
}

function transportFailure(error: unknown): JwtLoginError {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current.name === "TimeoutError" || current.name === "AbortError") return new JwtLoginError("timeout", "The login request did not answer in time.");
  }
  if (error instanceof TypeError) return new JwtLoginError("network", "Could not reach the login URL. Check the URL and that the service is up.");
  throw error;
}

/** Performs the login request and extracts the token and its expiry (configured seconds, else a response field, else the JWT's exp). Throws JwtLoginError. */
export async function performJwtLogin(input: JwtLoginInput): Promise<JwtLoginResult> {
  const settings = parseInput(inputSchema, input, "Check the login request settings.");
  const now = settings.now ?? (() => new Date());
  const { body, json } = requestBody(settings);
  const headers: Record<string, string> = { ...settings.headers };
  if (!hasHeader(headers, "accept")) headers.accept = "application/json";
  if (json && !hasHeader(headers, "content-type")) headers["content-type"] = "application/json";
  const secrets = requestSecrets(settings);

  const transport = outboundTransport(settings);
  let text: string;
  let response: Response;
  try {
    response = await transport.fetch(settings.url, {
      method: settings.method,
      headers,
      ...(body === undefined ? {} : { body }),
      redirect: "manual",
      signal: transport.signal,
    });
    text = await readBoundedText(response);
  } catch (error) {
    if (error instanceof JwtLoginError) throw error;
    throw transportFailure(error);
  }
  if (response.status < 200 || response.status > 299) throw httpFailure(response.status, text, secrets);

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const html = /html/i.test(response.headers.get("content-type") ?? "") || /^\s*</.test(text);
    throw html
      ? new JwtLoginError("html_response", "The login URL answered with an HTML page, not JSON. Check the URL (it may be a web login page).", { status: response.status })
      : new JwtLoginError("not_json", "The login response is not JSON, so the token path cannot be read.", { status: response.status });
  }

  const shownTokenPath = formatJsonPath(parseJsonPath(settings.tokenPath) as JsonPathSegment[]);
  const token = valueAt(parsed, settings.tokenPath, "token");
  if (typeof token !== "string") throw new JwtLoginError("token_not_string", `The value at "${shownTokenPath}" is ${describeType(token)}, not a string token.`);
  if (token.trim() === "" || /[\r\n\0]/.test(token)) throw new JwtLoginError("token_not_string", `The value at "${shownTokenPath}" is an empty or malformed string.`);

  let expiresAt: Date | null = null;
  let expirySource: JwtLoginExpirySource = "unknown";
  if (settings.expiresInSeconds !== undefined) {
    expiresAt = new Date(now().getTime() + settings.expiresInSeconds * 1000);
    expirySource = "configured";
  } else if (settings.expiresAtPath !== undefined) {
    expiresAt = expiryFromValue(valueAt(parsed, settings.expiresAtPath, "expiry"), settings.expiresAtPath, now());
    expirySource = "response";
  } else {
    expiresAt = expiryFromJwt(token);
    if (expiresAt !== null) expirySource = "jwt";
  }

  return {
    token,
    headerName: settings.headerName,
    headerValue: settings.tokenType === "" ? token : `${settings.tokenType} ${token}`,
    expiresAt,
    expirySource,
  };
}
