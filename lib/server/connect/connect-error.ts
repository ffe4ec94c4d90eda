import "server-only";

/** Why a Connect attempt failed, as shown to the admin (the code travels in the redirect URL; no secrets). */
export const connectErrorMessages = {
  state_missing: "The provider sent you back without the state parameter, so Authpulse cannot tell which Connect request this is. Start again.",
  state_unknown: "This Connect request is unknown or was already used. Start again from the Connect button.",
  state_expired: "This Connect request expired (they last 10 minutes). Start again.",
  state_reused: "This sign-in response was already used once. Nothing was changed; start again if the connection is not there.",
  session_mismatch: "This Connect request was started in another session. Start again from this browser.",
  access_denied: "Consent was declined at the provider, so nothing was connected.",
  provider_error: "The provider returned an error instead of an authorization code.",
  iss_mismatch: "The response came from an unexpected issuer (RFC 9207 check failed). Nothing was stored.",
  invalid_client: "The provider rejected the OAuth app's client id or secret. Check the app's credentials and try again.",
  invalid_grant: "The provider refused the authorization code (expired, already used, or issued for another redirect URI).",
  token_response_invalid: "The provider's token response was not usable. Nothing was stored.",
  provider_unreachable: "The provider could not be reached. Try again in a moment.",
  app_missing: "No OAuth app is registered for this provider in this workspace.",
} as const;

export type ConnectErrorCode = keyof typeof connectErrorMessages;

export class ConnectError extends Error {
  constructor(
    readonly code: ConnectErrorCode,
    readonly detail?: string,
  ) {
    super(connectErrorMessages[code]);
    this.name = "ConnectError";
  }
}

export function isConnectErrorCode(value: string | undefined): value is ConnectErrorCode {
  return value !== undefined && value in connectErrorMessages;
}
