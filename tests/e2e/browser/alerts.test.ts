// Alerts as an admin meets them: configure Slack, a signed webhook and e-mail against local sinks,
// send test messages, make the demo provider fail, see the alert on /alerts and in every sink within
// a minute (once), acknowledge it, fix the provider, and get "recovered" once.
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpSink, startSmtpSink, type HttpSink, type SmtpSink } from "../../helpers/alert-sinks";
import { launchBrowser } from "../helpers/browser";
import { connectDemoProvider } from "../helpers/connect-demo";
import { createAdminAndLogIn } from "../helpers/first-admin";
import { saveScreenshot } from "../helpers/screenshot";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

const ADMIN = { name: "Ari Alerts", email: "ari@example.com", password: "canary-alerts-admin-77d1-long" };
const SLACK_PATH = "/services/T0E2E/B0E2E/e2eslackcanary0c4f";
const HOOK_PATH = "/hooks/e2ehookcanary93ab";
const SMTP = { user: "mailer", password: "e2e-smtp-password-canary-2b6e" };
const CLEAR_SECONDS = 8;

let app: AuthpulseProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let db: pg.Client;
let slack: HttpSink;
let hook: HttpSink;
let smtp: SmtpSink;
const hookOptions: { secret?: string } = {};
let connectionId: string;
let generatedSecret = "";

