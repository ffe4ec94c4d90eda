import "server-only";
import { z } from "zod";
import { invalidInput, ServiceError } from "../../errors";
import { outboundUrlSchema } from "../../oauth/outbound-http";
import { ProviderUrlTemplateError } from "../../providers/provider-url-template";
import { findEntry, toConnectProvider } from "../resolve-provider";
import { acquireMachineToken } from "./acquire-machine-token";
import { environmentSchema, hostKeyOf, labelSchema, scopesSchema } from "./connection-fields";
import { machineClientAuthMethods, type ClientCredentialsConfig } from "./machine-config";
import type { MachineContext } from "./machine-context";
import { storeMachineConnection, type MachineConnectionCreated } from "./store-machine-connection";

/** Provider key of "any OAuth server": the admin types the token URL. */
export const anyOAuthServerKey = "any-oauth-server";

const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

const inputSchema = z
  .object({
    providerKey: z.string().trim().min(1, "Choose a provider, or “Any OAuth server”.").max(80),
    tokenUrl: optional(outboundUrlSchema),
    urlValues: z.record(z.string(), z.string().trim().max(200)).default({}),
    clientId: z.string().trim().min(1, "Enter the client id.").max(512),
    authMethod: z.enum(machineClientAuthMethods, { error: "Choose how the client authenticates at the token endpoint." }),
    // Secrets are kept exactly as typed (no trimming inside); an empty box means "not given".
    clientSecret: optional(z.string().max(4096, "The client secret is longer than 4096 characters.")),
    privateKeyPem: optional(z.string().max(16_384, "The private key is longer than 16 KB; paste one PEM key.")),
    keyId: optional(z.string().trim().max(256)),
    scopes: scopesSchema,
    label: labelSchema,
    environment: environmentSchema,
  })
  .superRefine((input, ctx) => {
    if (input.providerKey === anyOAuthServerKey && input.tokenUrl === undefined) ctx.addIssue({ code: "custom", path: ["tokenUrl"], message: "Enter the token URL of the OAuth server." });
    if (input.authMethod !== "private_key_jwt" && input.clientSecret === undefined) ctx.addIssue({ code: "custom", path: ["clientSecret"], message: "Enter the client secret." });
    if (input.authMethod === "private_key_jwt" && input.privateKeyPem === undefined) ctx.addIssue({ code: "custom", path: ["privateKey"], message: "Paste the private key (PEM) the provider holds the public half of." });
  });

/** A client_credentials connection as the admin describes it (form text; validated here). */
export type CreateClientCredentialsConnectionInput = {
  workspaceId: string;
  actorId: string | null;
  /** A catalog, demo or custom provider id, or anyOAuthServerKey with tokenUrl. */
  providerKey: string;
  tokenUrl?: string;
  /** Values of the entry's URL variables (e.g. Microsoft's tenant); defaults otherwise. */
  urlValues?: Record<string, string>;
  clientId: string;
  authMethod: string;
  clientSecret?: string;
  privateKeyPem?: string;
  keyId?: string;
  scopes: string[];
  label: string;
  environment?: string;
};

async function resolveEndpoint(ctx: MachineContext, workspaceId: string, input: z.output<typeof inputSchema>): Promise<{ providerKey: string; tokenUrl: string; scopeSeparator: string }> {
  if (input.providerKey === anyOAuthServerKey) return { providerKey: hostKeyOf(input.tokenUrl!), tokenUrl: input.tokenUrl!, scopeSeparator: " " };
  const entry = await findEntry(ctx, { workspaceId, providerKey: input.providerKey }).catch((error: unknown) => {
    throw error instanceof ServiceError && error.code === "NOT_FOUND" ? invalidInput([{ path: ["providerKey"], message: "Unknown provider. Choose one from the list, or “Any OAuth server”." }]) : error;
  });
  if (entry.supportsClientCredentials === false) {
    throw invalidInput([{ path: ["providerKey"], message: `${entry.name} does not offer the client credentials grant. Connect it through its consent screen instead.` }]);
  }
  const values = Object.fromEntries(Object.entries(input.urlValues).filter(([, value]) => value !== ""));
  try {
    const provider = toConnectProvider(entry, values);
    return { providerKey: entry.id, tokenUrl: provider.tokenUrl, scopeSeparator: provider.scopeSeparator };
  } catch (error) {
    if (error instanceof ProviderUrlTemplateError) throw invalidInput([{ path: ["urlValues"], message: `${error.message}. Check the value you typed for the provider's URL.` }]);
    throw error;
  }
}

/**
 * Connects without a consent screen using the client credentials grant (client_secret_basic,
 * client_secret_post or private_key_jwt): gets a token now, and only when that works stores the
 * connection with the sealed token and the sealed settings needed to repeat the grant.
 */
export async function createClientCredentialsConnection(ctx: MachineContext, input: CreateClientCredentialsConnectionInput): Promise<MachineConnectionCreated> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const settings = parsed.data;
  const endpoint = await resolveEndpoint(ctx, input.workspaceId, settings);
  const config: ClientCredentialsConfig = {
    v: 1,
    method: "client_credentials",
    tokenUrl: endpoint.tokenUrl,
    clientId: settings.clientId,
    authMethod: settings.authMethod,
    ...(settings.authMethod === "private_key_jwt" ? { privateKeyPem: settings.privateKeyPem, ...(settings.keyId ? { keyId: settings.keyId } : {}) } : { clientSecret: settings.clientSecret }),
    scopes: settings.scopes,
    scopeSeparator: endpoint.scopeSeparator,
  };
  const token = await acquireMachineToken(ctx, config);
  return storeMachineConnection(ctx, {
    workspaceId: input.workspaceId,
    actorId: input.actorId,
    providerKey: endpoint.providerKey,
    label: settings.label,
    environment: settings.environment,
    requestedScopes: settings.scopes,
    account: { subject: settings.clientId, email: null, name: null },
    config,
    token,
    auditDetails: { clientId: settings.clientId, authMethod: settings.authMethod, tokenHost: hostKeyOf(endpoint.tokenUrl), scopes: settings.scopes.join(" ") },
  });
}
