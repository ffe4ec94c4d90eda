import "server-only";
import { ZodError } from "zod";
import { env } from "./env";
import { isServiceError, ServiceError } from "./errors";
import { logger } from "./logger";

export type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

/** The single mapping from errors to HTTP responses. Unknown errors become a bare 500. */
export function errorResponse(error: unknown): Response {
  if (isServiceError(error)) {
    if (error.status >= 500) logger().error({ code: error.code, details: error.details }, error.message);
    const body: ErrorBody = { error: { code: error.code, message: error.message, ...(error.fieldErrors ? { fields: error.fieldErrors } : {}) } };
    return Response.json(body, { status: error.status });
  }
  if (error instanceof ZodError) {
    const fields = Object.fromEntries(error.issues.map((i) => [i.path.join("."), i.message]));
    return Response.json({ error: { code: "BAD_REQUEST", message: "The request is invalid.", fields } } satisfies ErrorBody, { status: 400 });
  }
  logger().error({ err: error instanceof Error ? { name: error.name, message: error.message } : String(error) }, "unhandled route error");
  return Response.json({ error: { code: "INTERNAL", message: "Something went wrong on our side." } } satisfies ErrorBody, { status: 500 });
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Refuses cross-site mutations: the Origin (or Referer) must be the app's own origin. */
export function assertSameOrigin(request: Request): void {
  if (!MUTATING.has(request.method)) return;
  const expected = new URL(env().NEXTAUTH_URL).origin;
  const origin = request.headers.get("origin") ?? (request.headers.get("referer") ? new URL(request.headers.get("referer")!).origin : null);
  if (origin !== expected) throw new ServiceError("FORBIDDEN", "Cross-site request refused.");
}

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** Wraps a route handler: same-origin check for mutations and the one error mapper. */
export function route<P = Record<string, string>>(handler: Handler<P>): Handler<P> {
  return async (request, context) => {
    try {
      assertSameOrigin(request);
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export { ServiceError };
