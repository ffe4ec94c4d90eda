import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { fixedClock, HOUR } from "@/lib/clock";
import { verifyCredentials } from "@/lib/server/auth/verify-credentials";
import { createDb, type Db } from "@/lib/server/db";
import { isServiceError, type ServiceError } from "@/lib/server/errors";
import { completeSetup } from "@/lib/server/setup/complete-setup";
import { inspectSetupToken, isSetupPending, issueSetupToken, SETUP_LINK_TTL_HOURS, setupTokenMessages } from "@/lib/server/setup/setup-link";
import { hashToken } from "@/lib/server/tokens";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { tablesContaining } from "./support/database-text";

const CANARY_PASSWORD = "canary-setup-pw-2c8e0f71";
const START = "2026-03-10T09:00:00.000Z";

const opened: Array<{ database: TestDatabase; db: Db }> = [];
afterAll(async () => {
  for (const { database, db } of opened) {
    await db.$disconnect();
    await database.drop();
  }
});

/** A brand-new Authpulse: empty database, clock at START. */
async function freshInstall() {
  const database = await createTestDatabase();
  const db = createDb(database.url);
  opened.push({ database, db });
  const clock = fixedClock(START);
  return { database, db, clock, ctx: { db, clock } };
}

async function serviceErrorOf(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isServiceError(error)) throw new Error(`expected a ServiceError, got ${String(error)}`);
  return error;
}

const form = (token: string, overrides: Record<string, unknown> = {}) => ({
  token,
  name: "Ada Admin",
  email: "Ada@Example.com",
  password: CANARY_PASSWORD,
  workspaceName: "Acme Revenue",
  ...overrides,
});

