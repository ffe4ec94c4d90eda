import { describe, expect, it } from "vitest";
import { describeMachineConfig } from "@/lib/server/connect/machine/machine-config-view";
import { openMachineConfig, sealMachineConfig, type MachineConfig } from "@/lib/server/connect/machine/machine-config";
import { isPermanentFailure, toMachineServiceError } from "@/lib/server/connect/machine/machine-token-error";
import { ServiceError } from "@/lib/server/errors";
import { JwtLoginError } from "@/lib/server/oauth/jwt-login-error";
import { TokenRequestError } from "@/lib/server/oauth/token-errors";
import { generateKeyringFile, parseKeyring } from "@/lib/server/vault/keyring";

const SECRET = "canary-config-secret-9f8e7d";
const PEM = `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----`;
const keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");

const configs: MachineConfig[] = [
  { v: 1, method: "client_credentials", tokenUrl: "https://auth.example.com/token", clientId: "client-1", authMethod: "client_secret_basic", clientSecret: SECRET, scopes: ["a"], scopeSeparator: " " },
  { v: 1, method: "client_credentials", tokenUrl: "https://auth.example.com/token", clientId: "client-1", authMethod: "private_key_jwt", privateKeyPem: PEM, keyId: "k1", scopes: [], scopeSeparator: " " },
  { v: 1, method: "jwt_bearer", serviceAccount: { clientEmail: "sa@p.iam.gserviceaccount.com", privateKeyPem: PEM, privateKeyId: "kid-1", tokenUri: "https://oauth2.googleapis.com/token" }, scopes: ["s"], subject: "u@example.com" },
  {
    v: 1,
    method: "jwt_login",
    request: {
      method: "POST",
      url: `https://api.example.com/login?api_key=${SECRET}`,
      headers: { "X-Api-Key": SECRET },
      body: { email: "ops@example.com", password: SECRET },
      removeNulls: true,
      tokenPath: "data.token",
      tokenType: "Bearer",
      headerName: "Authorization",
    },
  },
];

describe("machine connection settings", () => {
  it("are described for screens without any secret", () => {
    for (const config of configs) {
      const view = describeMachineConfig(config);
      expect(view.method).toBe(config.method);
      expect(JSON.stringify(view)).not.toContain(SECRET);
    }
    expect(describeMachineConfig(configs[3]!)).toMatchObject({ loginUrl: "https://api.example.com/login?…", headerNames: ["X-Api-Key"], hasBody: true, expiry: { source: "jwt" } });
  });

  it("seal to their row: they open for the same connection only", () => {
    const sealed = sealMachineConfig(keyring, "conn-1", configs[0]!);
    expect(sealed).not.toContain(SECRET);
    expect(openMachineConfig(keyring, "conn-1", sealed)).toEqual(configs[0]);
    const error = (() => {
      try {
        openMachineConfig(keyring, "conn-2", sealed);
      } catch (caught) {
        return caught as ServiceError;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ServiceError);
    expect(error?.code).toBe("INTERNAL");
    expect(error?.message).toBe("The stored settings of this connection cannot be read. Create the connection again.");
    expect(() => openMachineConfig(keyring, "conn-1", null)).toThrow(ServiceError);
  });
});

describe("acquisition errors", () => {
  it("keep the provider's safe message, with the method's own wording where it says more", () => {
    const invalidClient = new TokenRequestError("oauth_error", { status: 401, oauthError: { error: "invalid_client" } });
    expect(toMachineServiceError(invalidClient, { method: "client_credentials", authMethod: "client_secret_post" }).message).toMatch(/^The provider rejected the client id or secret/);
    expect(toMachineServiceError(invalidClient, { method: "client_credentials", authMethod: "private_key_jwt" }).message).toMatch(/signed client assertion \(private_key_jwt\)/);
    const invalidGrant = new TokenRequestError("oauth_error", { status: 400, oauthError: { error: "invalid_grant", description: "Invalid JWT Signature." } });
    expect(toMachineServiceError(invalidGrant, { method: "jwt_bearer" }).message).toBe(
      'The provider rejected the service-account assertion (invalid_grant). Check that the key is still active, that the subject (if any) is a real user allowed by domain-wide delegation, and this server\'s clock. Provider says: "Invalid JWT Signature."',
    );
  });

  it("tell a lasting failure from one worth retrying", () => {
    const cases: Array<[TokenRequestError | JwtLoginError, string, boolean]> = [
      [new TokenRequestError("oauth_error", { status: 401, oauthError: { error: "invalid_client" } }), "BAD_REQUEST", true],
      [new TokenRequestError("network"), "UNAVAILABLE", false],
      [new TokenRequestError("timeout"), "UNAVAILABLE", false],
      [new TokenRequestError("http_error", { status: 503 }), "UNAVAILABLE", false],
      [new TokenRequestError("http_error", { status: 429 }), "RATE_LIMITED", false],
      [new TokenRequestError("html_response", { status: 200 }), "BAD_REQUEST", true],
      [new JwtLoginError("http_error", "The login request failed with HTTP 401.", { status: 401 }), "BAD_REQUEST", true],
      [new JwtLoginError("timeout", "The login request did not answer in time."), "UNAVAILABLE", false],
    ];
    for (const [error, code, permanent] of cases) {
      const mapped = toMachineServiceError(error, { method: "client_credentials" });
      expect(mapped.code).toBe(code);
      expect(isPermanentFailure(mapped)).toBe(permanent);
      expect(mapped.message).toBe(error.message);
    }
  });

  it("move the building blocks' field errors onto the form's field names", () => {
    const input = new ServiceError("BAD_REQUEST", "Check the connection settings.", { fieldErrors: { tokenEndpoint: "Use https://", privateKeyPem: "Too long", url: "Use https://" } });
    expect(toMachineServiceError(input, { method: "client_credentials" }).fieldErrors).toEqual({ tokenUrl: "Use https://", privateKey: "Too long", url: "Use https://" });
  });

  it("rethrow what is not an acquisition failure (a bug)", () => {
    expect(() => toMachineServiceError(new RangeError("bug"), { method: "jwt_login" })).toThrow(RangeError);
  });
});
