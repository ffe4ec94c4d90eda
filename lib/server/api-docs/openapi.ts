import "server-only";

/**
 * The OpenAPI 3.1 description of Authpulse's public API (/api/v1), served at GET /api/v1/openapi.json.
 * A typed object rather than a YAML file, so a renamed field fails the type check and the unit test
 * (tests/unit/openapi.test.ts) can check every route file is documented and every documented path exists.
 * Example values are obviously fake.
 */

type Ref = { $ref: string };
type Schema = Ref | ({ type?: string | string[]; description?: string; format?: string; enum?: readonly (string | number | null)[]; example?: unknown } & Record<string, unknown>);
type MediaType = { schema: Schema; example?: unknown };
type ResponseObject = { description: string; headers?: Record<string, { description: string; schema: Schema }>; content?: Record<string, MediaType> };
type Parameter = { name: string; in: "path" | "query" | "header"; required?: boolean; description: string; schema: Schema; example?: unknown };
export type Operation = {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters?: (Parameter | Ref)[];
  requestBody?: { required: boolean; description?: string; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject | Ref>;
  security?: Record<string, string[]>[];
};
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
export type PathItem = { summary?: string; description?: string; parameters?: (Parameter | Ref)[] } & Partial<Record<HttpMethod, Operation>>;
export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string; license?: { name: string; identifier: string } };
  servers: { url: string; description: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Record<string, PathItem>;
  components: {
    securitySchemes: Record<string, { type: "http"; scheme: "bearer"; bearerFormat: string; description: string } | { type: "apiKey"; in: "header"; name: string; description: string }>;
    schemas: Record<string, Schema>;
    parameters: Record<string, Parameter>;
    responses: Record<string, ResponseObject>;
  };
};

const FAKE_KEY_NOTE = "Authpulse API key, e.g. `ap_live_EXAMPLEexampleEXAMPLEexampleEXAMPLEexampl`.";
const ref = (kind: "schemas" | "parameters" | "responses", name: string): Ref => ({ $ref: `#/components/${kind}/${name}` });
const json = (schema: Schema, example?: unknown): Record<string, MediaType> => ({ "application/json": example === undefined ? { schema } : { schema, example } });
const error = (code: string, message: string) => ({ error: { code, message } });
const retryAfterHeader = { "Retry-After": { description: "Seconds to wait before trying again.", schema: { type: "integer", minimum: 1 } } };

const connectionIdParameter = ref("parameters", "ConnectionId");

const commonErrors = {
  "400": ref("responses", "BadRequest"),
  "401": ref("responses", "Unauthorized"),
  "404": ref("responses", "ConnectionNotFound"),
};

const tokenFailures = {
  "409": {
    description: "The connection cannot give out a token until someone acts: `NEEDS_REAUTH` (reconnect it), `CONFIG_ERROR` (fix the OAuth app), `EXHAUSTED` (refreshes failed for days), `DISCONNECTED`. The message is the connection's health reason.",
    content: json(ref("schemas", "Error"), error("NEEDS_REAUTH", "The authorization was revoked or expired; reconnect this connection.")),
  },
  "503": {
    description: "No token right now: the provider failed to refresh it and Authpulse is backing off, or a refresh is taking too long. Try again after Retry-After.",
    headers: retryAfterHeader,
    content: json(ref("schemas", "Error"), error("UNAVAILABLE", "The provider is temporarily unavailable.")),
  },
} satisfies Record<string, ResponseObject>;

