// A local OAuth 2.0 token endpoint with fault injection, for the refresh engine's integration
// tests, `npm run bench:refresh` and fault-injection tests. Plain node:http on 127.0.0.1, a
// free port, no dependencies. Built for throughput: O(1) maps, no logging, no per-request
// timers unless latency is configured.
//
//   POST /token   grant_type=refresh_token | client_credentials, form-urlencoded,
//                 client_secret_basic or client_secret_post (never both).
//   GET  /api/me  a tiny "provider API": Bearer access token → 200 {"ok":true}, else 401.
//
// Order of work for POST /token: read body → count the call (globally, per presented refresh
// token and per grant) → draw a fault → optional latency → answer. Faults apply to every
// POST /token call (an outage does not look at the body); a faulted call changes no grant
// state, except "lost_response", which processes the request for real and then drops the
// connection without answering.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type FaultKind =
  | "http_500"
  | "http_502"
  | "http_503"
  | "http_503_retry_after"
  | "http_429_seconds"
  | "http_429_date"
  | "timeout"
  | "reset"
  | "html_200"
  | "invalid_grant"
  | "invalid_client"
  /** The server rotates the refresh token (old consumed, new issued), then destroys the socket unanswered. */
  | "lost_response";

/** Every fault kind, in declaration order. */
export const FAULT_KINDS: readonly FaultKind[] = [
  "http_500",
  "http_502",
  "http_503",
  "http_503_retry_after",
  "http_429_seconds",
  "http_429_date",
  "timeout",
  "reset",
  "html_200",
  "invalid_grant",
  "invalid_client",
  "lost_response",
];

/** The kinds drawn by `faultRate` when `faults` is not given (transient failures only). */
export const DEFAULT_FAULTS: readonly FaultKind[] = [
  "http_500",
  "http_502",
  "http_503",
  "http_503_retry_after",
  "http_429_seconds",
  "http_429_date",
  "timeout",
  "reset",
];

export type TokenServerOptions = {
  /** Default "bench-client". */
  clientId?: string;
  /** Default "bench-secret". client_secret_basic (RFC 6749 §2.3.1, form-urlencoded id/secret) and client_secret_post. */
  clientSecret?: string;
  /**
   * Access token lifetime, returned as expires_in. Default 3600. The function receives the
   * refresh token presented (the old one, before rotation); "" for client_credentials.
   */
  accessTokenLifetimeSeconds?: number | ((refreshToken: string) => number);
  /** Default true: each refresh returns a new refresh_token and consumes the old one. When false, refresh_token is omitted from the answer. */
  rotateRefreshTokens?: boolean;
  /** Default true: a consumed refresh token answers invalid_grant and revokes the whole grant. */
  revokeOnReuse?: boolean;
  /** Artificial delay before answering a POST /token (setTimeout). Default 0 (answers synchronously). */
  latencyMs?: number | (() => number);
  /** 0..1 probability that a POST /token fails with a fault drawn uniformly from `faults`. Default 0. */
  faultRate?: number;
  /** Faults drawn by `faultRate`. Default DEFAULT_FAULTS. */
  faults?: FaultKind[];
  /** Retry-After used by http_503_retry_after / http_429_seconds / http_429_date. Default 1. */
  retryAfterSeconds?: number;
  /** Injectable randomness for fault draws. Default Math.random. */
  random?: () => number;
  /** Add X-RateLimit-Limit / -Remaining / -Reset (epoch seconds) to every answer. Default false. */
  includeRateLimitHeaders?: boolean;
  /** Limit reported in X-RateLimit-Limit (informational only, never enforced). Default 100000. */
  rateLimitLimit?: number;
  /** Fixed window of the reported rate limit. Default 60. */
  rateLimitWindowSeconds?: number;
};

export type GrantInfo = { calls: number; refreshes: number; revoked: boolean; currentRefreshToken: string | null };

