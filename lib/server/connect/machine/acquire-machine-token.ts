import "server-only";
import { decodeJwt } from "jose";
import { requestClientCredentialsToken } from "../../oauth/client-credentials";
import { requestJwtBearerToken } from "../../oauth/jwt-bearer";
import { performJwtLogin, type JwtLoginExpirySource } from "../../oauth/jwt-login";
import type { MachineConfig } from "./machine-config";
import { transportOf, type MachineContext } from "./machine-context";
import { toMachineServiceError } from "./machine-token-error";

/** A freshly acquired machine credential, ready to be sealed. */
export type MachineToken = {
  accessToken: string;
  /** "bearer" for OAuth grants; the configured scheme (e.g. "Bearer", "Token", or null for a bare token) for JWT login. */
  tokenType: string | null;
  expiresAt: Date | null;
  /** null when the provider did not say (then the requested scopes are assumed). */
  grantedScopes: string[] | null;
  expirySource: JwtLoginExpirySource | "token_response";
  /** Who the token acts as, when the credential says (a JWT login token's `sub`). */
  subject: string | null;
};

function jwtSubject(token: string): string | null {
  try {
    const { sub } = decodeJwt(token);
    return typeof sub === "string" && sub.length <= 256 ? sub : null;
  } catch {
    return null;
  }
}

async function acquire(ctx: MachineContext, config: MachineConfig): Promise<MachineToken> {
  const transport = transportOf(ctx);
  switch (config.method) {
    case "client_credentials": {
      const grant = await requestClientCredentialsToken({
        ...transport,
        tokenEndpoint: config.tokenUrl,
        clientId: config.clientId,
        authMethod: config.authMethod,
        ...(config.clientSecret !== undefined ? { clientSecret: config.clientSecret } : {}),
        ...(config.privateKeyPem !== undefined ? { privateKeyPem: config.privateKeyPem } : {}),
        ...(config.keyId !== undefined ? { keyId: config.keyId } : {}),
        scopes: config.scopes,
        scopeSeparator: config.scopeSeparator,
      });
      return { accessToken: grant.accessToken, tokenType: grant.tokenType, expiresAt: grant.expiresAt, grantedScopes: grant.grantedScopes, expirySource: "token_response", subject: null };
    }
    case "jwt_bearer": {
      const key = config.serviceAccount;
      const grant = await requestJwtBearerToken({
        ...transport,
        tokenEndpoint: key.tokenUri,
        issuer: key.clientEmail,
        ...(config.subject !== undefined ? { subject: config.subject } : {}),
        scopes: config.scopes,
        privateKeyPem: key.privateKeyPem,
        keyId: key.privateKeyId,
      });
      return { accessToken: grant.accessToken, tokenType: grant.tokenType, expiresAt: grant.expiresAt, grantedScopes: grant.grantedScopes, expirySource: "token_response", subject: null };
    }
    case "jwt_login": {
      const result = await performJwtLogin({ ...transport, ...config.request });
      return { accessToken: result.token, tokenType: config.request.tokenType === "" ? null : config.request.tokenType, expiresAt: result.expiresAt, grantedScopes: null, expirySource: result.expirySource, subject: jwtSubject(result.token) };
    }
  }
}

/** Performs the configured acquisition once (client credentials, JWT bearer or JWT login). Throws a ServiceError with a safe message. */
export async function acquireMachineToken(ctx: MachineContext, config: MachineConfig): Promise<MachineToken> {
  try {
    return await acquire(ctx, config);
  } catch (error) {
    throw toMachineServiceError(error, { method: config.method, ...(config.method === "client_credentials" ? { authMethod: config.authMethod } : {}) });
  }
}
