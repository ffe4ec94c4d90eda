import "server-only";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runStep } from "./build";

/** Regenerates the Prisma client when it is missing or older than prisma/schema.prisma; the generator's output goes to `out` (stdout). */
export async function ensurePrismaClient(root: string, out?: NodeJS.WritableStream): Promise<"fresh" | "generated"> {
  const schemaHash = createHash("sha256").update(readFileSync(join(root, "prisma", "schema.prisma"))).digest("hex");
  const marker = join(root, "lib", "server", "generated", "prisma", ".schema-hash");
  if (existsSync(marker) && readFileSync(marker, "utf8") === schemaHash) return "fresh";
  await runStep(process.execPath, ["--conditions=react-server", "--import", "tsx", join(root, "bin", "prisma-generate.ts")], { cwd: root, prefix: "[prisma]", out });
  writeFileSync(marker, schemaHash);
  return "generated";
}
