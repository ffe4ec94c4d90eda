import type { Page } from "playwright-core";
import type { AuthpulseProcess } from "./start-authpulse";

export type Person = { name: string; email: string; password: string };

/** Creates the first admin through the printed set-up link, as a newcomer would. */
export async function createFirstAdmin(page: Page, app: AuthpulseProcess, admin: Person): Promise<void> {
  await page.goto(app.setupLink()!);
  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Work email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await page.waitForURL(/\/login\?setup=done/);
}

/** Logs in on the login page and waits for the overview. */
export async function logIn(page: Page, app: AuthpulseProcess, who: { email: string; password: string }): Promise<void> {
  if (!page.url().includes("/login")) await page.goto(`${app.url}/login`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(/\/overview$/);
}

/** Set-up then login: the start of most browser tests. */
export async function createAdminAndLogIn(page: Page, app: AuthpulseProcess, admin: Person): Promise<void> {
  await createFirstAdmin(page, app, admin);
  await logIn(page, app, admin);
}
