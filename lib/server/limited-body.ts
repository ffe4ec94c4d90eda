import "server-only";
import { ServiceError } from "./errors";

/** Thrown when a body is larger than allowed; maps to 413. */
export const payloadTooLarge = (maxBytes: number) => new ServiceError("PAYLOAD_TOO_LARGE", `The body is larger than ${formatBytes(maxBytes)}.`);

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * Reads a stream into memory, stopping as soon as it exceeds `maxBytes` (the rest is never
 * buffered, the stream is cancelled). null when it is too large.
 */
export async function readLimited(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * A request's body bytes, at most `maxBytes`: a declared Content-Length over the limit is refused
 * before reading anything, and a chunked body is cut off as soon as it passes the limit (413 either way).
 */
export async function readRequestBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared.trim()) > maxBytes) throw payloadTooLarge(maxBytes);
  const body = await readLimited(request.body, maxBytes);
  if (body === null) throw payloadTooLarge(maxBytes);
  return body;
}
