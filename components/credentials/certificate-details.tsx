import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill } from "@/components/ui/status-pill";

/** The public facts of an mTLS certificate (never the private key). */
export type CertificateFacts = { subject: string; issuer: string; subjectAltNames: string[]; serialNumber: string; notBefore: string; notAfter: string; fingerprint256: string; keyType: string | null };

const dt = "text-zinc-500 dark:text-zinc-400";

export function CertificateDetails({ cert, now }: { cert: CertificateFacts; now: string }) {
  const expired = new Date(cert.notAfter).getTime() <= new Date(now).getTime();
  const notYet = new Date(cert.notBefore).getTime() > new Date(now).getTime();
  return (
    <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm" data-testid="certificate-details">
      <dt className={dt}>Subject</dt><dd className="break-all font-mono text-xs">{cert.subject}</dd>
      <dt className={dt}>Issuer</dt><dd className="break-all font-mono text-xs">{cert.issuer}</dd>
      <dt className={dt}>Alternative names</dt><dd className="break-all">{cert.subjectAltNames.length > 0 ? cert.subjectAltNames.join(", ") : "none"}</dd>
      <dt className={dt}>Valid from</dt><dd><RelativeTime value={cert.notBefore} />{notYet && <> <StatusPill tone="warn">not yet valid</StatusPill></>}</dd>
      <dt className={dt}>Valid until</dt><dd><RelativeTime value={cert.notAfter} />{expired && <> <StatusPill tone="bad">expired</StatusPill></>}</dd>
      <dt className={dt}>Key type</dt><dd>{cert.keyType ?? "unknown"}</dd>
      <dt className={dt}>Serial number</dt><dd className="break-all font-mono text-xs">{cert.serialNumber}</dd>
      <dt className={dt}>SHA-256 fingerprint</dt><dd className="break-all font-mono text-xs">{cert.fingerprint256}</dd>
    </dl>
  );
}
