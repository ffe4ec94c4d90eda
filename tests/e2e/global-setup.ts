import type { TestProject } from "vitest/node";
import { ensureProductionBuild } from "../../lib/server/launcher/build";
import { ensurePrismaClient } from "../../lib/server/launcher/prisma-client-freshness";
import { findChromium } from "./helpers/find-chromium";
import { ROOT } from "./helpers/start-authpulse";

declare module "vitest" {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

/** Builds the production app once for every e2e file and finds the browser (clear message if none). */
export default async function setup(project: TestProject) {
  const chromiumPath = findChromium();
  await ensurePrismaClient(ROOT);
  await ensureProductionBuild(ROOT, (m) => process.stdout.write(`${m}\n`));
  project.provide("chromiumPath", chromiumPath);
}
