import "server-only";
import { createPrivateKey } from "node:crypto";
import { locateStrings, type FileFormat } from "@/lib/leak-scan/locate-strings";
import { findPatternHits, maskSecret, secretCandidates } from "@/lib/leak-scan/secret-patterns";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { findCredentialsByFingerprint } from "../credentials/find-credentials-by-fingerprint";
import { fingerprintSecret, loadFingerprintKey } from "../credentials/fingerprint-secret";
import { canonicalPrivateKeyPem } from "../credentials/parse-certificate";
import { ServiceError } from "../errors";
import type { Keyring } from "../vault/keyring";

export const MAX_SCAN_BYTES = 5 * 1024 * 1024;

export type LeakHit = {
  path: string;
  kind: "stored_credential" | "pattern";
  severity: "critical" | "high" | "medium";
  label: string;
  /** Masked (vendor prefix + last four) for pattern hits; stored-credential hits name the credential instead. */
  preview: string | null;
  credentialId: string | null;
  credentialName: string | null;
  /** The stored version's state: a retired secret that leaks may still work at the provider. */
  state: string | null;
};

export type LeakScanResult = { id: string; fileName: string; format: FileFormat; sizeBytes: number; stringsScanned: number; hits: LeakHit[]; scannedAt: Date };

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2 } as const;

function privateKeyCandidate(value: string): string | null {
  if (!value.includes("PRIVATE KEY-----")) return null;
  try {
    return canonicalPrivateKeyPem(createPrivateKey(value.trim()));
  } catch {
    return null;
  }
}

/**
 * Scans an uploaded workflow export (n8n, Make, Clay CSV, .env or any text) in memory for
 * (a) secrets stored in the vault, recognised by fingerprint, and (b) generic secret patterns,
 * reporting the path inside the file for each hit. The file is never stored and no secret is
 * returned: only paths, labels, masked previews and the matching credential's name. The result
 * is kept (for the monthly checklist's first item) and audited.
 */
export async function scanUpload(ctx: ServiceContext & { keyring: Keyring }, input: { workspaceId: string; actorId: string; fileName: string; bytes: Uint8Array }): Promise<LeakScanResult> {
  if (input.bytes.byteLength > MAX_SCAN_BYTES) throw new ServiceError("PAYLOAD_TOO_LARGE", "The file is larger than 5 MB. Split the export, or scan the workflow that matters.");
  if (input.bytes.byteLength === 0) throw new ServiceError("BAD_REQUEST", "The file is empty.");
  const fileName = input.fileName.replace(/[^\w.\- ()]/g, "_").slice(0, 200) || "upload";
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(input.bytes);
  } catch {
    throw new ServiceError("BAD_REQUEST", "The file is not UTF-8 text. Export the workflow as JSON, CSV or text and try again.");
  }
  if (text.includes("\u0000")) throw new ServiceError("BAD_REQUEST", "The file looks binary. Export the workflow as JSON, CSV or text and try again.");

  const { format, strings } = locateStrings(fileName, text);
  const key = await loadFingerprintKey(ctx);
  const pathsByFingerprint = new Map<string, Set<string>>();
  for (const located of strings) {
    const candidates = secretCandidates(located.value);
    const pem = privateKeyCandidate(located.value);
    if (pem) candidates.push(pem);
    for (const candidate of candidates) {
      const fp = fingerprintSecret(key, candidate);
      const paths = pathsByFingerprint.get(fp) ?? new Set<string>();
      pathsByFingerprint.set(fp, paths.add(located.path));
    }
  }
  const fingerprints = [...pathsByFingerprint.keys()];
  const matches = [];
  for (let i = 0; i < fingerprints.length; i += 1000) matches.push(...(await findCredentialsByFingerprint(ctx, { workspaceId: input.workspaceId, fingerprints: fingerprints.slice(i, i + 1000) })));

  const hits: LeakHit[] = [];
  const storedAt = new Set<string>();
  for (const match of matches) {
    for (const path of pathsByFingerprint.get(match.fingerprint) ?? []) {
      if (storedAt.has(`${path}|${match.credentialId}`)) continue;
      storedAt.add(`${path}|${match.credentialId}`);
      const live = !match.isDeleted && match.state !== "retired";
      hits.push({ path, kind: "stored_credential", severity: live ? "critical" : "high", label: `Stored credential “${match.name}” (${match.provider}, version ${match.version}${live ? "" : `, ${match.isDeleted ? "deleted" : "retired"}`})`, preview: null, credentialId: match.credentialId, credentialName: match.name, state: match.isDeleted ? "deleted" : match.state });
    }
  }
  const matchedFingerprints = new Set(matches.map((m) => m.fingerprint));
  for (const hit of findPatternHits(strings)) {
    // The same secret already named as a stored credential at this path says it better.
    if (matchedFingerprints.has(fingerprintSecret(key, hit.secret)) && hits.some((h) => h.path === hit.path)) continue;
    hits.push({ path: hit.path, kind: "pattern", severity: hit.severity, label: hit.label, preview: maskSecret(hit.secret), credentialId: null, credentialName: null, state: null });
  }
  hits.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.kind === b.kind ? 0 : a.kind === "stored_credential" ? -1 : 1));

  const now = ctx.clock.now();
  const stored = hits.filter((h) => h.kind === "stored_credential").length;
  const row = await ctx.db.$transaction(async (tx) => {
    const scan = await tx.leakScan.create({ data: { workspaceId: input.workspaceId, scannedById: input.actorId, fileName, format, sizeBytes: input.bytes.byteLength, stringsScanned: strings.length, hitCount: hits.length, storedHits: stored, hits, createdAt: now } });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "leak_scan.run", targetType: "leak_scan", targetId: scan.id, details: { file: fileName, hits: hits.length, stored } }, now);
    return scan;
  });
  return { id: row.id, fileName, format, sizeBytes: input.bytes.byteLength, stringsScanned: strings.length, hits, scannedAt: now };
}
