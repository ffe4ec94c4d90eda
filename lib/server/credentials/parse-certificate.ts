import "server-only";
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import type { MtlsSettings } from "./credential-settings";

export type FieldIssue = { path: [string]; message: string };

export type ParsedCertificate =
  | { ok: true; settings: MtlsSettings; privateKeyPem: string; warnings: string[] }
  | { ok: false; issues: FieldIssue[] };

const CERT_BEGIN = "-----BEGIN CERTIFICATE-----";
const KEY_BEGIN = /-----BEGIN (?:RSA |EC |DSA )?PRIVATE KEY-----/;

function readCertificate(pem: string): X509Certificate | string {
  if (!pem.includes(CERT_BEGIN)) {
    return /PRIVATE KEY-----/.test(pem)
      ? "This is a private key. Paste the certificate here and the key in the private key field."
      : `This is not a PEM certificate: it should start with ${CERT_BEGIN}.`;
  }
  try {
    return new X509Certificate(pem);
  } catch {
    return "This certificate could not be read. Paste the whole PEM block, including the BEGIN and END lines.";
  }
}

function readPrivateKey(pem: string): KeyObject | string {
  if (/ENCRYPTED/.test(pem)) return "This private key is protected by a passphrase. Export it without one (for example `openssl pkey -in key.pem`).";
  if (!KEY_BEGIN.test(pem)) {
    return pem.includes(CERT_BEGIN)
      ? "This is a certificate, not a private key."
      : "This is not a PEM private key: it should start with -----BEGIN PRIVATE KEY-----.";
  }
  try {
    return createPrivateKey({ key: pem, format: "pem" });
  } catch {
    return "This private key could not be read. Paste the whole PEM block, including the BEGIN and END lines.";
  }
}

/** The private key as PKCS#8 PEM: one text per key, whatever format it was pasted in. */
export function canonicalPrivateKeyPem(key: KeyObject): string {
  return key.export({ type: "pkcs8", format: "pem" }).toString();
}

const distinguishedName = (dn: string) => dn.split("\n").map((part) => part.trim()).filter(Boolean).join(", ");

/**
 * Parses an mTLS certificate and private key (PEM) with node:crypto: subject, issuer, SANs,
 * validity and SHA-256 fingerprint, and checks the key belongs to the certificate. An expired
 * or not-yet-valid certificate is accepted with a warning; everything else is a field issue.
 */
export function parseCertificateAndKey(certificatePem: string, privateKeyPem: string, now: Date): ParsedCertificate {
  const certificate = readCertificate(certificatePem);
  const key = readPrivateKey(privateKeyPem);
  const issues: FieldIssue[] = [];
  if (typeof certificate === "string") issues.push({ path: ["certificatePem"], message: certificate });
  if (typeof key === "string") issues.push({ path: ["privateKeyPem"], message: key });
  if (typeof certificate === "string" || typeof key === "string") return { ok: false, issues };
  if (key.asymmetricKeyType !== certificate.publicKey.asymmetricKeyType || !certificate.checkPrivateKey(key)) {
    return { ok: false, issues: [{ path: ["privateKeyPem"], message: "This private key does not belong to the certificate." }] };
  }

  const notBefore = new Date(certificate.validFrom);
  const notAfter = new Date(certificate.validTo);
  const warnings: string[] = [];
  if (notAfter.getTime() <= now.getTime()) warnings.push(`The certificate expired on ${notAfter.toISOString()}. It was stored, and is flagged as expired.`);
  else if (notBefore.getTime() > now.getTime()) warnings.push(`The certificate is not valid before ${notBefore.toISOString()}.`);

  const settings: MtlsSettings = {
    certificatePem: certificatePem.trim(),
    subject: distinguishedName(certificate.subject),
    issuer: distinguishedName(certificate.issuer),
    subjectAltNames: certificate.subjectAltName ? certificate.subjectAltName.split(/,\s*/).filter(Boolean) : [],
    serialNumber: certificate.serialNumber,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    fingerprint256: certificate.fingerprint256,
    keyType: certificate.publicKey.asymmetricKeyType ?? null,
  };
  return { ok: true, settings, privateKeyPem: canonicalPrivateKeyPem(key), warnings };
}
