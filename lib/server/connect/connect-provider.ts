import "server-only";
import type { TokenInspectionSpec } from "./inspect-granted-scopes";
import type { RevocationSpec } from "./revoke-at-provider";

/** What the Connect flow needs to know about a provider (built from a catalog or custom entry). */
export type ConnectProvider = {
  key: string;
  name: string;
  kind: "oauth2" | "oidc";
  issuer?: string;
  authorizationUrl: string;
  tokenUrl: string;
  revocation?: RevocationSpec;
  tokenInspection?: TokenInspectionSpec;
  userinfoUrl?: string;
  scopeSeparator: string;
  defaultScopes: string[];
  minimumScopes: string[];
  extraAuthorizationParams: Record<string, string>;
  isDemo: boolean;
};

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** http:// is allowed only for loopback (the demo provider, tests). */
export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" && LOOPBACK.has(parsed.hostname);
  } catch {
    return false;
  }
}
