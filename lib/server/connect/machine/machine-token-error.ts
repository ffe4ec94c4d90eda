import "server-only";
import { isServiceError, ServiceError, type ServiceErrorCode } from "../../errors";
import { JwtLoginError } from "../../oauth/jwt-login-error";
import { TokenRequestError } from "../../oauth/token-errors";
import type { MachineClientAuthMethod, MachineMethod } from "./machine-config";

/** What the failing acquisition was, to phrase its message. */
export type AcquisitionKind = { method: MachineMethod; authMethod?: MachineClientAuthMethod };

/** Field names of the oauth building blocks → the form fields of the machine-connection forms. */
const fieldRenames: Record<string, string> = { tokenEndpoint: "tokenUrl", privateKeyPem: "privateKey", privateKeyJwk: "privateKey", issuer: "serviceAccountKey", audience: "serviceAccountKey" };

function methodMessage(error: TokenRequestError, kind: AcquisitionKind): string | undefined {
  const code = error.oauthError?.error;
  if (kind.method === "client_credentials" && kind.authMethod === "private_key_jwt" && (code === "invalid_client" || error.status === 401)) {
    return "The provider rejected the client id or the signed client assertion (private_key_jwt). Check the client id, the key id, and that the provider holds the matching public key.";
  }
  if (kind.method === "jwt_bearer") {
    if (code === "invalid_grant") {
      return "The provider rejected the service-account assertion (invalid_grant). Check that the key is still active, that the subject (if any) is a real user allowed by domain-wide delegation, and this server's clock.";
    }
    if (code === "unauthorized_client") {
      return "The provider does not let this service account get tokens this way (unauthorized_client). For domain-wide delegation, authorize the service account's client id for these scopes in the Google Admin console.";
    }
  }
  return undefined;
}

function codeFor(error: TokenRequestError | JwtLoginError): ServiceErrorCode {
  if (error.reason === "network" || error.reason === "timeout") return "UNAVAILABLE";
  if (error.status === 429) return "RATE_LIMITED";
  if (error.status !== undefined && error.status >= 500) return "UNAVAILABLE";
  return "BAD_REQUEST";
}

/** True when repeating the same request cannot succeed until someone changes the settings (revoked key, wrong secret). */
export function isPermanentFailure(error: ServiceError): boolean {
  return error.code === "BAD_REQUEST" || error.code === "INTERNAL";
}

/**
 * Maps what acquiring a machine token threw onto the one ServiceError: provider failures keep their
 * safe message (secrets were scrubbed by the building blocks), rephrased where the method says more;
 * input errors keep their field messages under the form's field names. Anything else is rethrown.
 */
export function toMachineServiceError(error: unknown, kind: AcquisitionKind): ServiceError {
  if (error instanceof TokenRequestError) {
    const specific = methodMessage(error, kind);
    const description = error.oauthError?.description;
    const message = specific ? `${specific}${description ? ` Provider says: "${description}"` : ""}` : error.message;
    return new ServiceError(codeFor(error), message, {
      details: { method: kind.method, reason: error.reason, status: error.status ?? null, oauthError: error.oauthError?.error ?? null, detail: error.detail ?? null },
    });
  }
  if (error instanceof JwtLoginError) {
    return new ServiceError(codeFor(error), error.message, { details: { method: kind.method, reason: error.reason, status: error.status ?? null } });
  }
  if (isServiceError(error)) {
    if (!error.fieldErrors) return error;
    const fieldErrors = Object.fromEntries(Object.entries(error.fieldErrors).map(([field, message]) => [fieldRenames[field] ?? field, message]));
    return new ServiceError(error.code, error.message, { details: error.details, fieldErrors });
  }
  throw error;
}
