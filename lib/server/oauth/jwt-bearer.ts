import "server-only";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import { ServiceError } from "@/lib/server/errors";
import { buildClientAuth, clientAuthSecrets, clientAuthSettingsSchema, type ClientAuthSettings } from "./client-auth";
import { oauthRequestOptions, outboundHttpOptionsSchema, outboundUrlSchema, type OutboundHttpOptions } from "./outbound-http";
import { parseInput } from "./parse-input";
import { parseTokenResponse } from "./parse-token-response";
import { importPrivateSigningKey } from "./private-signing-key";
import { joinScopes } from "./scopes";
import { toTokenRequestError } from "./token-errors";
import type { TokenGrant } from "./token-grant";

/** RFC 7523 §2.1 grant type. */
export const jwtBearerGrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** Longest assertion lifetime we mint (Google's limit, and RFC 7523's advice to keep it short). */
export const maxAssertionLifetimeSeconds = 3600;

/** The fields of a Google service-account JSON key that the JWT bearer flow needs. */
export interface ServiceAccountKey {
  clientEmail: string;
  privateKeyPem: string;
  privateKeyId: string;
  tokenUri: string;
  projectId?: string;
  clientId?: string;
}

function keyFileError(message: string): ServiceError {
  return new ServiceError("BAD_REQUEST", message, { fieldErrors: { serviceAccountKey: message } });
}

const serviceAccountKeySchema = z.looseObject({
  type: z.literal("service_account"),
  client_email: z.email(),
  private_key: z.string().includes("PRIVATE KEY"),
  private_key_id: z.string().min(1),
  token_uri: outboundUrlSchema,
  project_id: z.string().min(1).optional(),
  client_id: z.string().min(1).optional(),
});

const keyFileFieldNames: Record<string, string> = {
  client_email: "client_email (the service account's email)",
  private_key: "private_key (a PEM private key)",
  private_key_id: "private_key_id",
  token_uri: "token_uri (an https URL)",
};

/** Reads a Google service-account JSON key (file text or parsed JSON); clear errors for other files, never echoing the key. */
export function parseServiceAccountKey(json: unknown): ServiceAccountKey {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch {
      throw keyFileError("This file is not JSON. Upload the service account's JSON key file (IAM → Service accounts → Keys → Add key → JSON).");
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw keyFileError("This is not a service-account key: expected a JSON object with \"type\": \"service_account\".");
  }
  const type = "type" in value ? value.type : undefined;
  if (type === "authorized_user") throw keyFileError("This is a user credential (authorized_user), not a service-account key. Create a key for a service account instead.");
  if (type === "external_account") throw keyFileError("This is a workload identity federation configuration (external_account), not a service-account key.");
  if ("installed" in value || "web" in value) throw keyFileError("This is an OAuth client file (client_secret.json), not a service-account key.");
  if (type !== "service_account") throw keyFileError("This is not a service-account key: \"type\" must be \"service_account\".");
  const parsed = serviceAccountKeySchema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")))].map((field) => keyFileFieldNames[field] ?? field);
    throw keyFileError(`The service-account key is incomplete or damaged: check ${fields.join(", ")}. Download a fresh JSON key.`);
  }
  const key = parsed.data;
  const result: ServiceAccountKey = { clientEmail: key.client_email, privateKeyPem: key.private_key, privateKeyId: key.private_key_id, tokenUri: key.token_uri };
  if (key.project_id !== undefined) result.projectId = key.project_id;
  if (key.client_id !== undefined) result.clientId = key.client_id;
  return result;
}

/** What an RFC 7523 authorization-grant assertion says. */
export interface MintJwtBearerAssertionInput {
  /** `iss`: who signs, e.g. the service account's client_email. */
  issuer: string;
  /** `sub`: the user to act as (e.g. Google domain-wide delegation); omitted when absent. */
  subject?: string;
  /** `aud`: the token endpoint. */
  audience: string;
  /** `scope` claim, joined by a space; omitted when empty. */
  scopes: readonly string[];
  privateKeyPem?: string;
  privateKeyJwk?: Record<string, unknown>;
  keyId?: string;
  now?: () => Date;
  /** Seconds until `exp`, 1 to 3600. Default 3600. */
  lifetimeSeconds?: number;
}

const mintInputSchema = z
  .object({
    issuer: z.string().trim().min(1, "Enter the assertion issuer.").max(512),
    subject: z.string().trim().min(1).max(512).optional(),
    audience: z.string().trim().min(1, "Enter the assertion audience (the token endpoint).").max(2048),
    scopes: z.array(z.string().trim().min(1).max(512)).max(200),
    privateKeyPem: z.string().min(1).max(16_384).optional(),
    privateKeyJwk: z.record(z.string(), z.unknown()).optional(),
    keyId: z.string().min(1).max(256).optional(),
    now: z.custom<() => Date>((value) => typeof value === "function").optional(),
    lifetimeSeconds: z.number().int().min(1).max(maxAssertionLifetimeSeconds, "The assertion may live at most one hour (3600 s).").optional(),
  })
  .refine((input) => input.privateKeyPem !== undefined || input.privateKeyJwk !== undefined, { path: ["privateKey"], message: "A private key (PEM or JWK) is required." });

