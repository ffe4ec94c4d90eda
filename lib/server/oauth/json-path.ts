import "server-only";

/** One step of a field path: an object key or an array index. */
export type JsonPathSegment = string | number;

const indexPattern = /^\[(\d+)\]/;
const doubleQuotedPattern = /^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/;
const singleQuotedPattern = /^\[\s*'([^']*)'\s*\]/;
const keyPattern = /^([^.[\]\s]+)/;

function nextSegment(rest: string): { segment: JsonPathSegment; length: number } | null {
  let match: RegExpExecArray | null;
  if ((match = indexPattern.exec(rest))) return { segment: Number(match[1]), length: match[0].length };
  if ((match = doubleQuotedPattern.exec(rest))) {
    try {
      return { segment: JSON.parse(`"${match[1] ?? ""}"`) as string, length: match[0].length };
    } catch {
      return null;
    }
  }
  if ((match = singleQuotedPattern.exec(rest))) return { segment: match[1] ?? "", length: match[0].length };
  if ((match = keyPattern.exec(rest))) return { segment: match[1] ?? "", length: match[0].length };
  return null;
}

/** Parses a dot/bracket field path ("data.token", "auth[0].jwt", "$.data['access-token']"); null when malformed. */
export function parseJsonPath(path: string): JsonPathSegment[] | null {
  let rest = path.trim().replace(/^\$(?=\.|\[|$)\.?/, "");
  const segments: JsonPathSegment[] = [];
  while (rest !== "") {
    const next = nextSegment(rest);
    if (next === null) return null;
    segments.push(next.segment);
    rest = rest.slice(next.length);
    if (rest.startsWith(".")) {
      rest = rest.slice(1);
      if (rest === "" || rest.startsWith("[") || rest.startsWith(".")) return null;
    } else if (rest !== "" && !rest.startsWith("[")) {
      return null;
    }
  }
  return segments.length === 0 ? null : segments;
}

/** Where a path lookup ended: the value, or the deepest container reached and how many segments matched. */
export type JsonPathLookup = { found: true; value: unknown } | { found: false; matched: number; container: unknown };

function child(container: unknown, segment: JsonPathSegment): { found: boolean; value?: unknown } {
  if (Array.isArray(container)) {
    const index = typeof segment === "number" ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
    return index >= 0 && index < container.length ? { found: true, value: container[index] } : { found: false };
  }
  if (typeof container === "object" && container !== null) {
    const key = String(segment);
    return Object.hasOwn(container, key) ? { found: true, value: (container as Record<string, unknown>)[key] } : { found: false };
  }
  return { found: false };
}

/** Follows a parsed path through JSON (own properties only). */
export function lookupJsonPath(value: unknown, segments: readonly JsonPathSegment[]): JsonPathLookup {
  let current = value;
  for (const [matched, segment] of segments.entries()) {
    const next = child(current, segment);
    if (!next.found) return { found: false, matched, container: current };
    current = next.value;
  }
  return { found: true, value: current };
}

/** Formats segments back into a path, for messages. */
export function formatJsonPath(segments: readonly JsonPathSegment[]): string {
  return segments
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      if (/^[A-Za-z_$][\w$-]*$/.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join("");
}
