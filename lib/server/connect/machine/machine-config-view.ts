import "server-only";
import type { ServiceContext } from "../../context";
import { isServiceError } from "../../errors";
import type { Keyring } from "../../vault/keyring";
import { displayUrl } from "./connection-fields";
import { isMachineMethod, openMachineConfig, type MachineConfig } from "./machine-config";

/** How a machine connection gets its token, without a single secret: safe to render. */
export type MachineConfigView =
  | { method: "client_credentials"; tokenUrl: string; clientId: string; authMethod: string; keyId: string | null; scopes: string[] }
  | { method: "jwt_bearer"; tokenUrl: string; serviceAccountEmail: string; keyId: string; projectId: string | null; subject: string | null; scopes: string[] }
  | {
      method: "jwt_login";
      httpMethod: string;
      loginUrl: string;
      tokenPath: string;
      tokenType: string;
      headerName: string;
      /** Names only; the values may be API keys. */
      headerNames: string[];
      hasBody: boolean;
      removeNulls: boolean;
      expiry: { source: "configured"; seconds: number } | { source: "response"; path: string } | { source: "jwt" };
    };

/** The non-secret part of a configuration (URLs without their query string, names without values). */
export function describeMachineConfig(config: MachineConfig): MachineConfigView {
  switch (config.method) {
    case "client_credentials":
      return { method: config.method, tokenUrl: displayUrl(config.tokenUrl), clientId: config.clientId, authMethod: config.authMethod, keyId: config.keyId ?? null, scopes: config.scopes };
    case "jwt_bearer":
      return {
        method: config.method,
        tokenUrl: displayUrl(config.serviceAccount.tokenUri),
        serviceAccountEmail: config.serviceAccount.clientEmail,
        keyId: config.serviceAccount.privateKeyId,
        projectId: config.serviceAccount.projectId ?? null,
        subject: config.subject ?? null,
        scopes: config.scopes,
      };
    case "jwt_login": {
      const request = config.request;
      return {
        method: config.method,
        httpMethod: request.method,
        loginUrl: displayUrl(request.url),
        tokenPath: request.tokenPath,
        tokenType: request.tokenType,
        headerName: request.headerName,
        headerNames: Object.keys(request.headers),
        hasBody: request.body !== undefined,
        removeNulls: request.removeNulls,
        expiry:
          request.expiresInSeconds !== undefined
            ? { source: "configured", seconds: request.expiresInSeconds }
            : request.expiresAtPath !== undefined
              ? { source: "response", path: request.expiresAtPath }
              : { source: "jwt" },
      };
    }
  }
}

/** The non-secret settings of a machine connection of the workspace; null for other methods or when they cannot be read. */
export async function getMachineConfigView(ctx: ServiceContext & { keyring: Keyring }, input: { workspaceId: string; connectionId: string }): Promise<MachineConfigView | null> {
  const row = await ctx.db.connection.findFirst({ where: { id: input.connectionId, workspaceId: input.workspaceId }, select: { id: true, method: true, configSealed: true } });
  if (!row || !isMachineMethod(row.method) || row.configSealed === null) return null;
  try {
    return describeMachineConfig(openMachineConfig(ctx.keyring, row.id, row.configSealed));
  } catch (error) {
    if (isServiceError(error)) return null;
    throw error;
  }
}
