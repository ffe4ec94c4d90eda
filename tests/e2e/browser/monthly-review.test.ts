import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import { runChecklist, signOffChecklistItem } from "@/lib/server/checklist/checklist-runs";
import { createDb } from "@/lib/server/db";
import { launchBrowser } from "../helpers/browser";
import { createAdminAndLogIn } from "../helpers/first-admin";
import { saveScreenshot } from "../helpers/screenshot";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

// A team's monthly review as new users do it: a key leaks into an n8n export, a teammate
// leaves, the checklist lists both with fixes, the reviewer signs off, exports the report and
// sees last month's run in the history.

const ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "canary-review-admin-2f7c-long" };
const LEAKED = `clay_${"k3Yq8RzT2wLm9Xv4Bn6Pd1Hs".repeat(1)}`;

let app: AuthpulseProcess;
let browser: Browser;
let page: Page;
let workspaceId: string;
let adminId: string;
const bodies: string[] = [];

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: app.embeddedDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  app = await startAuthpulse();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
  page.on("response", async (r) => {
    const type = r.headers()["content-type"] ?? "";
    if (type.includes("text/") || type.includes("json") || type.includes("x-component")) bodies.push(await r.text().catch(() => ""));
  });
  await createAdminAndLogIn(page, app, ADMIN);
  [{ workspace_id: workspaceId, user_id: adminId }] = await sql<{ workspace_id: string; user_id: string }>("SELECT workspace_id, user_id FROM memberships LIMIT 1") as [{ workspace_id: string; user_id: string }];
  // A teammate (joined through an invite in real life; the invite flow has its own e2e).
  await sql("INSERT INTO users (id, email, name, updated_at) VALUES ('user_bo', 'bo@example.com', 'Bo Builder', now())");
  await sql("INSERT INTO memberships (id, workspace_id, user_id, role, updated_at) VALUES ('mem_bo', $1, 'user_bo', 'viewer', now())", [workspaceId]);
});

afterAll(async () => {
  await browser?.close();
  expect(await app?.stop("SIGINT")).toBe(0);
});