/** Signs an RFC 7523 assertion with jose: iss, sub, aud, iat, exp (≤ 1 h), jti and a space-joined scope claim. */
export async function mintJwtBearerAssertion(input: MintJwtBearerAssertionInput): Promise<string> {
  const settings = parseInput(mintInputSchema, input, "Check the service-account settings.");
  const signingKey = await importPrivateSigningKey(settings);
  const iat = Math.floor((settings.now ?? (() => new Date()))().getTime() / 1000);
  const scope = joinScopes(settings.scopes, " ");
  const jwt = new SignJWT(scope === "" ? {} : { scope })
    .setProtectedHeader(signingKey.kid === undefined ? { alg: signingKey.alg, typ: "JWT" } : { alg: signingKey.alg, kid: signingKey.kid, typ: "JWT" })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (settings.lifetimeSeconds ?? maxAssertionLifetimeSeconds))
    .setJti(randomUUID());
  if (settings.subject !== undefined) jwt.setSubject(settings.subject);
  return jwt.sign(signingKey.key);
}

/** An RFC 7523 JWT bearer grant request. */
export interface JwtBearerTokenInput extends OutboundHttpOptions {
  tokenEndpoint: string;
  issuer: string;
  subject?: string;
  /** Assertion `aud`; default the token endpoint. */
  audience?: string;
  scopes: readonly string[];
  /** Also send the scopes as the `scope` request parameter (joined by scopeSeparator). Default false: Google reads the claim. */
  sendScopeParameter?: boolean;
  scopeSeparator?: string;
  privateKeyPem?: string;
  privateKeyJwk?: Record<string, unknown>;
  keyId?: string;
  lifetimeSeconds?: number;
  /** Client authentication, when the provider wants it besides the assertion; none by default (no client_id sent). */
  clientAuth?: ClientAuthSettings;
  acceptTokenTypes?: readonly string[];
  now?: () => Date;
}

const requestInputSchema = z.object({
  ...outboundHttpOptionsSchema.shape,
  tokenEndpoint: outboundUrlSchema,
  audience: z.string().trim().min(1).max(2048).optional(),
  sendScopeParameter: z.boolean().optional(),
  scopeSeparator: z.string().min(1).max(4).optional(),
  clientAuth: clientAuthSettingsSchema.optional(),
  acceptTokenTypes: z.array(z.string().min(1)).optional(),
});

/** RFC 7523 §3.1: client authentication is optional for this grant; this one sends nothing. */
const noClientAuthentication: oauth.ClientAuth = () => undefined;

/** Mints an assertion and exchanges it at the token endpoint (grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer). Throws TokenRequestError. */
export async function requestJwtBearerToken(input: JwtBearerTokenInput): Promise<TokenGrant> {
  const settings = parseInput(requestInputSchema, input, "Check the service-account settings.");
  const now = input.now ?? (() => new Date());
  const url = new URL(settings.tokenEndpoint);
  const mint: MintJwtBearerAssertionInput = {
    issuer: input.issuer,
    audience: settings.audience ?? url.href,
    scopes: input.scopes,
    now,
    ...(input.subject !== undefined ? { subject: input.subject } : {}),
    ...(input.privateKeyPem !== undefined ? { privateKeyPem: input.privateKeyPem } : {}),
    ...(input.privateKeyJwk !== undefined ? { privateKeyJwk: input.privateKeyJwk } : {}),
    ...(input.keyId !== undefined ? { keyId: input.keyId } : {}),
    ...(input.lifetimeSeconds !== undefined ? { lifetimeSeconds: input.lifetimeSeconds } : {}),
  };
  const assertion = await mintJwtBearerAssertion(mint);

  const as: oauth.AuthorizationServer = { issuer: url.origin, token_endpoint: url.href };
  const client: oauth.Client = { client_id: settings.clientAuth?.clientId ?? input.issuer };
  const clientAuth = settings.clientAuth ? await buildClientAuth(settings.clientAuth, { audience: url.href, now }) : noClientAuthentication;
  const secrets = [assertion, ...(input.privateKeyPem ? [input.privateKeyPem] : []), ...(settings.clientAuth ? clientAuthSecrets(settings.clientAuth) : [])];

  const parameters = new URLSearchParams({ assertion });
  const scope = joinScopes(input.scopes, settings.scopeSeparator);
  if (settings.sendScopeParameter === true && scope !== "") parameters.set("scope", scope);

  let response: Response;
  try {
    response = await oauth.genericTokenEndpointRequest(as, client, clientAuth, jwtBearerGrantType, parameters, oauthRequestOptions(url, settings));
  } catch (error) {
    throw toTokenRequestError(error, { secrets, now });
  }
  return parseTokenResponse(response, {
    now,
    secrets,
    ...(settings.scopeSeparator ? { scopeSeparator: settings.scopeSeparator } : {}),
    ...(settings.acceptTokenTypes ? { acceptTokenTypes: settings.acceptTokenTypes } : {}),
    process: (res, recognizedTokenTypes) => oauth.processGenericTokenEndpointResponse(as, client, res, { recognizedTokenTypes }),
  });
}
