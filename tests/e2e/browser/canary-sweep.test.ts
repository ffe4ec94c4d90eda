// SECURITY.md item 13: store credentials of every method with known canary values, exercise every
// screen and the public API, then search what the browser received, the launcher's logs and
// every table (including pg-boss's job tables) for the canaries.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { createAdminAndLogIn } from "../helpers/first-admin";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";

const ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "canary-sweep-admin-pw-0f1e2d" };
const CANARY = {
  apiKey: "sk_live_canarySWEEPapikey7Q2w9E4r",
  basicPassword: "canary-sweep-basic-pw-5T8y1U",
  bearer: "canary-sweep-bearer-token-3I6o0P9a",
  hmac: "whsec_canarySWEEPhmacSecret2S5d8F",
};

let app: AuthpulseProcess;
let browser: Browser;
let page: Page;
let mtlsKey: string;
let mtlsCert: string;
const received: string[] = [];
const credentialIds: string[] = [];

function selfSignedCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), "authpulse-canary-cert-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "30", "-subj", "/CN=canary.example.com"], { stdio: "ignore" });
  return { cert: readFileSync(join(dir, "cert.pem"), "utf8"), key: readFileSync(join(dir, "key.pem"), "utf8") };
}

async function store(method: string, name: string, fill: () => Promise<void>) {
  await page.goto(`${app.url}/credentials/new?method=${method}`);
  await page.locator("#cred-name").fill(name);
  await page.locator("#cred-provider").fill("Canary Inc");
  await fill();
  await page.getByRole("button", { name: method === "track_only" ? "Start tracking" : "Store credential" }).click();
  await page.waitForURL(/\/credentials\/[^/?]+\?created=1$/);
  credentialIds.push(new URL(page.url()).pathname.split("/").pop()!);
}

beforeAll(async () => {
  ({ cert: mtlsCert, key: mtlsKey } = selfSignedCertificate());
  app = await startAuthpulse();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on("response", async (r) => received.push(await r.text().catch(() => "")));
  await createAdminAndLogIn(page, app, ADMIN);
});

afterAll(async () => {
  await browser?.close();
  expect(await app?.stop("SIGINT")).toBe(0);
});

describe("no canary secret leaves the vault", () => {
  it("stores a credential of every method", async () => {
    await store("api_key", "Canary API key", () => page.locator("#ak-secret").fill(CANARY.apiKey));
    await store("basic", "Canary basic", async () => {
      await page.locator("#ba-username").fill("svc-canary");
      await page.locator("#ba-password").fill(CANARY.basicPassword);
    });
    await store("bearer", "Canary bearer", () => page.locator("#be-token").fill(CANARY.bearer));
    await store("hmac", "Canary webhook", () => page.locator("#hm-secret").fill(CANARY.hmac));
    await store("mtls", "Canary mTLS", async () => {
      await page.locator("#mt-cert").fill(mtlsCert);
      await page.locator("#mt-key").fill(mtlsKey);
    });
    await store("track_only", "Canary in 1Password", () => page.locator("#to-detail").fill("Ops vault / canary"));
    expect(credentialIds).toHaveLength(6);
  });

  it("visits every screen and reads the credentials through the API", async () => {
    const screens = ["/overview", "/connections", "/connections/new", "/credentials", "/scopes", "/errors", "/checklist", "/settings", "/settings/members", "/settings/api-keys", "/audit", "/status"];
    for (const id of credentialIds) screens.push(`/credentials/${id}`, `/credentials/${id}/rotate`);
    for (const path of screens) {
      const response = await page.goto(`${app.url}${path}`);
      expect(response?.status(), path).toBe(200);
    }
    await page.goto(`${app.url}/settings/api-keys`);
    await page.getByLabel("Name").first().fill("canary reader");
    for (const box of await page.locator('input[type="checkbox"][name="credentialIds"]').all()) await box.check();
    await page.getByRole("button", { name: "Create API key" }).click();
    const key = await page.getByTestId("new-api-key").inputValue();
    for (const id of credentialIds) {
      const response = await fetch(`${app.url}/api/v1/credentials/${id}`, { headers: { authorization: `Bearer ${key}` } });
      expect([200, 409]).toContain(response.status);
      await response.text();
    }
    await page.goto(`${app.url}/api/audit/export`).catch(() => undefined);
  });

  it("finds no canary in HTML, RSC payloads or JSON sent to the browser", () => {
    const canaries = [...Object.values(CANARY), mtlsKey.split("\n")[1]!, ADMIN.password];
    expect(received.length).toBeGreaterThan(30);
    for (const body of received) for (const canary of canaries) expect(body.includes(canary), canary).toBe(false);
  });

  it("finds no canary in the logs of any process", () => {
    for (const canary of [...Object.values(CANARY), mtlsKey.split("\n")[1]!, ADMIN.password]) expect(app.output()).not.toContain(canary);
  });

  it("finds no canary in any table, the job queue's included", async () => {
    const client = new pg.Client({ connectionString: app.embeddedDatabaseUrl() });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ schema: string; name: string }>(
        "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE'",
      );
      expect(tables.some((t) => t.schema === "pgboss")).toBe(true);
      // Every change made through the screens is audited with who, from where and the outcome.
      const { rows: audit } = await client.query<{ action: string; ip: string | null; user_agent: string | null; outcome: string | null }>(
        "SELECT action, ip, user_agent, outcome FROM audit_logs WHERE action = 'credential.created'",
      );
      expect(audit).toHaveLength(6);
      for (const row of audit) {
        expect(row.ip).toBeTruthy();
        expect(row.user_agent).toContain("Chrome");
        expect(row.outcome).toBe("success");
      }
      for (const table of tables) {
        const { rows } = await client.query<{ dump: string | null }>(`SELECT string_agg(t::text, ' ') AS dump FROM "${table.schema}"."${table.name}" t`);
        const dump = rows[0]?.dump ?? "";
        for (const canary of [...Object.values(CANARY), mtlsKey.split("\n")[1]!, ADMIN.password]) expect(dump.includes(canary), `${table.schema}.${table.name}`).toBe(false);
      }
    } finally {
      await client.end();
    }
  });
});
