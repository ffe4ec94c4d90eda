import "server-only";

/** The sender's event id from a JSON body field, for display only (never trusted for replay unless signed). */
export function jsonEventId(body: Uint8Array, field: string): string | null {
  if (body.byteLength === 0 || body[0] !== 0x7b) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body).toString("utf8"));
    const value = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>)[field] : undefined;
    return typeof value === "string" && value.length <= 200 ? value : null;
  } catch {
    return null;
  }
}
