import "server-only";

/** Why a Clay-style JWT login failed. */
export const jwtLoginErrorReasons = [
  "http_error",
  "not_json",
  "html_response",
  "response_too_large",
  "token_path_not_found",
  "token_not_string",
  "bad_expiry",
  "network",
  "timeout",
] as const;

export type JwtLoginErrorReason = (typeof jwtLoginErrorReasons)[number];

/** A failed JWT login; `message` is safe to show (no token, no password, at most a short redacted snippet of the answer). */
export class JwtLoginError extends Error {
  readonly reason: JwtLoginErrorReason;
  readonly status?: number;

  constructor(reason: JwtLoginErrorReason, message: string, options: { status?: number } = {}) {
    super(message);
    this.name = "JwtLoginError";
    this.reason = reason;
    if (options.status !== undefined) this.status = options.status;
  }
}

/** True for a JwtLoginError. */
export function isJwtLoginError(error: unknown): error is JwtLoginError {
  return error instanceof JwtLoginError;
}
