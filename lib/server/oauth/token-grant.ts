import "server-only";

/** Response fields copied into TokenGrant.raw: non-secret metadata only, and only when a string, number or boolean. */
export const tokenGrantRawFields = [
  "token_type",
  "expires_in",
  "scope",
  "refresh_token_expires_in",
  "refresh_expires_in",
  "x_refresh_token_expires_in",
  "ext_expires_in",
  "issued_at",
  "instance_url",
  "id",
  "api_domain",
  "api_base_url_for_customer",
  "bot_user_id",
  "app_id",
  "user_id",
  "account_id",
  "hub_id",
] as const;

/** A JSON primitive kept from the token response. */
export type TokenGrantRawValue = string | number | boolean;

/** A token response normalised by every flow (client credentials, JWT bearer, authorization code). */
export interface TokenGrant {
  accessToken: string;
  /** Lowercase, e.g. "bearer". */
  tokenType: string;
  /** From expires_in; null when the provider did not say. */
  expiresAt: Date | null;
  refreshToken: string | null;
  /** null when the response omits scope (ask introspection, or assume the requested scopes). */
  grantedScopes: string[] | null;
  /** Claims of a validated id_token, when the response carried one. */
  idTokenClaims?: Record<string, unknown>;
  /** Allow-listed, non-secret response fields (see tokenGrantRawFields). */
  raw: Record<string, TokenGrantRawValue>;
}