const proxyOperation = (method: HttpMethod): Operation => ({
  operationId: `proxy${method[0]!.toUpperCase()}${method.slice(1)}`,
  summary: `${method.toUpperCase()} through the provider API proxy`,
  description:
    "Forwards the call to the connection's provider API (its API base URL + `path` + the query string) with `Authorization: <tokenType> <token>` injected. The caller's Authorization, X-API-Key, Cookie, Host, hop-by-hop and forwarding headers are not forwarded; other headers and the body bytes are. On a 401 the token is refreshed once and the call retried once; 429, 5xx and network failures are retried after Retry-After or a backoff while the caller has waited less than ~10 s in all, at most 5 provider calls. POST and PATCH are retried only when the provider cannot have acted on them (429, 503, no connection made) unless the request carries an `Idempotency-Key` header. Redirects are not followed. The answer is the provider's status and body with its Content-Type, Retry-After, Link, ETag, Location, X-RateLimit-* and RateLimit-* headers, marked `X-Authpulse-Source: provider`; answers without that header are Authpulse's own errors. Failed calls are recorded as auth events (source `proxy`). Query parameters that look like a credential (`key`, `token`, `access_token`, `api_key`…) are refused, since URLs end up in logs.",
  tags: ["Connections"],
  parameters: [connectionIdParameter, ref("parameters", "ProxyPath")],
  ...(method === "post" || method === "put" || method === "patch" || method === "delete"
    ? { requestBody: { required: false, description: "Forwarded as is (at most 10 MB).", content: { "*/*": { schema: { type: "string", format: "binary" } } } } }
    : {}),
  responses: {
    "200": {
      description: "The provider's answer (any status the provider sent, 2xx–5xx, passes through with its body).",
      headers: { "X-Authpulse-Source": { description: "`provider` on every answer that comes from the provider.", schema: { type: "string", enum: ["provider"] } } },
      content: { "*/*": { schema: {} }, "application/json": { schema: {}, example: { ok: true } } },
    },
    ...commonErrors,
    "400": { description: "Bad request: the path leaves the provider's API base (`..`, `..%2f`, backslashes, absolute URLs), or a credential-like query parameter.", content: json(ref("schemas", "Error"), error("BAD_REQUEST", "The path is not allowed: it must stay under the provider's API base (no '..', encoded slashes that climb, backslashes or absolute URLs).")) },
    "409": { description: "No API base URL is known for this connection's provider (machine connections, custom providers without one), or the connection cannot give out a token (see the access-token endpoint).", content: json(ref("schemas", "Error"), error("CONFLICT", "No API base URL is known for this connection's provider, so Authpulse cannot proxy calls to it.")) },
    "413": { description: "The request body is larger than 10 MB.", content: json(ref("schemas", "Error"), error("PAYLOAD_TOO_LARGE", "The body is larger than 10 MB.")) },
    "502": { description: "The provider could not be reached (`PROVIDER_UNREACHABLE`) or answered more than 20 MB (`UPSTREAM_TOO_LARGE`).", headers: retryAfterHeader, content: json(ref("schemas", "Error"), error("PROVIDER_UNREACHABLE", "The connection to the provider was reset.")) },
    "503": tokenFailures["503"],
    "504": { description: "The provider did not answer in time.", headers: retryAfterHeader, content: json(ref("schemas", "Error"), error("PROVIDER_UNREACHABLE", "The request to the provider timed out.")) },
  },
});

