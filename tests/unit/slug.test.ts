import { describe, expect, it } from "vitest";
import { slugifyWorkspaceName } from "@/lib/server/workspaces/slug";

describe("slugifyWorkspaceName", () => {
  it("turns a name into lowercase words joined by dashes with a 6-hex suffix", () => {
    expect(slugifyWorkspaceName("Acme Sales Ops")).toMatch(/^acme-sales-ops-[0-9a-f]{6}$/);
    expect(slugifyWorkspaceName("  --Acme & Co.--  ")).toMatch(/^acme-co-[0-9a-f]{6}$/);
  });

  it("drops accents instead of the letters", () => {
    expect(slugifyWorkspaceName("Café Zürich Ñandú")).toMatch(/^cafe-zurich-nandu-[0-9a-f]{6}$/);
  });

  it("falls back to 'workspace' when nothing URL-friendly is left", () => {
    expect(slugifyWorkspaceName("!!! ???")).toMatch(/^workspace-[0-9a-f]{6}$/);
    expect(slugifyWorkspaceName("日本語")).toMatch(/^workspace-[0-9a-f]{6}$/);
  });

  it("keeps at most 40 characters of the name", () => {
    expect(slugifyWorkspaceName("a".repeat(100))).toMatch(/^a{40}-[0-9a-f]{6}$/);
  });

  it("does not leave a double dash when the cut falls on a space", () => {
    expect(slugifyWorkspaceName(`${"a".repeat(39)} tail`)).toMatch(/^a{39}-[0-9a-f]{6}$/);
  });

  it("gives two workspaces with the same name different slugs", () => {
    const slugs = new Set(Array.from({ length: 20 }, () => slugifyWorkspaceName("Acme")));
    expect(slugs.size).toBe(20);
  });
});
