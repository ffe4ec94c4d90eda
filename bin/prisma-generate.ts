// Runs `prisma generate` offline. The CLI tries to download the native schema engine
// first; generate does not use it, so pointing the variable at any existing file skips
// the download (see ../shared/STACK.md and docs/decisions/0001-migrator.md).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, "generate"], {
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
const out = result.stdout?.toString() ?? "";
const generated = out.split("\n").find((line) => line.includes("Generated Prisma Client"));
if (result.status !== 0) {
  process.stdout.write(out);
  process.exit(result.status ?? 1);
}
process.stdout.write(`${generated?.trim() ?? "Prisma client generated"}\n`);