export type TokenServerStats = {
  /** Every POST /token, whatever the outcome. */
  calls: number;
  /** 200 token answers actually sent (lost_response is a fault, not a success). */
  successes: number;
  faults: Record<FaultKind, number>;
  /** Reuses of a consumed refresh token that revoked a (still live) grant. */
  reuseRevocations: number;
  /** Grants revoked, by reuse detection or revokeGrant(). */
  grantsRevoked: number;
};

export type TokenServer = {
  /** Base, e.g. http://127.0.0.1:PORT */
  url: string;
  /** `${url}/token` */
  tokenUrl: string;
  /** `${url}/api/me` */
  apiUrl: string;
  /** Creates a grant and returns its first refresh token (opaque random string). */
  issueGrant(): string;
  /** Number of POST /token calls that presented this refresh token (whatever the outcome). */
  callsFor(refreshToken: string): number;
  /**
   * For a grant (identified by ANY refresh token it ever had): total token calls, refreshes the
   * server performed (including ones whose answer was lost), whether it was revoked, its current
   * live refresh token (null when revoked).
   */
  grantOf(refreshToken: string): GrantInfo | null;
  /** Is this access token currently valid (issued by us, not expired, grant not revoked)? */
  isAccessTokenValid(accessToken: string): boolean;
  /** Revokes the grant owning this refresh token (the user withdrew consent). False if unknown. */
  revokeGrant(refreshToken: string): boolean;
  stats(): TokenServerStats;
  /** Change the fault rate at runtime (e.g. provider outage then recovery). */
  setFaultRate(rate: number): void;
  /** Force the next N POST /token calls to fail with this fault (before faultRate is consulted). */
  failNext(kind: FaultKind, count?: number): void;
  /** Stops the server and destroys open sockets (including hung "timeout" ones). Idempotent. */
  close(): Promise<void>;
};

type Grant = { calls: number; refreshes: number; revoked: boolean; current: string | null };
type RefreshRecord = { grant: Grant; consumed: boolean };
type AccessRecord = { grant: Grant | null; expiresAt: number };
type Reply = { status: number; headers: Record<string, string>; body: string };

const MAX_BODY_BYTES = 64 * 1024;
const SCOPE = "read write";
const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";

function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", Pragma: "no-cache", ...headers },
    body: JSON.stringify(body),
  };
}

function oauthError(status: number, error: string, headers?: Record<string, string>): Reply {
  return json(status, { error }, headers);
}

const INVALID_REQUEST = oauthError(400, "invalid_request");
const INVALID_GRANT = oauthError(400, "invalid_grant");
const INVALID_CLIENT = oauthError(401, "invalid_client", { "WWW-Authenticate": 'Basic realm="token-server"' });
const UNSUPPORTED_GRANT_TYPE = oauthError(400, "unsupported_grant_type");
const BAD_HTTP_ANSWER = `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${INVALID_REQUEST.body.length}\r\n\r\n${INVALID_REQUEST.body}`;

function checkRate(rate: number): number {
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new RangeError(`faultRate must be within 0..1, got ${String(rate)}`);
  }
  return rate;
}

function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** application/x-www-form-urlencoded decoding of one credential half (RFC 6749 §2.3.1), null if malformed. */
function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/**
 * The form parameters, or null when the request is not a well-formed form post (wrong media
 * type, repeated parameter). Parameters with empty values count as absent (RFC 6749 §3.1).
 */
function parseForm(req: IncomingMessage, body: Buffer): Map<string, string> | null {
  const contentType = req.headers["content-type"];
  if (typeof contentType !== "string") return null;
  const semicolon = contentType.indexOf(";");
  const media = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (media !== FORM_MEDIA_TYPE) return null;
  const form = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(body.toString("utf8"))) {
    if (value === "") continue;
    if (form.has(key)) return null;
    form.set(key, value);
  }
  return form;
}

