import "server-only";
import { z } from "zod";
import { ServiceError } from "../../errors";
import { aadFor } from "../../vault/aad";
import type { Keyring } from "../../vault/keyring";
import { open, seal, SealError } from "../../vault/seal";

/** Client authentication methods a client_credentials connection may use. */
export const machineClientAuthMethods = ["client_secret_basic", "client_secret_post", "private_key_jwt"] as const;
export type MachineClientAuthMethod = (typeof machineClientAuthMethods)[number];

/** HTTP methods a JWT login may use. */
export const loginMethods = ["GET", "POST", "PUT", "PATCH"] as const;

const clientCredentialsConfigSchema = z.strictObject({
  v: z.literal(1),
  method: z.literal("client_credentials"),
  tokenUrl: z.string().min(1),
  clientId: z.string().min(1),
  authMethod: z.enum(machineClientAuthMethods),
  clientSecret: z.string().min(1).optional(),
  privateKeyPem: z.string().min(1).optional(),
  keyId: z.string().min(1).optional(),
  scopes: z.array(z.string()),
  scopeSeparator: z.string().min(1),
});

const serviceAccountSchema = z.strictObject({
  clientEmail: z.string().min(1),
  privateKeyPem: z.string().min(1),
  privateKeyId: z.string().min(1),
  tokenUri: z.string().min(1),
  projectId: z.string().optional(),
  clientId: z.string().optional(),
});

const jwtBearerConfigSchema = z.strictObject({
  v: z.literal(1),
  method: z.literal("jwt_bearer"),
  serviceAccount: serviceAccountSchema,
  scopes: z.array(z.string()),
  subject: z.string().min(1).optional(),
});

const jwtLoginRequestSchema = z.strictObject({
  method: z.enum(loginMethods),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()),
  body: z.union([z.string(), z.json()]).optional(),
  removeNulls: z.boolean(),
  tokenPath: z.string().min(1),
  tokenType: z.string(),
  headerName: z.string().min(1),
  expiresInSeconds: z.number().int().positive().optional(),
  expiresAtPath: z.string().min(1).optional(),
});

const jwtLoginConfigSchema = z.strictObject({
  v: z.literal(1),
  method: z.literal("jwt_login"),
  request: jwtLoginRequestSchema,
});

/** Everything needed to get a fresh token again, secrets included; only ever stored sealed (Connection.configSealed). */
export const machineConfigSchema = z.discriminatedUnion("method", [clientCredentialsConfigSchema, jwtBearerConfigSchema, jwtLoginConfigSchema]);

export type MachineConfig = z.infer<typeof machineConfigSchema>;
export type ClientCredentialsConfig = z.infer<typeof clientCredentialsConfigSchema>;
export type JwtBearerConfig = z.infer<typeof jwtBearerConfigSchema>;
export type JwtLoginConfig = z.infer<typeof jwtLoginConfigSchema>;
export type JwtLoginRequest = z.infer<typeof jwtLoginRequestSchema>;
export type MachineMethod = MachineConfig["method"];

/** True for the methods whose tokens come from a stored configuration rather than a refresh token. */
export function isMachineMethod(method: string): method is MachineMethod {
  return method === "client_credentials" || method === "jwt_bearer" || method === "jwt_login";
}

/** The AAD of a connection's sealed configuration. */
export function configAad(connectionId: string): string {
  return aadFor("connection", connectionId, "config");
}

/** Seals a configuration to its connection row and field. */
export function sealMachineConfig(keyring: Keyring, connectionId: string, config: MachineConfig): string {
  return seal(keyring, JSON.stringify(machineConfigSchema.parse(config)), configAad(connectionId));
}

/** Opens and validates a connection's sealed configuration; a ServiceError (no secret in it) when it cannot be read. */
export function openMachineConfig(keyring: Keyring, connectionId: string, sealed: string | null): MachineConfig {
  const unreadable = (detail: string) =>
    new ServiceError("INTERNAL", "The stored settings of this connection cannot be read. Create the connection again.", { details: { connectionId, detail } });
  if (sealed === null) throw unreadable("no config stored");
  let text: string;
  try {
    text = open(keyring, sealed, configAad(connectionId));
  } catch (error) {
    if (error instanceof SealError) throw unreadable(error.message);
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw unreadable("config is not JSON");
  }
  const parsed = machineConfigSchema.safeParse(json);
  if (!parsed.success) throw unreadable(`config fields malformed: ${[...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ")}`);
  return parsed.data;
}
