import { chromium, type Browser } from "playwright-core";
import { inject } from "vitest";
import { CHROMIUM_FLAGS } from "./find-chromium";

export { CHROMIUM_FLAGS };

/** Launches the Chromium found by the e2e global setup. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: inject("chromiumPath"), args: CHROMIUM_FLAGS });
}
