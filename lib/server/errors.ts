import "server-only";

export const serviceErrorCodes = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ServiceErrorCode = keyof typeof serviceErrorCodes;

/**
 * The one typed domain error. `message` is safe to show to the user; `details` go to logs
 * only (never to the client) and must not hold secrets.
 */
export class ServiceError extends Error {
  readonly code: ServiceErrorCode;
  readonly details: Record<string, unknown>;
  readonly fieldErrors: Record<string, string> | undefined;

  constructor(
    code: ServiceErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; fieldErrors?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ServiceError";
    this.code = code;
    this.details = options.details ?? {};
    this.fieldErrors = options.fieldErrors;
  }

  get status(): number {
    return serviceErrorCodes[this.code];
  }
}

/** A BAD_REQUEST whose per-field messages come from a zod error (first path segment = field name). */
export function invalidInput(issues: readonly { path: readonly PropertyKey[]; message: string }[], message = "Check the highlighted fields."): ServiceError {
  return new ServiceError("BAD_REQUEST", message, { fieldErrors: Object.fromEntries(issues.map((i) => [String(i.path[0] ?? "form"), i.message])) });
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}

export const notFound = (what = "Not found") => new ServiceError("NOT_FOUND", what);
export const forbidden = (message = "You do not have permission to do this.") => new ServiceError("FORBIDDEN", message);
