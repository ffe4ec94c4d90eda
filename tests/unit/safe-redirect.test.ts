import { describe, expect, it } from "vitest";
import { safeInternalPath } from "@/lib/safe-redirect";

describe("safeInternalPath (?next= after login)", () => {
  it.each([
    ["https://evil.example"],
    ["http://evil.example/overview"],
    ["//evil.example"],
    ["//evil.example/overview"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["javascript:alert(1)"],
    ["JaVaScRiPt:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["evil.example"],
    ["overview"],
    ["/\tevil"],
    ["/\n/evil.example"],
    ["/connections\r\nSet-Cookie: x=1"],
    ["/\u0000evil"],
    ["/\u007fevil"],
    ["/a\\b"],
    // Dot segments that the URL parser collapses into a protocol-relative path.
    ["/..//evil.example"],
    ["/.//evil.example"],
    ["/%2e%2e//evil.example"],
    ["/connections/../..//evil.example"],
  ])("sends %j to the dashboard instead of following it", (target) => {
    expect(safeInternalPath(target)).toBe("/overview");
  });

  it("uses the caller's fallback for refused and empty targets", () => {
    expect(safeInternalPath("https://evil.example", "/settings")).toBe("/settings");
    expect(safeInternalPath("", "/settings")).toBe("/settings");
    expect(safeInternalPath(null, "/settings")).toBe("/settings");
    expect(safeInternalPath(undefined)).toBe("/overview");
  });

  it("keeps internal paths with their query and fragment", () => {
    expect(safeInternalPath("/connections")).toBe("/connections");
    expect(safeInternalPath("/connections?status=failing&page=2")).toBe("/connections?status=failing&page=2");
    expect(safeInternalPath("/settings/members#invites")).toBe("/settings/members#invites");
    expect(safeInternalPath("/")).toBe("/");
  });

  it("normalises dot segments that stay inside the app", () => {
    expect(safeInternalPath("/settings/../connections?x=1")).toBe("/connections?x=1");
  });

  it("keeps an encoded slash as an ordinary path character", () => {
    expect(safeInternalPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });
});