async function waitFor<T>(what: string, read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
const slackKinds = () => slack.received.map((r) => String(r.json.text).split(":")[0]);
const hookTypes = () => hook.received.map((r) => String(r.json.type));
const mailSubjects = () => smtp.messages.map((m) => m.subject);

/** Phone (375 px) and dark-mode screenshots of a page, logged in as the same admin. */
async function shootPhoneAndDark(path: string, name: string, ready: string) {
  const state = await context.storageState();
  for (const [suffix, options] of [["phone", { viewport: { width: 375, height: 812 } }], ["dark", { viewport: { width: 1280, height: 900 }, colorScheme: "dark" as const }]] as const) {
    const other = await browser.newContext({ ...options, storageState: state });
    const p = await other.newPage();
    await p.goto(`${app.url}${path}`);
    await p.getByTestId(ready).first().waitFor({ state: "visible" });
    await saveScreenshot(p, `${name}-${suffix}`);
    await other.close();
  }
}

async function addChannel(kind: string, name: string, fill: () => Promise<void>) {
  const form = page.locator("form", { has: page.getByRole("button", { name: "Add channel" }) });
  await form.getByLabel("Kind").selectOption(kind);
  await form.getByLabel("Name", { exact: true }).fill(name);
  await fill();
  await form.getByRole("button", { name: "Add channel" }).click();
  // This channel's own confirmation: the previous one's message may still be on screen.
  await page.getByText(`Channel “${name}” added`).waitFor();
}

beforeAll(async () => {
  [slack, hook, smtp] = await Promise.all([startHttpSink(), startHttpSink(hookOptions), startSmtpSink(SMTP)]);
  app = await startAuthpulse({ env: { DEMO_PROVIDER_ACCESS_TOKEN_TTL_SECONDS: "30", REFRESH_POLL_MS: "250", ALERT_EVAL_SECONDS: "5", ALERT_CLEAR_SECONDS: String(CLEAR_SECONDS) } });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await createAdminAndLogIn(page, app, ADMIN);
  db = new pg.Client({ connectionString: app.embeddedDatabaseUrl() });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await browser?.close();
  await Promise.all([slack?.close(), hook?.close(), smtp?.close()]);
  expect(await app?.stop("SIGINT")).toBe(0);
});

describe("alerts reach Slack, a signed webhook and e-mail", () => {
  it("configures the three channels (secrets write-only) and sends a test message to each", async () => {
    await page.goto(`${app.url}/settings/alerts`);
    expect(await page.getByTestId("channels-answer").textContent()).toContain("No channel receives alerts yet");
    await saveScreenshot(page, "alert-channels-empty");
    const form = page.locator("form", { has: page.getByRole("button", { name: "Add channel" }) });
    await addChannel("slack", "#revops-alerts", async () => {
      await form.getByLabel("Incoming webhook URL").fill(slack.url(SLACK_PATH));
    });
    await addChannel("webhook", "n8n alert workflow", async () => {
      await form.getByLabel("Endpoint URL").fill(hook.url(HOOK_PATH));
    });
    generatedSecret = await page.getByTestId("generated-secret").inputValue();
    expect(generatedSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    hookOptions.secret = generatedSecret;
    await addChannel("email", "On-call e-mail", async () => {
      await form.getByLabel("SMTP host").fill("127.0.0.1");
      await form.getByLabel("Port", { exact: true }).fill(String(smtp.port));
      await form.getByLabel("Security").selectOption("none");
      await form.getByLabel("User name (optional)").fill(SMTP.user);
      await form.getByLabel("Password", { exact: true }).fill(SMTP.password);
      await form.getByLabel("From", { exact: true }).fill("authpulse@example.com");
      await form.getByLabel("Recipients").fill("oncall@example.com");
    });
    await page.reload();
    const rows = page.getByTestId("alert-channel");
    // The page streams in after a reload: wait for the list rather than counting the first paint.
    await rows.nth(2).waitFor({ state: "visible" });
    expect(await rows.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      await rows.nth(i).getByRole("button", { name: "Send test message" }).click();
      await rows.nth(i).getByText(/Test message delivered to/).waitFor();
    }
    expect(slackKinds()).toEqual(["Test"]);
    expect(hookTypes()).toEqual(["alert.test"]);
    expect(hook.received[0]!.verified).toBe(true);
    expect(mailSubjects()).toEqual([expect.stringMatching(/^Test: /)]);
    await page.reload();
    await page.getByTestId("alert-channel").first().waitFor({ state: "visible" });
    expect(await page.getByTestId("channels-answer").textContent()).toContain("Alerts go to 3 channels");
    await saveScreenshot(page, "alert-channels");
    await shootPhoneAndDark("/settings/alerts", "alert-channels", "alert-channel");

    const html = await page.content();
    for (const secret of [SLACK_PATH, HOOK_PATH, "e2eslackcanary0c4f", "e2ehookcanary93ab", generatedSecret, SMTP.password]) expect(html).not.toContain(secret);
  });

  it("a demo-provider outage reaches every sink within a minute, once, and shows on /alerts", async () => {
    connectionId = await connectDemoProvider(page, app.url);

    await page.getByRole("button", { name: "Outage (503)" }).click();
    await page.getByText("now answers 503").waitFor();
    const failure = await waitFor("a failed refresh", async () => (await db.query<{ occurred_at: Date }>("SELECT occurred_at FROM auth_events WHERE connection_id = $1 AND class = 'provider_unavailable' ORDER BY id LIMIT 1", [connectionId])).rows[0], (r) => r !== undefined, 60_000);
    await waitFor("deliveries to all three sinks", () => [slackKinds().length, hookTypes().length, mailSubjects().length], (n) => n.every((x) => x >= 2), 60_000);
    const latencyMs = Date.now() - failure!.occurred_at.getTime();
    console.log(JSON.stringify({ alertDeliveryLatencyMs: latencyMs }));
    expect(latencyMs).toBeLessThan(60_000);
    expect(hook.received[1]!.json).toMatchObject({ type: "alert.opened", data: { severity: "warning", rule: "refresh_failing" } });
    expect(hook.received[1]!.verified).toBe(true);
    expect(String(slack.received[1]!.json.text)).toContain("is failing to refresh");

    // The same outage, as RevOps meets it on the Overview and the Errors screen.
    const label = (await db.query<{ label: string }>("SELECT label FROM connections WHERE id = $1", [connectionId])).rows[0]!.label;
    await page.goto(`${app.url}/overview`);
    await page.getByTestId("overview-answer").waitFor({ state: "visible" });
    expect(await page.getByTestId("overview-answer").textContent()).not.toBe("Nothing breaks this week");
    await page.locator("main").getByText(label).first().waitFor({ state: "visible" });
    await saveScreenshot(page, "outage-overview");
    await page.goto(`${app.url}/errors`);
    await page.getByTestId("errors-by-integration").waitFor();
    await page.getByTestId("errors-headline").waitFor();
    expect(await page.getByTestId("errors-headline").textContent()).toMatch(/[1-9]\d* auth errors? in the last 24 h/);
    expect(await page.getByTestId("errors-by-integration").textContent()).toContain(label);
    await saveScreenshot(page, "outage-errors");

    await page.goto(`${app.url}/alerts`);
    const item = page.getByTestId("alert-item").first();
    await item.waitFor({ state: "visible" });
    expect(await item.getAttribute("data-state")).toBe("open");
    expect(await item.getByTestId("alert-title").textContent()).toContain("is failing to refresh");
    expect(await page.getByTestId("alerts-answer").textContent()).toContain("1 alert needs attention");
    await item.getByTestId("alert-deliveries").locator("summary").click();
    expect(await item.locator('[data-testid="alert-delivery"][data-ok="true"]').count()).toBe(3);
    await saveScreenshot(page, "alerts-open");
    await shootPhoneAndDark("/alerts", "alerts-open", "alert-item");

    await item.getByRole("button", { name: /^Acknowledge/ }).click();
    await page.locator('[data-testid="alert-item"][data-state="acknowledged"]').waitFor();
    expect(await page.getByTestId("alert-item").first().textContent()).toContain(`by ${ADMIN.name}`);
    // Repeated evaluation does not resend.
    await new Promise((r) => setTimeout(r, 6000));
    expect([slackKinds().length, hookTypes().length, mailSubjects().length]).toEqual([2, 2, 2]);
  });

  it("after the provider recovers, 'recovered' is delivered once to each sink and the alert is resolved", async () => {
    await page.goto(`${app.url}/connections/${connectionId}`);
    await page.getByRole("button", { name: "Back to normal" }).click();
    await page.getByText("works normally again").waitFor();
    // Skip the retry cool-down: the admin presses Refresh now once the provider is back.
    await page.getByRole("button", { name: "Refresh now" }).click();
    await waitFor("healthy", async () => (await db.query<{ health: string }>("SELECT health FROM connections WHERE id = $1", [connectionId])).rows[0]!.health, (h) => h === "healthy", 60_000);
    await waitFor("recovered in all sinks", () => [slackKinds().at(-1), hookTypes().at(-1), mailSubjects().at(-1)?.split(":")[0]], (k) => k.every((x) => x === "Recovered" || x === "alert.recovered"), 60_000);
    await new Promise((r) => setTimeout(r, 8000));
    expect(slackKinds().filter((k) => k === "Recovered")).toHaveLength(1);
    expect(hookTypes().filter((k) => k === "alert.recovered")).toHaveLength(1);
    expect(mailSubjects().filter((s) => s.startsWith("Recovered: "))).toHaveLength(1);
    expect(hook.received.every((r) => r.verified)).toBe(true);

    await page.goto(`${app.url}/alerts?state=resolved`);
    const item = page.getByTestId("alert-item").first();
    await item.waitFor({ state: "visible" });
    expect(await item.getAttribute("data-state")).toBe("resolved");
    await item.getByTestId("alert-deliveries").locator("summary").click();
    expect(await item.locator('[data-testid="alert-delivery"][data-kind="recovered"][data-ok="true"]').count()).toBe(3);
    await saveScreenshot(page, "alerts-resolved");

    const csv = await page.evaluate(async () => (await fetch("/api/alerts?state=all&format=csv")).text());
    expect(csv.split("\r\n")[0]).toBe("id,state,severity,rule,title,occurrences,first_seen,last_seen,acknowledged_at,acknowledged_by,snoozed_until,resolved_at,messages_delivered,messages_failed,fix_path");
    expect(csv).toContain(`,resolved,warning,refresh_failing,`);
    const json = await page.evaluate(async () => (await fetch("/api/alerts?state=all")).text());
    const html = await page.content();
    for (const secret of [SLACK_PATH, HOOK_PATH, generatedSecret, SMTP.password]) {
      expect(json).not.toContain(secret);
      expect(html).not.toContain(secret);
    }
  });
});
