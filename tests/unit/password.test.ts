import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword, passwordSchema, verifyPassword } from "@/lib/server/auth/password";

// A canary: if it ever shows up in a stored hash, the password leaked.
const CANARY = "canary-pw-7f3a91c2e5";

describe("password hashing", () => {
  let stored: string;
  beforeAll(async () => {
    stored = await hashPassword(CANARY);
  });

  it("stores scrypt parameters, salt and hash, never the password", async () => {
    const parts = stored.split("$");
    expect(parts.slice(0, 4)).toEqual(["scrypt", "131072", "8", "1"]);
    expect(Buffer.from(parts[4]!, "base64")).toHaveLength(16);
    expect(Buffer.from(parts[5]!, "base64")).toHaveLength(32);
    expect(stored).not.toContain(CANARY);
    expect(stored).not.toContain(Buffer.from(CANARY).toString("base64"));

    expect(await verifyPassword(CANARY, stored)).toBe(true);
    expect(await verifyPassword(`${CANARY}x`, stored)).toBe(false);
    expect(await verifyPassword(CANARY.toUpperCase(), stored)).toBe(false);
  });

  it("salts every hash, so the same password never gives the same stored value", async () => {
    const again = await hashPassword(CANARY);
    expect(again).not.toBe(stored);
    expect(again.split("$")[4]).not.toBe(stored.split("$")[4]);
  });

  it("accepts the same password typed in another Unicode form (NFKC)", async () => {
    // U+FB01 (ligature "ﬁ") normalises to "fi"; "é" composed vs. decomposed.
    const stored = await hashPassword("ﬁne-café-password");
    expect(await verifyPassword("fine-cafe\u0301-password", stored)).toBe(true);
  });

  it("rejects a stored hash whose bytes were altered", async () => {
    const parts = stored.split("$");
    const hash = Buffer.from(parts[5]!, "base64");
    hash[0] = hash[0]! ^ 0x01;
    parts[5] = hash.toString("base64");
    expect(await verifyPassword(CANARY, parts.join("$"))).toBe(false);
  });

  it.each([
    ["empty", ""],
    ["another algorithm", "$2b$12$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234"],
    ["too few fields", "scrypt$131072$8$1$c2FsdHNhbHRzYWx0c2FsdA=="],
    ["N too large (memory exhaustion)", `scrypt$${2 ** 24}$8$1$c2FsdHNhbHRzYWx0c2FsdA==$${"A".repeat(43)}=`],
    ["N too small (too cheap)", `scrypt$1024$8$1$c2FsdHNhbHRzYWx0c2FsdA==$${"A".repeat(43)}=`],
    ["r out of range", `scrypt$131072$64$1$c2FsdHNhbHRzYWx0c2FsdA==$${"A".repeat(43)}=`],
    ["non-numeric N", `scrypt$lots$8$1$c2FsdHNhbHRzYWx0c2FsdA==$${"A".repeat(43)}=`],
  ])("refuses a malformed stored hash (%s) without running scrypt on it", async (_label, stored) => {
    const started = performance.now();
    expect(await verifyPassword(CANARY, stored)).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe("passwordSchema", () => {
  it("asks for at least 12 characters", () => {
    const result = passwordSchema.safeParse("elevenchars");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Use at least 12 characters.");
    expect(passwordSchema.safeParse("twelve-chars").success).toBe(true);
  });

  it("caps passwords at 256 characters", () => {
    expect(passwordSchema.safeParse("x".repeat(256)).success).toBe(true);
    const result = passwordSchema.safeParse("x".repeat(257));
    expect(result.error?.issues[0]?.message).toBe("Use at most 256 characters.");
  });
});