export const openApiDocument: OpenApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Authpulse API",
    version: "1.0.0",
    description:
      "Server-to-server API for workflow tools (n8n, Make, Clay, scripts): read a stored credential, get a fresh OAuth access token, call a provider's API through Authpulse, and report auth errors. Authenticate with an Authpulse API key in `Authorization: Bearer ap_live_…` (or `X-API-Key`), never in the URL. A key reaches only the credentials and connections it is scoped to; anything else is a 404, the same as an unknown id. Responses are never cached (`Cache-Control: no-store`).",
  },
  servers: [{ url: "/", description: "This Authpulse instance" }],
  security: [{ apiKeyBearer: [] }, { apiKeyHeader: [] }],
  tags: [
    { name: "Credentials", description: "Secrets stored in the vault (API keys, bearer tokens, basic auth, HMAC secrets, mTLS pairs)." },
    { name: "Connections", description: "OAuth and machine connections: fresh access tokens and the provider API proxy." },
    { name: "Events", description: "Auth errors seen by workflow tools." },
    { name: "Meta", description: "This document." },
  ],
  paths: {
    "/api/v1/credentials/{credentialId}": {
      get: {
        operationId: "readCredential",
        summary: "Read a credential's usable secret",
        description:
          "The secret to use now, shaped for an HTTP client (`header`, `query`, `basic`, HMAC settings or an mTLS pair), and the previous version while a rotation overlap runs (fail over to it). The key must be scoped to the credential by id or by one of its workflow tags. Every read and refusal is audited. Track-only credentials answer 409 with where the secret lives.",
        tags: ["Credentials"],
        parameters: [{ name: "credentialId", in: "path", required: true, description: "The credential's id.", schema: { type: "string", maxLength: 64 }, example: "cm0examplecredential000001" }],
        responses: {
          "200": {
            description: "The usable secret.",
            content: json(ref("schemas", "CredentialRead"), {
              credential: { id: "cm0examplecredential000001", method: "bearer" },
              version: 2,
              overlapEndsAt: null,
              header: { name: "Authorization", value: "Bearer example-not-a-real-token" },
              previous: null,
            }),
          },
          "400": ref("responses", "BadRequest"),
          "401": ref("responses", "Unauthorized"),
          "404": { description: "Unknown, deleted, another workspace's, or out of the key's scope (one answer for all).", content: json(ref("schemas", "Error"), error("NOT_FOUND", "Credential not found.")) },
          "409": { description: "A track-only credential: its secret lives elsewhere.", content: json(ref("schemas", "Error"), error("CONFLICT", "This credential is tracked only; its secret lives in 1Password (Ops vault).")) },
        },
      },
    },
    "/api/v1/connections/{connectionId}/access-token": {
      get: {
        operationId: "getAccessToken",
        summary: "Get a fresh access token",
        description:
          "The connection's access token, valid for at least min(5 min, half its lifetime). A staler token is refreshed inline first — one provider call for all concurrent callers and the refresh workers together; a caller that finds a refresh in progress waits for it (up to ~10 s). While the provider fails and Authpulse backs off, a stored token still valid for a minute is returned, else 503. The key must be scoped to the connection. Every read is audited (never the token).",
        tags: ["Connections"],
        parameters: [connectionIdParameter],
        responses: {
          "200": {
            description: "A usable token.",
            content: json(ref("schemas", "AccessToken"), { connectionId: "cm0exampleconnection000001", accessToken: "example-access-token-not-real", tokenType: "Bearer", expiresAt: "2030-01-01T12:00:00.000Z", expiresIn: 3599 }),
          },
          ...commonErrors,
          ...tokenFailures,
        },
      },
    },
    "/api/v1/proxy/{connectionId}/{path}": {
      description: "`{path}` stands for the rest of the URL after the connection id, slashes included (e.g. `/api/v1/proxy/cm0…/crm/v3/objects/contacts?limit=10`).",
      get: proxyOperation("get"),
      post: proxyOperation("post"),
      put: proxyOperation("put"),
      patch: proxyOperation("patch"),
      delete: proxyOperation("delete"),
    },
    "/api/v1/events": {
      post: {
        operationId: "reportAuthEvent",
        summary: "Report an auth error a workflow saw",
        description:
          "Classified by Authpulse's error taxonomy (429 → `rate_limited`, `invalid_grant` → `needs_reauth`, `invalid_client` → `configuration_error`, 401 → `unauthorized`…) and stored as an auth event of the connection (source `ingested`). Of `headers` only Retry-After, WWW-Authenticate, X-RateLimit-* and RateLimit-* are read. `note` is accepted and discarded: free text may hold secrets. The key must be scoped to the connection. Bodies over 64 KB answer 413.",
        tags: ["Events"],
        requestBody: {
          required: true,
          content: json(ref("schemas", "AuthEventReport"), { connectionId: "cm0exampleconnection000001", status: 429, headers: { "Retry-After": "30", "X-RateLimit-Remaining": "0" }, occurredAt: "2030-01-01T12:00:00Z" }),
        },
        responses: {
          "202": { description: "Stored.", content: json(ref("schemas", "IngestedAuthEvent"), { id: "1042", class: "rate_limited", action: "retry", retryAfterSeconds: 30 }) },
          "400": { description: "Not JSON, not valid (fields in `error.fields`), occurredAt more than 5 min ahead or older than 7 days.", content: json(ref("schemas", "Error"), { error: { code: "BAD_REQUEST", message: "The event report is invalid.", fields: { occurredAt: "occurredAt is in the future." } } }) },
          "401": ref("responses", "Unauthorized"),
          "404": ref("responses", "ConnectionNotFound"),
          "413": { description: "The body is larger than 64 KB.", content: json(ref("schemas", "Error"), error("PAYLOAD_TOO_LARGE", "The body is larger than 64 KB.")) },
        },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        operationId: "getOpenApiDocument",
        summary: "This OpenAPI document",
        description: "Public: no API key needed.",
        tags: ["Meta"],
        security: [],
        responses: { "200": { description: "The OpenAPI 3.1 document.", content: json({ type: "object" }) } },
      },
    },
  },
  components: {
    securitySchemes: {
      apiKeyBearer: { type: "http", scheme: "bearer", bearerFormat: "ap_live_… / ap_test_…", description: `${FAKE_KEY_NOTE} Sent as \`Authorization: Bearer <key>\`.` },
      apiKeyHeader: { type: "apiKey", in: "header", name: "X-API-Key", description: `${FAKE_KEY_NOTE} The alternative header.` },
    },
    parameters: {
      ConnectionId: { name: "connectionId", in: "path", required: true, description: "The connection's id (Connections → the connection → its id).", schema: { type: "string", maxLength: 64 }, example: "cm0exampleconnection000001" },
      ProxyPath: { name: "path", in: "path", required: true, description: "The provider API path, relative to its API base; may contain slashes. Must not climb out of the base.", schema: { type: "string" }, example: "crm/v3/objects/contacts" },
    },
    responses: {
      BadRequest: { description: "Invalid request, or an API key passed in the URL.", content: json(ref("schemas", "Error"), error("BAD_REQUEST", "Send the key in the Authorization header, never in a URL.")) },
      Unauthorized: { description: "Missing, unknown, revoked, expired or malformed API key (one answer for all).", content: json(ref("schemas", "Error"), error("UNAUTHENTICATED", "Invalid API key.")) },
      ConnectionNotFound: { description: "Unknown, another workspace's, or not in the key's scope (one answer for all).", content: json(ref("schemas", "Error"), error("NOT_FOUND", "Connection not found.")) },
    },
    schemas: {
      Error: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: { type: "string", description: "BAD_REQUEST, UNAUTHENTICATED, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE, UNAVAILABLE, NEEDS_REAUTH, CONFIG_ERROR, EXHAUSTED, DISCONNECTED, PROVIDER_UNREACHABLE, UPSTREAM_TOO_LARGE, INTERNAL." },
              message: { type: "string", description: "Safe to show to a person." },
              fields: { type: "object", additionalProperties: { type: "string" }, description: "Per-field messages of an invalid body." },
            },
          },
        },
      },
      AccessToken: {
        type: "object",
        required: ["connectionId", "accessToken", "tokenType", "expiresAt", "expiresIn"],
        properties: {
          connectionId: { type: "string" },
          accessToken: { type: "string", description: "Send as `Authorization: <tokenType> <accessToken>`. Do not store it: ask again when you need one." },
          tokenType: { type: "string", example: "Bearer" },
          expiresAt: { type: ["string", "null"], format: "date-time", description: "null: the token does not expire." },
          expiresIn: { type: ["integer", "null"], minimum: 0, description: "Seconds until expiresAt." },
        },
      },
      CredentialRead: {
        type: "object",
        required: ["credential", "version", "overlapEndsAt", "previous"],
        description: "Plus one material shape: `header` {name, value}; `query` {name, value}; `basic` {username, password} with `header`; HMAC {secret, algorithm, encoding, headerName, headerScheme, signaturePrefix}; mTLS {certificatePem, privateKeyPem}.",
        properties: {
          credential: { type: "object", properties: { id: { type: "string" }, method: { type: "string", enum: ["api_key", "bearer", "basic", "hmac", "mtls"] } } },
          version: { type: "integer" },
          overlapEndsAt: { type: ["string", "null"], format: "date-time" },
          previous: { type: ["object", "null"], description: "The previous version's material while a rotation overlap runs." },
          header: { type: "object", properties: { name: { type: "string" }, value: { type: "string" } } },
          query: { type: "object", properties: { name: { type: "string" }, value: { type: "string" } } },
        },
        additionalProperties: true,
      },
      AuthEventReport: {
        type: "object",
        required: ["connectionId"],
        additionalProperties: false,
        description: "At least one of status, oauthError, networkError.",
        properties: {
          connectionId: { type: "string", maxLength: 64 },
          status: { type: "integer", minimum: 100, maximum: 599, description: "The HTTP status the provider answered." },
          oauthError: { type: "string", maxLength: 64, pattern: "^[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+$", description: "The OAuth `error` code (RFC 6749 §5.2), e.g. invalid_grant." },
          headers: { type: "object", additionalProperties: { type: "string", maxLength: 1024 }, maxProperties: 50, description: "The provider's response headers; only Retry-After, WWW-Authenticate, X-RateLimit-* and RateLimit-* are read." },
          networkError: { type: "string", enum: ["timeout", "connection_reset", "dns", "connection_refused", "tls"] },
          occurredAt: { type: "string", format: "date-time", description: "Default now; at most 5 min ahead, at most 7 days old." },
          note: { type: "string", maxLength: 200, description: "Accepted and discarded (never stored)." },
        },
      },
      IngestedAuthEvent: {
        type: "object",
        required: ["id", "class", "action", "retryAfterSeconds"],
        properties: {
          id: { type: "string" },
          class: { type: "string", enum: ["rate_limited", "provider_unavailable", "network", "unauthorized", "needs_reauth", "configuration_error", "permission", "not_retryable", "proxy_auth", "unknown"] },
          action: { type: "string", enum: ["retry", "refresh_then_retry", "stop_and_alert"] },
          retryAfterSeconds: { type: ["integer", "null"], description: "When to retry, for action retry." },
        },
      },
    },
  },
};
