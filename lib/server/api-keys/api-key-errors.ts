import "server-only";
import { ServiceError } from "../errors";

/** The one body every refused key gets (unknown, wrong prefix, revoked, expired, missing). */
export const INVALID_API_KEY_MESSAGE = "Invalid API key.";
export const KEY_IN_URL_MESSAGE = "Send the key in the Authorization header, never in a URL.";
/** The one body for a credential the key may not read, another workspace's, deleted or unknown. */
export const CREDENTIAL_NOT_FOUND_MESSAGE = "Credential not found.";

export const invalidApiKey = () => new ServiceError("UNAUTHENTICATED", INVALID_API_KEY_MESSAGE);
export const keyInUrl = () => new ServiceError("BAD_REQUEST", KEY_IN_URL_MESSAGE);
export const credentialNotFound = () => new ServiceError("NOT_FOUND", CREDENTIAL_NOT_FOUND_MESSAGE);
