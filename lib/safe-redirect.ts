/**
 * Returns `target` only when it is an internal path ("/connections?x=1"); anything else
 * (absolute URLs, protocol-relative "//evil", backslashes, control characters) becomes `fallback`.
 */
export function safeInternalPath(target: string | null | undefined, fallback = "/overview"): string {
  if (!target) return fallback;
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(target)) return fallback;
  try {
    const url = new URL(target, "http://internal.invalid");
    if (url.origin !== "http://internal.invalid") return fallback;
    // Dot segments can collapse to a protocol-relative path ("/..//evil" -> "//evil").
    if (url.pathname.startsWith("//")) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