describe("set-up link", () => {
  it("issues a link valid for 24 hours and stores only its hash", async () => {
    const { database, db, ctx, clock } = await freshInstall();
    expect(await isSetupPending(ctx)).toBe(true);
    const issued = await issueSetupToken(ctx);
    expect(issued).not.toBeNull();
    expect(issued!.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued!.expiresAt.toISOString()).toBe(new Date(Date.parse(START) + SETUP_LINK_TTL_HOURS * HOUR).toISOString());
    const rows = await db.setupToken.findMany();
    expect(rows.map((r) => r.tokenHash)).toEqual([hashToken(issued!.token)]);
    expect(await tablesContaining(database.url, issued!.token)).toEqual([]);

    expect(await inspectSetupToken(ctx, issued!.token)).toBe("valid");
    expect(await inspectSetupToken(ctx, "a-token-nobody-issued")).toBe("unknown");
    clock.advance(24 * HOUR - 1);
    expect(await inspectSetupToken(ctx, issued!.token)).toBe("valid");
    clock.advance(1);
    expect(await inspectSetupToken(ctx, issued!.token)).toBe("expired");
  });

  it("creates the first admin, their workspace and an audit entry, and keeps the password out of the database", async () => {
    const { database, db, ctx, clock } = await freshInstall();
    const { token } = (await issueSetupToken(ctx))!;
    clock.advance(HOUR);
    const result = await completeSetup(ctx, form(token));

    const user = await db.user.findUniqueOrThrow({ where: { id: result.userId } });
    expect(user).toMatchObject({ email: "ada@example.com", name: "Ada Admin" });
    expect(user.createdAt.toISOString()).toBe("2026-03-10T10:00:00.000Z");
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: result.workspaceId } });
    expect(workspace.name).toBe("Acme Revenue");
    expect(workspace.slug).toMatch(/^acme-revenue-[0-9a-f]{6}$/);
    const memberships = await db.membership.findMany();
    expect(memberships.map((m) => ({ userId: m.userId, workspaceId: m.workspaceId, role: m.role }))).toEqual([
      { userId: result.userId, workspaceId: result.workspaceId, role: "admin" },
    ]);
    const audit = await db.auditLog.findMany();
    expect(audit.map((a) => ({ action: a.action, actorId: a.actorId, workspaceId: a.workspaceId, targetType: a.targetType, targetId: a.targetId, details: a.details }))).toEqual([
      { action: "setup.completed", actorId: result.userId, workspaceId: result.workspaceId, targetType: "user", targetId: result.userId, details: { email: "ada@example.com" } },
    ]);
    expect((await db.setupToken.findFirstOrThrow()).usedAt?.toISOString()).toBe("2026-03-10T10:00:00.000Z");

    // The admin can log in with the password chosen in the form.
    expect(await verifyCredentials(ctx, { email: "ada@example.com", password: CANARY_PASSWORD })).toEqual({ userId: result.userId });

    // Neither the password nor the link's token is stored in clear, in any table.
    expect(await tablesContaining(database.url, "ada@example.com")).toEqual(["audit_logs", "users"]);
    expect(await tablesContaining(database.url, CANARY_PASSWORD)).toEqual([]);
    expect(await tablesContaining(database.url, token)).toEqual([]);
    const [columns] = await db.$queryRaw<{ password_hash: string; details: string }[]>`
      SELECT u.password_hash, (SELECT string_agg(details::text, ' ') FROM audit_logs) AS details FROM users u`;
    expect(columns!.password_hash).toMatch(/^scrypt\$/);
    expect(columns!.password_hash).not.toContain(CANARY_PASSWORD);
    expect(columns!.details).not.toContain(CANARY_PASSWORD);
  });

  it("refuses a second use of the link and any other link once set up", async () => {
    const { db, ctx } = await freshInstall();
    const first = (await issueSetupToken(ctx))!;
    const second = (await issueSetupToken(ctx))!;
    await completeSetup(ctx, form(first.token));

    expect(await isSetupPending(ctx)).toBe(false);
    expect(await inspectSetupToken(ctx, first.token)).toBe("used");
    expect(await inspectSetupToken(ctx, "a-token-nobody-issued")).toBe("already-set-up");
    // Set-up used up every outstanding link, not only the one clicked.
    expect(await inspectSetupToken(ctx, second.token)).toBe("used");
    expect(await issueSetupToken(ctx)).toBeNull();

    const reused = await serviceErrorOf(completeSetup(ctx, form(first.token, { email: "mallory@example.com" })));
    expect({ code: reused.code, status: reused.status, message: reused.message }).toEqual({ code: "GONE", status: 410, message: setupTokenMessages.used });
    const unknown = await serviceErrorOf(completeSetup(ctx, form("a-token-nobody-issued", { email: "mallory@example.com" })));
    expect({ code: unknown.code, message: unknown.message }).toEqual({ code: "GONE", message: setupTokenMessages["already-set-up"] });
    expect(await db.user.count()).toBe(1);
    expect(await db.user.count({ where: { email: "mallory@example.com" } })).toBe(0);
  });

  it("refuses an unknown or expired link and creates nothing", async () => {
    const { db, ctx, clock } = await freshInstall();
    const { token } = (await issueSetupToken(ctx))!;

    const unknown = await serviceErrorOf(completeSetup(ctx, form("a-token-nobody-issued")));
    expect({ code: unknown.code, status: unknown.status, message: unknown.message }).toEqual({ code: "NOT_FOUND", status: 404, message: setupTokenMessages.unknown });

    clock.advance(SETUP_LINK_TTL_HOURS * HOUR);
    const expired = await serviceErrorOf(completeSetup(ctx, form(token)));
    expect({ code: expired.code, message: expired.message }).toEqual({ code: "GONE", message: setupTokenMessages.expired });

    expect(await db.user.count()).toBe(0);
    expect(await db.workspace.count()).toBe(0);
    expect(await db.auditLog.count()).toBe(0);
    expect((await db.setupToken.findFirstOrThrow()).usedAt).toBeNull();
    expect(await isSetupPending(ctx)).toBe(true);
  });

  it("points at each invalid field and does not consume the link", async () => {
    const { db, ctx } = await freshInstall();
    const { token } = (await issueSetupToken(ctx))!;
    const error = await serviceErrorOf(completeSetup(ctx, form(token, { password: "short", email: "not-an-email", workspaceName: "A" })));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors).toEqual({
      email: "Enter a valid email address.",
      password: "Use at least 12 characters.",
      workspaceName: "Use at least 2 characters.",
    });
    expect(await inspectSetupToken(ctx, token)).toBe("valid");
    expect(await db.user.count()).toBe(0);
  });

  it("creates exactly one admin when several people submit the form at the same moment", async () => {
    const { database, db, ctx } = await freshInstall();
    const tokens = [(await issueSetupToken(ctx))!.token, (await issueSetupToken(ctx))!.token];
    // Hold every submission at the gate until all four are inside their transactions, so they
    // really overlap (password hashing would otherwise spread them out).
    const gate = new pg.Client({ connectionString: database.url });
    await gate.connect();
    let settled: PromiseSettledResult<unknown>[];
    try {
      await gate.query("BEGIN");
      await gate.query("LOCK TABLE setup_tokens IN ACCESS EXCLUSIVE MODE");
      const running = Promise.allSettled(
        [0, 1, 2, 3].map((i) => completeSetup(ctx, form(tokens[i % 2]!, { email: `admin${i}@example.com`, workspaceName: `Workspace ${i}` }))),
      );
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rows } = await gate.query<{ waiting: number }>(
          "SELECT count(*)::int AS waiting FROM pg_locks WHERE NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        );
        if (rows[0]!.waiting >= 4 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await gate.query("COMMIT");
      settled = await running;
    } finally {
      await gate.end();
    }
    const attempts = settled;
    const succeeded = attempts.filter((a) => a.status === "fulfilled");
    const failed = attempts.flatMap((a) => (a.status === "rejected" ? [a.reason as unknown] : []));
    expect(succeeded).toHaveLength(1);
    expect(failed.map((e) => (isServiceError(e) ? e.code : String(e)))).toEqual(["GONE", "GONE", "GONE"]);
    expect(await db.user.count()).toBe(1);
    expect(await db.workspace.count()).toBe(1);
    expect(await db.membership.count({ where: { role: "admin" } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "setup.completed" } })).toBe(1);
  });
});