export function startTokenServer(options: TokenServerOptions = {}): Promise<TokenServer> {
  const clientId = options.clientId ?? "bench-client";
  const clientSecret = options.clientSecret ?? "bench-secret";
  const lifetimeOption = options.accessTokenLifetimeSeconds ?? 3600;
  const rotate = options.rotateRefreshTokens ?? true;
  const revokeOnReuse = options.revokeOnReuse ?? true;
  const latencyOption = options.latencyMs ?? 0;
  const faults: readonly FaultKind[] = options.faults ? [...options.faults] : DEFAULT_FAULTS;
  for (const kind of faults) {
    if (!FAULT_KINDS.includes(kind)) throw new RangeError(`unknown fault kind ${String(kind)}`);
  }
  const retryAfterSeconds = Math.max(0, options.retryAfterSeconds ?? 1);
  const random = options.random ?? Math.random;
  const rateLimitHeaders = options.includeRateLimitHeaders ?? false;
  const rateLimitLimit = options.rateLimitLimit ?? 100_000;
  const rateLimitWindowMs = (options.rateLimitWindowSeconds ?? 60) * 1000;
  let faultRate = checkRate(options.faultRate ?? 0);
  if (faultRate > 0 && faults.length === 0) throw new RangeError("faultRate > 0 needs at least one fault kind");

  const refreshTokens = new Map<string, RefreshRecord>();
  const accessTokens = new Map<string, AccessRecord>();
  const callsByRefreshToken = new Map<string, number>();
  const forced: { kind: FaultKind; remaining: number }[] = [];
  const faultCounts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  const counters = { calls: 0, successes: 0, reuseRevocations: 0, grantsRevoked: 0 };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let windowStart = Date.now();
  let windowCount = 0;
  let closing: Promise<void> | null = null;

  const lifetimeFor = (refreshToken: string): number => {
    const seconds = typeof lifetimeOption === "function" ? lifetimeOption(refreshToken) : lifetimeOption;
    return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
  };

  const mintAccessToken = (grant: Grant | null, lifetimeSeconds: number): string => {
    let token = newToken();
    while (accessTokens.has(token)) token = newToken();
    accessTokens.set(token, { grant, expiresAt: Date.now() + lifetimeSeconds * 1000 });
    return token;
  };

  const mintRefreshToken = (grant: Grant): string => {
    let token = newToken();
    while (refreshTokens.has(token)) token = newToken();
    refreshTokens.set(token, { grant, consumed: false });
    grant.current = token;
    return token;
  };

  const revoke = (grant: Grant): boolean => {
    if (grant.revoked) return false;
    grant.revoked = true;
    grant.current = null;
    counters.grantsRevoked++;
    return true;
  };

  const drawFault = (): FaultKind | null => {
    const head = forced[0];
    if (head) {
      if (--head.remaining <= 0) forced.shift();
      return head.kind;
    }
    if (faultRate <= 0 || random() >= faultRate) return null;
    const index = Math.min(faults.length - 1, Math.max(0, Math.floor(random() * faults.length)));
    return faults[index] ?? null;
  };

  const authenticateClient = (req: IncomingMessage, form: Map<string, string>): Reply | null => {
    const authorization = req.headers.authorization;
    const postId = form.get("client_id");
    const postSecret = form.get("client_secret");
    if (authorization !== undefined) {
      const match = /^basic +([A-Za-z0-9+/=_-]+) *$/i.exec(authorization);
      if (!match?.[1]) return INVALID_CLIENT;
      if (postSecret !== undefined) return INVALID_REQUEST; // two authentication methods at once
      const decoded = Buffer.from(match[1], "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon === -1) return INVALID_CLIENT;
      const id = formDecode(decoded.slice(0, colon));
      const secret = formDecode(decoded.slice(colon + 1));
      if (id !== clientId || secret !== clientSecret) return INVALID_CLIENT;
      if (postId !== undefined && postId !== id) return INVALID_CLIENT;
      return null;
    }
    return postId === clientId && postSecret === clientSecret ? null : INVALID_CLIENT;
  };

  const tokenAnswer = (accessToken: string, expiresIn: number, refreshToken: string | null): Reply => {
    const body: Record<string, string | number> = { access_token: accessToken, token_type: "Bearer", expires_in: expiresIn };
    if (refreshToken !== null) body.refresh_token = refreshToken;
    body.scope = SCOPE;
    return json(200, body);
  };

  /** The real token endpoint: validates, mutates grant state, returns the answer. */
  const processToken = (req: IncomingMessage, form: Map<string, string> | null): Reply => {
    if (form === null) return INVALID_REQUEST;
    const grantType = form.get("grant_type");
    if (grantType === undefined) return INVALID_REQUEST;
    const authFailure = authenticateClient(req, form);
    if (authFailure) return authFailure;
    if (grantType === "client_credentials") {
      const lifetime = lifetimeFor("");
      return tokenAnswer(mintAccessToken(null, lifetime), lifetime, null);
    }
    if (grantType !== "refresh_token") return UNSUPPORTED_GRANT_TYPE;
    const presented = form.get("refresh_token");
    if (presented === undefined) return INVALID_REQUEST;
    const record = refreshTokens.get(presented);
    if (!record || record.grant.revoked) return INVALID_GRANT;
    const grant = record.grant;
    if (record.consumed) {
      if (revokeOnReuse && revoke(grant)) counters.reuseRevocations++;
      return INVALID_GRANT;
    }
    let next: string | null = null;
    if (rotate) {
      record.consumed = true;
      next = mintRefreshToken(grant);
    }
    grant.refreshes++;
    const lifetime = lifetimeFor(presented);
    return tokenAnswer(mintAccessToken(grant, lifetime), lifetime, next);
  };

  const faultReply = (kind: FaultKind): Reply | null => {
    const seconds = String(Math.ceil(retryAfterSeconds));
    switch (kind) {
      case "http_500":
        return oauthError(500, "server_error");
      case "http_502":
        return {
          status: 502,
          headers: { "Content-Type": "text/html; charset=utf-8" },
          body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
        };
      case "http_503":
        return oauthError(503, "temporarily_unavailable");
      case "http_503_retry_after":
        return oauthError(503, "temporarily_unavailable", { "Retry-After": seconds });
      case "http_429_seconds":
        return oauthError(429, "rate_limit_exceeded", { "Retry-After": seconds });
      case "http_429_date": {
        // Rounded up to the next whole second: an HTTP-date has no fractions, and truncating
        // would tell the client to wait less than retryAfterSeconds.
        const at = Math.ceil((Date.now() + retryAfterSeconds * 1000) / 1000) * 1000;
        return oauthError(429, "rate_limit_exceeded", { "Retry-After": new Date(at).toUTCString() });
      }
      case "html_200":
        return {
          status: 200,
          headers: { "Content-Type": "text/html; charset=utf-8" },
          body: "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>Please sign in</form></body></html>",
        };
      case "invalid_grant":
        return INVALID_GRANT;
      case "invalid_client":
        return INVALID_CLIENT;
      case "timeout":
      case "reset":
      case "lost_response":
        return null;
    }
  };

  const send = (res: ServerResponse, reply: Reply): void => {
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string | number> = { ...reply.headers, "Content-Length": Buffer.byteLength(reply.body) };
    if (rateLimitHeaders) {
      const now = Date.now();
      if (now - windowStart >= rateLimitWindowMs) {
        windowStart = now - ((now - windowStart) % rateLimitWindowMs);
        windowCount = 0;
      }
      windowCount++;
      headers["X-RateLimit-Limit"] = rateLimitLimit;
      headers["X-RateLimit-Remaining"] = Math.max(0, rateLimitLimit - windowCount);
      headers["X-RateLimit-Reset"] = Math.ceil((windowStart + rateLimitWindowMs) / 1000);
    }
    res.writeHead(reply.status, headers);
    res.end(reply.body);
  };

  const act = (req: IncomingMessage, res: ServerResponse, form: Map<string, string> | null, fault: FaultKind | null): void => {
    if (res.destroyed) return;
    if (fault === null) {
      const reply = processToken(req, form);
      if (reply.status === 200) counters.successes++;
      send(res, reply);
      return;
    }
    if (fault === "reset") {
      req.socket.destroy();
      return;
    }
    if (fault === "lost_response") {
      processToken(req, form);
      req.socket.destroy();
      return;
    }
    const reply = faultReply(fault);
    if (reply) send(res, reply);
  };

  const handleToken = (req: IncomingMessage, res: ServerResponse, body: Buffer | null): void => {
    counters.calls++;
    const form = body === null ? null : parseForm(req, body);
    const presented = form?.get("refresh_token");
    if (presented !== undefined) {
      callsByRefreshToken.set(presented, (callsByRefreshToken.get(presented) ?? 0) + 1);
      const record = refreshTokens.get(presented);
      if (record) record.grant.calls++;
    }
    const fault = drawFault();
    if (fault !== null) faultCounts[fault]++;
    if (fault === "timeout") return; // never answer; close() destroys the socket
    const delay = typeof latencyOption === "function" ? latencyOption() : latencyOption;
    if (!(delay > 0)) {
      act(req, res, form, fault);
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      act(req, res, form, fault);
    }, delay);
    timers.add(timer);
  };

  const handleApi = (req: IncomingMessage, res: ServerResponse): void => {
    const authorization = req.headers.authorization;
    const match = authorization === undefined ? null : /^bearer +([^\s]+) *$/i.exec(authorization);
    if (match?.[1] && isAccessTokenValid(match[1])) {
      send(res, json(200, { ok: true }));
      return;
    }
    send(res, json(401, { error: "invalid_token" }, { "WWW-Authenticate": 'Bearer error="invalid_token"' }));
  };

  const isAccessTokenValid = (accessToken: string): boolean => {
    const record = accessTokens.get(accessToken);
    if (!record) return false;
    if (record.grant?.revoked) return false;
    if (Date.now() >= record.expiresAt) {
      accessTokens.delete(accessToken);
      return false;
    }
    return true;
  };

  const server = createServer({ noDelay: true }, (req, res) => {
    req.on("error", () => req.socket.destroy());
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    if (path === "/token") {
      if (req.method !== "POST") {
        send(res, oauthError(405, "invalid_request", { Allow: "POST" }));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      req.on("end", () => {
        if (closing) return;
        handleToken(req, res, size > MAX_BODY_BYTES ? null : chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks));
      });
      return;
    }
    if (path === "/api/me") {
      if (req.method !== "GET") {
        send(res, json(405, { error: "method_not_allowed" }, { Allow: "GET" }));
        return;
      }
      handleApi(req, res);
      return;
    }
    send(res, json(404, { error: "not_found" }));
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  server.requestTimeout = 0;
  server.maxHeadersCount = 200;
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_error, socket) => {
    // Malformed HTTP: answer 400 when the socket can still take it, never crash.
    if (socket.writable) socket.end(BAD_HTTP_ANSWER);
    else socket.destroy();
  });

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    });
    return closing;
  };

  return new Promise<TokenServer>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, backlog: 4096 }, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}`;
      resolve({
        url,
        tokenUrl: `${url}/token`,
        apiUrl: `${url}/api/me`,
        issueGrant() {
          return mintRefreshToken({ calls: 0, refreshes: 0, revoked: false, current: null });
        },
        callsFor(refreshToken) {
          return callsByRefreshToken.get(refreshToken) ?? 0;
        },
        grantOf(refreshToken) {
          const grant = refreshTokens.get(refreshToken)?.grant;
          if (!grant) return null;
          return { calls: grant.calls, refreshes: grant.refreshes, revoked: grant.revoked, currentRefreshToken: grant.current };
        },
        isAccessTokenValid,
        revokeGrant(refreshToken) {
          const grant = refreshTokens.get(refreshToken)?.grant;
          if (!grant) return false;
          revoke(grant);
          return true;
        },
        stats() {
          return { ...counters, faults: { ...faultCounts } };
        },
        setFaultRate(rate) {
          if (checkRate(rate) > 0 && faults.length === 0) throw new RangeError("faultRate > 0 needs at least one fault kind");
          faultRate = rate;
        },
        failNext(kind, count = 1) {
          if (!FAULT_KINDS.includes(kind)) throw new RangeError(`unknown fault kind ${String(kind)}`);
          if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
          if (count > 0) forced.push({ kind, remaining: count });
        },
        close,
      });
    });
  });
}
