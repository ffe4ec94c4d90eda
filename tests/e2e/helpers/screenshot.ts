import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { ROOT } from "./start-authpulse";

/** Where e2e screenshots go (a CI artefact; gitignored). */
export const SCREENSHOT_DIR = join(ROOT, "test-artifacts", "screenshots");

/** Saves a full-page PNG of what the user sees now, named for the screen and state. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
