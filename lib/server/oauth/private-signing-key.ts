import "server-only";
import { createPrivateKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { importPKCS8, type CryptoKey } from "jose";
import { ServiceError } from "@/lib/server/errors";

/** Algorithms Authpulse signs assertions with. */
export const signingAlgorithms = ["RS256", "ES256"] as const;
export type SigningAlgorithm = (typeof signingAlgorithms)[number];

/** A private key ready to sign JWTs (non-extractable). */
export interface PrivateSigningKey {
  key: CryptoKey;
  alg: SigningAlgorithm;
  kid?: string;
}

/** Where a private key comes from: a PEM (PKCS#8, PKCS#1 RSA or SEC1 EC) or a private JWK. */
export interface PrivateKeySource {
  privateKeyPem?: string;
  privateKeyJwk?: Record<string, unknown>;
  /** Key id for the JWT header; defaults to the JWK's kid. */
  keyId?: string;
}

function keyError(message: string): ServiceError {
  return new ServiceError("BAD_REQUEST", message, { fieldErrors: { privateKey: message } });
}

/** PEMs pasted from env files often carry literal "\n" sequences instead of newlines. */
function normalisePem(pem: string): string {
  const trimmed = pem.trim();
  return !trimmed.includes("\n") && trimmed.includes("\\n") ? trimmed.replace(/\\n/g, "\n") : trimmed;
}

function pemKeyObject(pem: string): KeyObject {
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
  if (label === undefined) throw keyError("The private key is not a PEM: it should start with -----BEGIN PRIVATE KEY-----.");
  if (label === "PUBLIC KEY" || label === "RSA PUBLIC KEY" || label === "CERTIFICATE") {
    throw keyError("This is a public key or certificate. Paste the private key (-----BEGIN PRIVATE KEY-----).");
  }
  if (label === "ENCRYPTED PRIVATE KEY") throw keyError("The private key is encrypted with a passphrase. Export it without a passphrase.");
  try {
    return createPrivateKey({ key: pem, format: "pem" });
  } catch {
    throw keyError("The private key PEM could not be read. Paste the whole key, including the BEGIN and END lines.");
  }
}

function jwkKeyObject(jwk: Record<string, unknown>): KeyObject {
  if (typeof jwk.d !== "string") throw keyError("The JWK is a public key. Paste the private JWK (it has a \"d\" member).");
  try {
    return createPrivateKey({ key: jwk as JsonWebKey, format: "jwk" });
  } catch {
    throw keyError("The private JWK could not be read.");
  }
}

function algorithmOf(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === "rsa") {
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw keyError("The RSA key is shorter than 2048 bits; use a 2048-bit or longer key.");
    return "RS256";
  }
  if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") return "ES256";
  throw keyError("Only RSA (RS256) and EC P-256 (ES256) private keys are supported.");
}

/** Imports a private key from a PEM or JWK as a non-extractable signing key: RSA → RS256, EC P-256 → ES256. Errors never echo the key. */
export async function importPrivateSigningKey(source: PrivateKeySource): Promise<PrivateSigningKey> {
  let keyObject: KeyObject;
  if (source.privateKeyPem !== undefined && source.privateKeyPem.trim() !== "") keyObject = pemKeyObject(normalisePem(source.privateKeyPem));
  else if (source.privateKeyJwk !== undefined) keyObject = jwkKeyObject(source.privateKeyJwk);
  else throw keyError("A private key (PEM or JWK) is required.");
  const alg = algorithmOf(keyObject);
  const pkcs8 = keyObject.export({ format: "pem", type: "pkcs8" }).toString();
  const key = await importPKCS8(pkcs8, alg, { extractable: false });
  const jwkKid = typeof source.privateKeyJwk?.kid === "string" ? source.privateKeyJwk.kid : undefined;
  const kid = source.keyId ?? jwkKid;
  return kid === undefined || kid === "" ? { key, alg } : { key, alg, kid };
}
