import { describe, expect, it } from "vitest";
import { auditCsvRow, cappedNoteRow, csvCell, csvRow } from "@/lib/server/audit/audit-csv";
import type { AuditListEntry } from "@/lib/server/audit/list-audit";

describe("CSV cells (RFC 4180)", () => {
  it("leaves plain text unquoted and writes null as an empty cell", () => {
    expect(csvCell("credential.rotated")).toBe("credential.rotated");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(42)).toBe("42");
  });

  it("quotes cells with commas, quotes or line breaks and doubles inner quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line1\nline2")).toBe('"line1\nline2"');
    expect(csvCell("line1\r\nline2")).toBe('"line1\r\nline2"');
  });

  it("ends every record with CRLF", () => {
    expect(csvRow(["a", "b,c", null])).toBe('a,"b,c",\r\n');
  });
});

describe("spreadsheet formula injection", () => {
  it.each(["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=evil", "\r=evil"])("prefixes %j with a single quote", (value) => {
    const cell = csvCell(value);
    const unquoted = cell.startsWith('"') ? cell.slice(1, -1) : cell;
    expect(unquoted).toBe(`'${value}`);
  });

  it("quotes a neutralised formula that also holds a comma", () => {
    expect(csvCell('=HYPERLINK("http://x",1)')).toBe(`"'=HYPERLINK(""http://x"",1)"`);
  });

  it("leaves text with = or @ in the middle alone", () => {
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("ops@acme.example")).toBe("ops@acme.example");
  });
});

describe("audit rows", () => {
  const entry: AuditListEntry = {
    id: "e1",
    createdAt: new Date("2026-11-23T10:00:00.123Z"),
    action: "credential.secret_read",
    actorId: null,
    actorName: null,
    actorEmail: null,
    targetType: "credential",
    targetId: "c1",
    outcome: "allowed",
    ip: "203.0.113.7",
    userAgent: "=cmd|' /C calc'!A0, n8n",
    details: { via: "api", versions: "1,2" },
  };

  it("writes time (ISO), actor email, action, target, outcome, ip, user agent and details as JSON", () => {
    expect(auditCsvRow(entry)).toBe(`2026-11-23T10:00:00.123Z,,credential.secret_read,credential,c1,allowed,203.0.113.7,"'=cmd|' /C calc'!A0, n8n","{""via"":""api"",""versions"":""1,2""}"\r\n`);
  });

  it("says so in a final note row when the export was capped", () => {
    expect(cappedNoteRow(50_000)).toContain("50000 rows");
    expect(cappedNoteRow(50_000).endsWith("\r\n")).toBe(true);
  });
});
