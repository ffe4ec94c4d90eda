import { openApiDocument } from "@/lib/server/api-docs/openapi";

export const dynamic = "force-static";

/** The OpenAPI 3.1 document of the public API. Public: it describes endpoints, never data. */
export function GET(): Response {
  return Response.json(openApiDocument, { headers: { "Cache-Control": "public, max-age=300" } });
}
