import type { Page } from "playwright-core";

/**
 * Connects the demo provider through its real login and consent screens (the login is skipped
 * when the provider still has a session) and returns the new connection's id.
 */
export async function connectDemoProvider(page: Page, appUrl: string, login = "riley"): Promise<string> {
  await page.goto(`${appUrl}/connections/new/authpulse-demo`);
  await page.getByRole("button", { name: /^Connect with / }).click();
  const loginField = page.locator('input[name="login"]');
  const consent = page.locator('input[name="prompt"][value="consent"]');
  await Promise.race([loginField.waitFor(), consent.waitFor({ state: "attached" })]);
  if (await loginField.count()) {
    await loginField.fill(login);
    await page.locator('input[name="password"]').fill("any password");
    await page.locator('button[type="submit"]').click();
    await consent.waitFor({ state: "attached" });
  }
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(/\/connections\/[^/?]+\?connected=1$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}
