import { describe, expect, it } from "vitest";
import { checklistItemKeys, monthOf, previousMonth } from "@/lib/checklist/checklist-items";
import { checklistReportMarkdown, type ReportRun } from "@/lib/checklist/report-markdown";

const run: ReportRun = {
  month: "2026-11",
  evaluatedAt: new Date("2026-11-20T09:00:00Z"),
  completedAt: new Date("2026-11-21T10:00:00Z"),
  completedBy: "Ana",
  dormantDays: 30,
  items: checklistItemKeys.map((key) =>
    key === "keys_in_store"
      ? { key, failureCount: 1, failures: [{ subjectType: "leak_scan", subjectId: "s1", name: "lead|routing_*.json", reason: "The leak scanner found 1 secret.", fixPath: "/leak-scan", fixLabel: "Open the scan" }], decision: "accept_risk", reason: "Ticket SEC-1\nassigned", riskExpiresAt: new Date("2026-12-31T00:00:00Z"), reviewedBy: "Ana", reviewedAt: new Date("2026-11-21T10:00:00Z") }
      : { key, failureCount: 0, failures: [], decision: "pass", reason: null, riskExpiresAt: null, reviewedBy: "Ana", reviewedAt: new Date("2026-11-21T10:00:00Z") },
  ),
};

describe("the checklist report for auditors", () => {
  it("summarises every item with its decision and lists what failed", () => {
    const md = checklistReportMarkdown(run, "Acme", new Date("2026-12-01T00:00:00Z"));
    expect(md.startsWith("# Security checklist — Acme, 2026-11\n")).toBe(true);
    expect(md).toContain("- Status: complete, signed off by Ana on 2026-11-21");
    expect(md).toContain("| 1 | Keys live in a credential manager | 1 | risk accepted until 2026-12-31 (Ana, 2026-11-21) |");
    expect(md).toContain("| 8 | Everything has an owner | 0 | passed (Ana, 2026-11-21) |");
    expect(md.match(/^## /gm)).toHaveLength(8);
  });
  it("escapes Markdown in names and reasons that users typed, so a name cannot break the table or the layout", () => {
    const md = checklistReportMarkdown(run, "Acme | *Corp*", new Date());
    expect(md).toContain("Acme \\| \\*Corp\\*");
    expect(md).toContain("**lead\\|routing\\_\\*.json**");
    expect(md).toContain("“Ticket SEC-1 assigned”");
  });
});

describe("checklist months", () => {
  it("names the UTC month and the one before it, across a year boundary", () => {
    expect(monthOf(new Date("2026-12-31T23:59:59Z"))).toBe("2026-12");
    expect(monthOf(new Date("2027-01-01T00:00:00Z"))).toBe("2027-01");
    expect(previousMonth("2027-01")).toBe("2026-12");
    expect(previousMonth("2026-10")).toBe("2026-09");
  });
});
