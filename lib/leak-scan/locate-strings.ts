// Turns an uploaded file into located strings: each string value with the path a human can
// follow inside the file (a JSON path for n8n/Make/JSON exports, `line 3 (STRIPE_KEY)` for
// .env files, `row 2, column "API key"` for CSV such as Clay exports, `line 7` for any text).
// Pure: the upload is only ever held in memory.

export type LocatedString = {
  path: string;
  /** The key or column this value sits under, when there is one (decides "auth field" patterns). */
  field: string | null;
  value: string;
};

export type FileFormat = "json" | "env" | "csv" | "text";

const MAX_STRINGS = 200_000;

/** The format a file is read as: by content for JSON, else by its name. */
export function detectFormat(fileName: string, text: string): FileFormat {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      JSON.parse(text);
      return "json";
    } catch {
      // not JSON after all: fall through
    }
  }
  const name = fileName.toLowerCase();
  if (name.endsWith(".csv")) return "csv";
  if (name === ".env" || name.endsWith(".env") || /(^|\/)\.env(\.[\w-]+)?$/.test(name)) return "env";
  return "text";
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

function walkJson(value: unknown, path: string, field: string | null, out: LocatedString[]): void {
  if (out.length >= MAX_STRINGS) return;
  if (typeof value === "string") {
    out.push({ path, field, value });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walkJson(item, `${path}[${i}]`, field, out));
  } else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    // n8n and Make keep header/query parameters as [{ name: "Authorization", value: "…" }]: the name is the field.
    const pairName = typeof record.name === "string" ? record.name : typeof record.key === "string" ? record.key : null;
    for (const [key, child] of Object.entries(record)) {
      const childPath = IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
      const childField = key === "value" && pairName ? pairName : key;
      walkJson(child, childPath, childField, out);
    }
  }
}

function envStrings(text: string): LocatedString[] {
  const out: LocatedString[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const match = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (!match) return;
    const [, key, raw] = match as unknown as [string, string, string];
    const quoted = /^(['"])(.*)\1$/.exec(raw);
    const value = quoted ? quoted[2]! : raw.replace(/\s+#.*$/, "");
    if (value !== "") out.push({ path: `line ${i + 1} (${key})`, field: key, value });
  });
  return out;
}

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function csvStrings(text: string): LocatedString[] {
  const [header = [], ...rows] = parseCsv(text);
  const out: LocatedString[] = [];
  rows.forEach((row, r) =>
    row.forEach((value, c) => {
      if (value.trim() === "" || out.length >= MAX_STRINGS) return;
      const column = header[c]?.trim() || `column ${c + 1}`;
      out.push({ path: `row ${r + 1}, column "${column}"`, field: column, value });
    }),
  );
  return out;
}

function textStrings(text: string): LocatedString[] {
  return text.split(/\r?\n/).flatMap((line, i) => (line.trim() === "" ? [] : [{ path: `line ${i + 1}`, field: null, value: line }]));
}

/** Every string of the file with its path. PEM blocks in text files are kept whole (they span lines). */
export function locateStrings(fileName: string, text: string): { format: FileFormat; strings: LocatedString[] } {
  const format = detectFormat(fileName, text);
  if (format === "json") {
    const out: LocatedString[] = [];
    walkJson(JSON.parse(text) as unknown, "$", null, out);
    return { format, strings: out };
  }
  const strings = format === "env" ? envStrings(text) : format === "csv" ? csvStrings(text) : textStrings(text);
  if (format !== "csv") {
    for (const match of text.matchAll(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g)) {
      const line = text.slice(0, match.index).split("\n").length;
      strings.push({ path: `line ${line}`, field: null, value: match[0] });
    }
  }
  return { format, strings: strings.slice(0, MAX_STRINGS) };
}
