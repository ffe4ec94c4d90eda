import { requireApiContext } from "@/lib/server/auth/guards";
import { vaultContext } from "@/lib/server/connect/connect-context";
import { route, ServiceError } from "@/lib/server/http";
import { readLimited } from "@/lib/server/limited-body";
import { MAX_SCAN_BYTES, scanUpload } from "@/lib/server/leak-scan/scan-upload";

export const dynamic = "force-dynamic";

const tooLarge = () => new ServiceError("PAYLOAD_TOO_LARGE", "The file is larger than 5 MB. Split the export, or scan the workflow that matters.");

/**
 * Leak scanner (admins): the raw file as the body, its name in X-File-Name (URI-encoded).
 * Processed in memory, never stored; answers the hits with paths and masked previews only.
 */
export const POST = route(async (request) => {
  const context = await requireApiContext({ role: "admin" });
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > MAX_SCAN_BYTES) throw tooLarge();
  const bytes = await readLimited(request.body, MAX_SCAN_BYTES);
  if (bytes === null) throw tooLarge();
  let fileName = "upload";
  try {
    fileName = decodeURIComponent(request.headers.get("x-file-name") ?? "upload");
  } catch {
    // a malformed name is replaced, not fatal
  }
  const result = await scanUpload(vaultContext(), { workspaceId: context.workspace.id, actorId: context.user.id, fileName, bytes });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});
