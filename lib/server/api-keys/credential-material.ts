import "server-only";
import type { CredentialSettingsByMethod, SecretLocation } from "../credentials/credential-settings";
import type { RevealedCredential, RevealedVersion } from "../credentials/reveal-secret-for-use";

// What GET /api/v1/credentials/{id} returns: the material an HTTP client needs, per method.

type Header = { name: string; value: string };

export type CredentialMaterial =
  | { header: Header }
  | { query: { name: string; value: string } }
  | { basic: { username: string; password: string }; header: Header }
  | { secret: string; algorithm: string; encoding: string; headerName: string; headerScheme: string; signaturePrefix: string | null }
  | { certificatePem: string; privateKeyPem: string };

export type VersionMaterial = { version: number; overlapEndsAt: string | null } & CredentialMaterial;

/** The secret to use now (flat: `header`, `query`, `basic`, ...), and the previous one while a rotation overlap runs (fail over to it), else null. */
export type CredentialReadBody = { credential: { id: string; method: RevealedCredential["method"] }; previous: VersionMaterial | null } & VersionMaterial;

const locationLabels: Record<SecretLocation, string> = {
  one_password: "1Password",
  hashicorp_vault: "HashiCorp Vault",
  aws_secrets_manager: "AWS Secrets Manager",
  gcp_secret_manager: "Google Secret Manager",
  workflow_config: "a workflow's configuration",
  hard_coded: "hard-coded configuration",
  other: "another place",
};

/** "1Password (Ops vault)", for the track-only refusal. */
export function describeSecretLocation(settings: CredentialSettingsByMethod["track_only"]): string {
  const label = locationLabels[settings.location] ?? "another place";
  return settings.locationDetail ? `${label} (${settings.locationDetail})` : label;
}

function materialFor(revealed: RevealedCredential, version: RevealedVersion): CredentialMaterial {
  const material = version.material;
  switch (revealed.method) {
    case "api_key": {
      const settings = revealed.settings as CredentialSettingsByMethod["api_key"];
      const secret = material.method === "api_key" ? material.secret : "";
      if (settings.placement === "query") return { query: { name: settings.queryParam ?? "api_key", value: secret } };
      return { header: { name: settings.headerName ?? "Authorization", value: settings.headerScheme ? `${settings.headerScheme} ${secret}` : secret } };
    }
    case "bearer":
      return { header: { name: "Authorization", value: `Bearer ${material.method === "bearer" ? material.secret : ""}` } };
    case "basic": {
      const username = material.method === "basic" ? material.username : "";
      const password = material.method === "basic" ? material.password : "";
      return { basic: { username, password }, header: { name: "Authorization", value: `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}` } };
    }
    case "hmac": {
      const settings = revealed.settings as CredentialSettingsByMethod["hmac"];
      return {
        secret: material.method === "hmac" ? material.secret : "",
        algorithm: settings.algorithm,
        encoding: settings.encoding,
        headerName: settings.headerName,
        headerScheme: settings.headerScheme,
        signaturePrefix: settings.signaturePrefix,
      };
    }
    case "mtls":
      return material.method === "mtls" ? { certificatePem: material.certificatePem, privateKeyPem: material.privateKeyPem } : { certificatePem: "", privateKeyPem: "" };
  }
}

function versionMaterial(revealed: RevealedCredential, version: RevealedVersion): VersionMaterial {
  return { version: version.version, overlapEndsAt: version.overlapEndsAt?.toISOString() ?? null, ...materialFor(revealed, version) };
}

/** The response body: the active version, and the overlap version while its window runs. */
export function credentialReadBody(revealed: RevealedCredential): CredentialReadBody {
  const current = revealed.versions.find((v) => v.state === "active") ?? revealed.versions[0]!;
  const previous = revealed.versions.find((v) => v.state === "overlap" && v !== current) ?? null;
  return {
    credential: { id: revealed.credentialId, method: revealed.method },
    ...versionMaterial(revealed, current),
    previous: previous ? versionMaterial(revealed, previous) : null,
  };
}
