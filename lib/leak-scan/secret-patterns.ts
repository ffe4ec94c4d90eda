// Generic secret patterns (issue 8 (b)): vendor key formats anyone can recognise, PEM private
// keys, JWTs, and long high-entropy values under auth-looking keys. Pure.

import { secretHints } from "@/lib/server/credentials/secret-hints";
import type { LocatedString } from "./locate-strings";

export type PatternId = "stripe_live" | "stripe_test" | "slack_token" | "github_token" | "aws_access_key" | "google_api_key" | "hubspot_private_app" | "sendgrid" | "private_key" | "jwt" | "auth_field";

export type PatternHit = { path: string; pattern: PatternId; label: string; severity: "critical" | "high" | "medium"; secret: string };

type Pattern = { id: PatternId; label: string; severity: PatternHit["severity"]; regex: RegExp; check?: (match: string) => boolean };

const base64urlJson = (part: string) => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

export const PATTERNS: readonly Pattern[] = [
  { id: "stripe_live", label: "Stripe live secret or restricted key", severity: "critical", regex: /\b(?:sk|rk)_live_[0-9A-Za-z]{16,}\b/g },
  { id: "stripe_test", label: "Stripe test key", severity: "medium", regex: /\b(?:sk|rk)_test_[0-9A-Za-z]{16,}\b/g },
  { id: "slack_token", label: "Slack token", severity: "critical", regex: /\bxox[abposr]-[0-9A-Za-z-]{10,}\b/g },
  { id: "github_token", label: "GitHub token", severity: "critical", regex: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/g },
  { id: "aws_access_key", label: "AWS access key id", severity: "critical", regex: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { id: "google_api_key", label: "Google API key", severity: "high", regex: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { id: "hubspot_private_app", label: "HubSpot private app token", severity: "critical", regex: /\bpat-(?:na|eu)\d-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g },
  { id: "sendgrid", label: "SendGrid API key", severity: "critical", regex: /\bSG\.[\w-]{22}\.[\w-]{43}\b/g },
  { id: "private_key", label: "PEM private key", severity: "critical", regex: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----[\s\S]*?-----END (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/g },
  {
    id: "jwt",
    label: "JSON Web Token",
    severity: "high",
    regex: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}\b/g,
    check: (match) => typeof base64urlJson(match.split(".")[0]!)?.alg === "string",
  },
];

const AUTH_FIELD = /(secret|token|passw(or)?d|pwd|api[-_ ]?key|apikey|auth|credential|private[-_ ]?key|access[-_ ]?key|signing)/i;
const PLACEHOLDER = /^(<.*>|\$\{.*\}|\{\{.*\}\}|=?\{\{.*\}\}|%.*%|x{6,}|\*{4,}|your[-_ ].*|changeme|example.*|test|null|undefined|true|false)$/i;

/** Shannon entropy of a string in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A long, random-looking value under a key that names a secret (not a placeholder or an n8n expression). */
export function isAuthFieldSecret(field: string | null, value: string): boolean {
  if (!field || !AUTH_FIELD.test(field)) return false;
  const bare = value.trim().replace(/^(bearer|basic|token)\s+/i, "");
  if (bare.length < 16 || bare.length > 4096 || /\s/.test(bare) || PLACEHOLDER.test(bare) || bare.startsWith("={{")) return false;
  return entropy(bare) >= 3.5;
}

/** Every pattern hit in the located strings (one per pattern and value, at the value's path). */
export function findPatternHits(strings: readonly LocatedString[]): PatternHit[] {
  const hits: PatternHit[] = [];
  for (const { path, field, value } of strings) {
    let matched = false;
    for (const pattern of PATTERNS) {
      for (const match of value.matchAll(pattern.regex)) {
        if (pattern.check && !pattern.check(match[0])) continue;
        hits.push({ path, pattern: pattern.id, label: pattern.label, severity: pattern.severity, secret: match[0] });
        matched = true;
      }
    }
    if (!matched && isAuthFieldSecret(field, value)) {
      hits.push({ path, pattern: "auth_field", label: `High-entropy value in “${field}”`, severity: "high", secret: value.trim().replace(/^(bearer|basic|token)\s+/i, "") });
    }
  }
  return hits;
}

/** The substrings of a value that could be a stored secret: the whole value, after an auth scheme, and each token. */
export function secretCandidates(value: string): string[] {
  const out = new Set<string>();
  const trimmed = value.trim();
  if (trimmed.length >= 8 && trimmed.length <= 16_384) out.add(trimmed);
  const scheme = /^(bearer|token)\s+(\S+)$/i.exec(trimmed);
  if (scheme) out.add(scheme[2]!);
  const basic = /^basic\s+([A-Za-z0-9+/=]+)$/i.exec(trimmed);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) out.add(decoded.slice(colon + 1));
  }
  if (trimmed.length <= 16_384) for (const token of trimmed.split(/[\s"'`=,;&?()<>{}[\]|]+/)) if (token.length >= 8 && token.length <= 512) out.add(token);
  return [...out];
}

/** What may be shown of a found secret: the vault's own hint rule (secretHints), a short vendor prefix and the last four characters. */
export function maskSecret(secret: string): string {
  if (secret.includes("PRIVATE KEY")) return "-----BEGIN … PRIVATE KEY-----";
  const { prefix, last4 } = secretHints(secret);
  return last4 === null ? "…" : `${prefix ?? ""}…${last4}`;
}
