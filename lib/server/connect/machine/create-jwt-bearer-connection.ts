import "server-only";
import { z } from "zod";
import { invalidInput } from "../../errors";
import { parseServiceAccountKey, type ServiceAccountKey } from "../../oauth/jwt-bearer";
import { acquireMachineToken } from "./acquire-machine-token";
import { environmentSchema, hostKeyOf, labelSchema, scopesSchema } from "./connection-fields";
import type { JwtBearerConfig } from "./machine-config";
import type { MachineContext } from "./machine-context";
import { toMachineServiceError } from "./machine-token-error";
import { storeMachineConnection, type MachineConnectionCreated } from "./store-machine-connection";

/** Google's token endpoint; keys that use it are filed under the Google Workspace provider. */
const googleTokenHost = "oauth2.googleapis.com";

const inputSchema = z.object({
  scopes: scopesSchema,
  subject: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.string().trim().max(320, "The subject is longer than 320 characters.").refine((value) => !/\s/.test(value), "The subject is one user's email address, without spaces.").optional(),
  ),
  label: labelSchema,
  environment: environmentSchema,
});

/** A service-account connection as the admin describes it. */
export type CreateJwtBearerConnectionInput = {
  workspaceId: string;
  actorId: string | null;
  /** The JSON key file's text (or its parsed JSON). */
  serviceAccountKey: unknown;
  scopes: string[];
  /** The user to act as (Google domain-wide delegation); none = the service account itself. */
  subject?: string;
  label: string;
  environment?: string;
  /** Filed under this provider; default Google Workspace for Google keys, else the token host. */
  providerKey?: string;
};

function parseKey(json: unknown): ServiceAccountKey {
  try {
    return parseServiceAccountKey(json);
  } catch (error) {
    throw toMachineServiceError(error, { method: "jwt_bearer" });
  }
}

/**
 * Connects a service account with the JWT bearer grant (RFC 7523): reads the uploaded JSON key,
 * mints an assertion (iss = client_email, aud = token_uri, exp ≤ 1 h, scope, optional sub) and
 * exchanges it now; on success stores the connection with the token and the key, both sealed.
 */
export async function createJwtBearerConnection(ctx: MachineContext, input: CreateJwtBearerConnectionInput): Promise<MachineConnectionCreated> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const key = parseKey(input.serviceAccountKey);
  const settings = parsed.data;
  const config: JwtBearerConfig = {
    v: 1,
    method: "jwt_bearer",
    serviceAccount: {
      clientEmail: key.clientEmail,
      privateKeyPem: key.privateKeyPem,
      privateKeyId: key.privateKeyId,
      tokenUri: key.tokenUri,
      ...(key.projectId !== undefined ? { projectId: key.projectId } : {}),
      ...(key.clientId !== undefined ? { clientId: key.clientId } : {}),
    },
    scopes: settings.scopes,
    ...(settings.subject !== undefined ? { subject: settings.subject } : {}),
  };
  const token = await acquireMachineToken(ctx, config);
  const tokenHost = hostKeyOf(key.tokenUri);
  return storeMachineConnection(ctx, {
    workspaceId: input.workspaceId,
    actorId: input.actorId,
    providerKey: input.providerKey ?? (tokenHost === googleTokenHost ? "google-workspace" : tokenHost),
    label: settings.label,
    environment: settings.environment,
    requestedScopes: settings.scopes,
    account: { subject: settings.subject ?? key.clientEmail, email: key.clientEmail, name: null },
    config,
    token,
    auditDetails: { serviceAccount: key.clientEmail, keyId: key.privateKeyId, subject: settings.subject ?? null, tokenHost, scopes: settings.scopes.join(" ") },
  });
}
