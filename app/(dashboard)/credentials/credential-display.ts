import "server-only";
import type { CertificateFacts } from "@/components/credentials/certificate-details";
import type { CredentialSummaryData } from "@/components/credentials/credential-summary";
import { hmacSchemePresets, isHmacScheme, locationOptions } from "@/components/credentials/credential-form-fields";
import type { VersionRow } from "@/components/credentials/versions-table";
import type { CredentialDetail, CredentialView } from "@/lib/server/credentials/credential-views";

// Turns the data layer's views into the plain JSON the credential components take. Only named,
// non-secret fields are copied: never a secret, sealed value or secret fingerprint.

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The method's public settings in words. */
export function settingsInWords(view: CredentialView): { label: string; value: string }[] {
  switch (view.method) {
    case "api_key": {
      const s = view.settings;
      const where = s.placement === "query" ? `query parameter ${s.queryParam ?? "?"}` : `header ${s.headerName ?? "?"}${s.headerScheme ? `: ${s.headerScheme} <key>` : ""}`;
      return [
        { label: "Sent in", value: where },
        { label: "Expected prefix", value: s.expectedPrefix ?? "none" },
        { label: "Mode", value: s.mode },
      ];
    }
    case "basic":
      return [{ label: "Username", value: view.settings.username }];
    case "bearer":
      return [{ label: "Sent as", value: "Authorization: Bearer <token>" }];
    case "hmac": {
      const s = view.settings;
      const scheme = isHmacScheme(s.headerScheme) ? hmacSchemePresets[s.headerScheme].label : s.headerScheme;
      return [
        { label: "Signature scheme", value: scheme },
        { label: "Algorithm", value: `${s.algorithm}, ${s.encoding}` },
        { label: "Signature header", value: `${s.headerName}${s.signaturePrefix ? ` (${s.signaturePrefix}…)` : ""}` },
      ];
    }
    case "mtls":
      return [{ label: "Certificate", value: view.settings.subject }];
    case "track_only": {
      const s = view.settings;
      const where = locationOptions.find((l) => l.value === s.location)?.label ?? s.location;
      return [{ label: "Lives in", value: s.locationDetail ? `${where}: ${s.locationDetail}` : where }];
    }
  }
}

export function toSummary(view: CredentialView, ownerName: string | null): CredentialSummaryData {
  return {
    method: view.method,
    provider: view.provider,
    environment: view.environment,
    ownerName,
    workflows: view.workflows,
    peopleWithAccess: view.peopleWithAccess,
    sensitive: view.sensitive,
    prefix: view.current?.secretPrefix ?? null,
    last4: view.current?.secretLast4 ?? null,
    createdAt: view.createdAt.toISOString(),
    rotatedAt: view.rotatedAt.toISOString(),
    lastUsedAt: iso(view.lastUsedAt),
    expiresAt: iso(view.expiresAt),
    rotationAgeDays: view.rotationAgeDays,
    rotationIntervalDays: view.rotationIntervalDays,
    isRotationOverdue: view.isRotationOverdue,
    settings: settingsInWords(view),
  };
}

export function toVersionRows(detail: CredentialDetail, names: Map<string, string>): VersionRow[] {
  return detail.versions.map((v) => ({
    version: v.version,
    state: v.state,
    prefix: v.secretPrefix,
    last4: v.secretLast4,
    createdBy: v.createdById ? (names.get(v.createdById) ?? "former member") : null,
    createdAt: v.createdAt.toISOString(),
    overlapEndsAt: iso(v.overlapEndsAt),
    retiredAt: iso(v.retiredAt),
  }));
}

/** The certificate's public facts, for mTLS credentials only. */
export function certificateFacts(view: CredentialView): CertificateFacts | null {
  if (view.method !== "mtls") return null;
  const s = view.settings;
  return { subject: s.subject, issuer: s.issuer, subjectAltNames: s.subjectAltNames, serialNumber: s.serialNumber, notBefore: s.notBefore, notAfter: s.notAfter, fingerprint256: s.fingerprint256, keyType: s.keyType };
}

/** The certificate warning to repeat after create or rotate (expired or not yet valid), else null. */
export function certificateWarning(view: CredentialView, now: Date): string | null {
  if (view.method !== "mtls") return null;
  const { notBefore, notAfter } = view.settings;
  if (new Date(notAfter).getTime() <= now.getTime()) return `The certificate expired on ${new Date(notAfter).toUTCString()}. It was stored, and is flagged as expired.`;
  if (new Date(notBefore).getTime() > now.getTime()) return `The certificate is not valid before ${new Date(notBefore).toUTCString()}.`;
  return null;
}
