import "server-only";
import { invalidInput } from "../../errors";
import type { JsonValue } from "../../oauth/remove-nulls";

/** Most headers a login request may carry. */
export const maxLoginHeaders = 50;
/** Largest login body accepted from the form. */
export const maxLoginBodyBytes = 64 * 1024;

const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

// Messages name line numbers only: a malformed line may well be an API key pasted in the wrong place.
/** Reads headers typed one per line as `Name: value` (blank lines skipped); a BAD_REQUEST on the `headers` field otherwise. */
export function parseHeaderLines(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const where = `Line ${index + 1} of the headers`;
    const colon = line.indexOf(":");
    if (colon <= 0) throw invalidInput([{ path: ["headers"], message: `${where} is not “Name: value”.` }]);
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (!headerNamePattern.test(name)) throw invalidInput([{ path: ["headers"], message: `${where} has a header name with characters other than letters, digits and -_.` }]);
    if (seen.has(name.toLowerCase())) throw invalidInput([{ path: ["headers"], message: `${where} repeats a header named on an earlier line.` }]);
    seen.add(name.toLowerCase());
    headers[name] = value;
    if (seen.size > maxLoginHeaders) throw invalidInput([{ path: ["headers"], message: `Send at most ${maxLoginHeaders} headers.` }]);
  }
  return headers;
}

function declaredContentType(headers: Record<string, string>): string | undefined {
  return Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type")?.[1];
}

/**
 * Reads the login body box: empty → no body; JSON → sent as JSON. Text that is not JSON is refused,
 * unless a non-JSON Content-Type header says it is meant as text (e.g. a form-encoded login).
 */
export function parseLoginBody(text: string, headers: Record<string, string>): string | JsonValue | undefined {
  if (text.trim() === "") return undefined;
  if (Buffer.byteLength(text, "utf8") > maxLoginBodyBytes) throw invalidInput([{ path: ["body"], message: "The body is larger than 64 KB." }]);
  const contentType = declaredContentType(headers);
  if (contentType !== undefined && !/json/i.test(contentType)) return text;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw invalidInput([{ path: ["body"], message: "The body is not valid JSON. Write it as JSON, e.g. {\"email\": \"ops@example.com\", \"password\": \"…\"}, or set a Content-Type header for another format." }]);
  }
}
