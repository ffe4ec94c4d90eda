import "server-only";
import { createHash } from "node:crypto";

/** sha256 hex of a migration script, exactly as `prisma migrate deploy` records it. */
export function migrationChecksum(script: string | Uint8Array): string {
  return createHash("sha256").update(script).digest("hex");
}

/** The pre-2021 Prisma format: each byte in hex without zero padding (prisma-engines#1887). */
function legacyChecksum(script: string): string {
  return [...createHash("sha256").update(script).digest()].map((byte) => byte.toString(16)).join("");
}

/**
 * Whether `script` matches a recorded checksum, with Prisma's tolerance: the script may
 * differ only in CRLF/LF line endings (git autocrlf), and old rows may be unpadded.
 */
export function checksumMatches(script: string, recorded: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replace(/\r?\n/g, "\r\n")];
  const render = recorded.length === 64 ? migrationChecksum : legacyChecksum;
  return variants.some((variant) => render(variant) === recorded);
}
