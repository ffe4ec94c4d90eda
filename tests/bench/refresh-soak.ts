// npm run bench:soak — the issue-6 "done when", measured: start the product as `npm start` does
// (embedded Postgres, demo provider with its default 5-minute tokens, one worker), connect the
// demo provider through its real consent screen in Chromium, then touch nothing for
// SOAK_MINUTES (default 60) and report what the refresh engine did on its own. Prints JSON.
import { cpus, totalmem } from "node:os";
import pg from "pg";
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS, findChromium } from "../e2e/helpers/find-chromium";
import { createAdminAndLogIn } from "../e2e/helpers/first-admin";
import { startAuthpulse } from "../e2e/helpers/start-authpulse";

const minutes = Number(process.env.SOAK_MINUTES ?? 60);
const log = (message: string) => process.stderr.write(`[soak] ${message}\n`);

async function main() {
  const app = await startAuthpulse({ env: { LOG_LEVEL: "warn" } });
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_FLAGS });
  const db = new pg.Client({ connectionString: app.embeddedDatabaseUrl() });
  try {
    const page = await (await browser.newContext()).newPage();
    await createAdminAndLogIn(page, app, { name: "Soak Admin", email: "soak@example.com", password: "soak-admin-password-long-1" });
    await page.goto(`${app.url}/connections/new/authpulse-demo`);
    await page.getByRole("button", { name: /^Connect with / }).click();
    await page.locator('input[name="login"]').fill("soak");
    await page.locator('input[name="password"]').fill("any password");
    await page.locator('button[type="submit"]').click();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(/\/connections\/[^/?]+\?connected=1$/);
    const connectionId = new URL(page.url()).pathname.split("/").pop()!;
    await browser.close();
    await db.connect();
    const startedAt = new Date();
    log(`connected ${connectionId}; hands off for ${minutes} min`);

    // Sample every 10 s: was the stored access token ever expired while we watched?
    let samples = 0;
    let expiredSamples = 0;
    let minRemainingMs = Number.POSITIVE_INFINITY;
    const until = Date.now() + minutes * 60_000;
    while (Date.now() < until) {
      const { rows } = await db.query<{ access_token_expires_at: Date; health: string }>("SELECT access_token_expires_at, health FROM connections WHERE id = $1", [connectionId]);
      const remaining = rows[0]!.access_token_expires_at.getTime() - Date.now();
      samples += 1;
      if (remaining <= 0) expiredSamples += 1;
      minRemainingMs = Math.min(minRemainingMs, remaining);
      await new Promise((r) => setTimeout(r, 10_000));
    }
    const { rows: events } = await db.query<{ class: string; source: string; n: number }>(
      "SELECT class, source, count(*)::int AS n FROM auth_events WHERE connection_id = $1 GROUP BY class, source ORDER BY class",
      [connectionId],
    );
    const { rows: final } = await db.query<{ health: string; last_refreshed_at: Date | null; access_token_expires_at: Date }>("SELECT health, last_refreshed_at, access_token_expires_at FROM connections WHERE id = $1", [connectionId]);
    const statusResponse = await fetch(`${app.url}/api/health`);
    const result = {
      date: startedAt.toISOString(),
      machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      minutes,
      demoAccessTokenSeconds: 300,
      events,
      refreshes: events.filter((e) => e.class === "success" || e.class === "recovered").reduce((s, e) => s + e.n, 0),
      failures: events.filter((e) => e.class !== "success" && e.class !== "recovered").reduce((s, e) => s + e.n, 0),
      samples,
      expiredSamples,
      minRemainingSeconds: Math.round(minRemainingMs / 1000),
      finalHealth: final[0]?.health,
      lastRefreshedAt: final[0]?.last_refreshed_at?.toISOString() ?? null,
      health: (await statusResponse.json()) as unknown,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await db.end().catch(() => undefined);
    await browser.close().catch(() => undefined);
    await app.stop("SIGINT");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