describe("the monthly review in a real browser", () => {
  it("stores Bo's Clay key, used by two workflows and last rotated 200 days ago", async () => {
    await page.goto(`${app.url}/credentials/new?method=api_key`);
    await page.locator("#cred-name").fill("Clay enrichment key");
    await page.locator("#cred-provider").fill("Clay");
    await page.locator("#ak-secret").fill(LEAKED);
    await page.locator("#cred-owner").selectOption("user_bo");
    await page.locator("#cred-workflows").fill("Lead routing, Enrichment");
    const lastRotated = new Date(Date.now() - 200 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await page.locator("#cred-last-rotated").fill(lastRotated);
    await page.getByRole("button", { name: "Store credential" }).click();
    await page.waitForURL(/\/credentials\/[^/?]+\?created=1$/);
  });

  it("finds the key in an n8n export with the path inside the file, without storing the file", async () => {
    const workflow = { name: "Lead routing", nodes: [{ id: "n1", name: "Enrich", type: "n8n-nodes-base.httpRequest", parameters: { url: "https://api.clay.com/v1/enrich", headerParameters: { parameters: [{ name: "x-api-key", value: LEAKED }] } } }], connections: {} };
    await page.goto(`${app.url}/leak-scan`);
    await page.locator('input[type="file"]').setInputFiles({ name: "lead-routing.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(workflow, null, 2)) });
    await page.getByRole("button", { name: "Scan file" }).click();
    await page.getByTestId("leak-scan-result").waitFor();
    const result = (await page.getByTestId("leak-scan-result").textContent()) ?? "";
    expect(result).toContain("1 secret found in lead-routing.json");
    expect(result).toContain("$.nodes[0].parameters.headerParameters.parameters[0].value");
    expect(result).toContain("Clay enrichment key");
    await saveScreenshot(page, "leak-scan-desktop");
    // A file over the limit gets the clear 413 message.
    await page.locator('input[type="file"]').setInputFiles({ name: "huge.txt", mimeType: "text/plain", buffer: Buffer.alloc(5 * 1024 * 1024 + 10, 0x61) });
    await page.getByRole("button", { name: "Scan file" }).click();
    await page.getByText("The file is larger than 5 MB").waitFor();
    const tooLarge = await page.request.post(`${app.url}/api/leak-scan`, { data: Buffer.alloc(5 * 1024 * 1024 + 10, 0x61), headers: { "content-type": "application/octet-stream", origin: app.url } });
    expect(tooLarge.status()).toBe(413);
  });

  it("marks Bo as departed and lists the blast radius with one task each", async () => {
    await page.goto(`${app.url}/offboarding`);
    await page.getByLabel("Member who left").selectOption({ label: "Bo Builder (bo@example.com)" });
    await page.getByRole("button", { name: "Mark as departed" }).click();
    await page.getByTestId("blast-radius").waitFor();
    expect(await page.getByTestId("offboarding-answer").textContent()).toBe("2 open tasks from 1 person who left.");
    expect(await page.getByTestId("offboarding-task").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")))).toEqual(["transfer", "rotate"]);
    await saveScreenshot(page, "offboarding-desktop");
  });

  it("has last month's run in the history (run by the same code on last month's clock)", async () => {
    const db = createDb(app.embeddedDatabaseUrl());
    const lastMonth = new Date();
    lastMonth.setUTCDate(1);
    lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
    const ctx = { db, clock: fixedClock(lastMonth) };
    const run = await runChecklist(ctx, { actorId: adminId, workspaceId });
    for (const item of run.items) await signOffChecklistItem(ctx, { actorId: adminId, workspaceId, runId: run.id, key: item.key, ...(item.failureCount === 0 ? { decision: "pass" } : { decision: "accept_risk", reason: "Reviewed in last month's meeting", riskExpiresAt: new Date(lastMonth.getTime() + 20 * 86_400_000).toISOString() }) });
    await db.$disconnect();
  });

  it("runs this month's checklist: each failing item names the key and the fix", async () => {
    await page.goto(`${app.url}/checklist`);
    expect(await page.getByTestId("checklist-answer").textContent()).toMatch(/review has not been run yet/);
    await page.getByRole("button", { name: "Run this month's checklist" }).click();
    await page.getByTestId("checklist-item").first().waitFor();
    const failing = async (key: string) => (await page.locator(`[data-testid="checklist-item"][data-key="${key}"]`).textContent()) ?? "";
    expect(await failing("keys_in_store")).toContain("lead-routing.json");
    expect(await failing("departed_members")).toContain("Bo Builder (bo@example.com) owned it");
    expect(await failing("rotation_overdue")).toMatch(/Clay enrichment key.*days since rotation/);
    expect(await failing("shared_keys")).toContain("Used by 2 workflows: Lead routing, Enrichment");
    expect(await failing("certificates_expiring")).toContain("No certificate expires");
  });

  it("signs every item off (pass where clean, accepted risk otherwise) and records who and when", async () => {
    const items = page.getByTestId("checklist-item");
    const count = await items.count();
    for (let i = 0; i < count; i++) {
      const item = page.getByTestId("checklist-item").nth(i);
      const pass = item.getByRole("button", { name: "Sign off: passes" });
      if (await pass.count()) {
        await pass.click();
      } else {
        await item.getByRole("button", { name: "Accept risk…" }).click();
        await item.getByLabel("Why the risk is acceptable").fill("Owner assigned; fix due next sprint (SEC-7)");
        await item.getByRole("button", { name: "Accept risk" }).click();
      }
      await item.getByTestId("checklist-decision").waitFor();
    }
    await page.getByText(/review is done: signed off by Ada Admin/).waitFor();
    await saveScreenshot(page, "checklist-desktop");
  });

  it("exports the report as Markdown and as a printable page, and shows last month in the history", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export Markdown" }).click();
    const file = await download;
    const markdown = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
    expect(markdown).toMatch(/^# Security checklist — /);
    expect(markdown).toContain("signed off by Ada Admin");
    expect(markdown).toContain("**Clay enrichment key**");
    expect(markdown).toContain("risk accepted until");
    expect(markdown).not.toContain(LEAKED);
    const months = await page.getByTestId("checklist-history-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-month")));
    expect(months).toHaveLength(2);
    await page.getByRole("link", { name: "Printable report" }).click();
    await page.waitForURL(/\/checklist\/\d{4}-\d{2}$/);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("aside").isVisible()).toBe(false);
    await saveScreenshot(page, "checklist-report-print");
    await page.emulateMedia({ media: "screen" });
  });

  it("works on a phone in dark mode, and never sends the leaked key back to the browser", async () => {
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: "dark" })).newPage();
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(`${app.url}/checklist`);
    await phone.getByTestId("checklist-item").first().waitFor();
    await saveScreenshot(phone, "checklist-phone-dark");
    for (const body of bodies) expect(body).not.toContain(LEAKED);
  });
});
