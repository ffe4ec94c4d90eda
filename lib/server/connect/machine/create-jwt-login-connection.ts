import "server-only";
import { z } from "zod";
import { invalidInput } from "../../errors";
import type { JsonValue } from "../../oauth/remove-nulls";
import { acquireMachineToken } from "./acquire-machine-token";
import { environmentSchema, hostKeyOf, labelSchema } from "./connection-fields";
import { loginMethods, type JwtLoginConfig } from "./machine-config";
import type { MachineContext } from "./machine-context";
import { storeMachineConnection, type MachineConnectionCreated } from "./store-machine-connection";

const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

// Shape only: performJwtLogin checks URLs, header names and values, paths and the body in detail.
const inputSchema = z.object({
  label: labelSchema,
  environment: environmentSchema,
  method: z.enum(loginMethods, { error: "Choose GET, POST, PUT or PATCH." }),
  url: z.string().trim().min(1, "Enter the login URL."),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.union([z.string().max(65_536, "The body is larger than 64 KB."), z.json()]).optional(),
  removeNulls: z.boolean().default(false),
  tokenPath: z.string().trim().min(1, "Enter where the token sits in the response, e.g. data.token."),
  tokenType: z.preprocess((value) => (value === undefined ? "Bearer" : value), z.string().trim().max(64)),
  headerName: z.preprocess((value) => emptyToUndefined(value) ?? "Authorization", z.string().trim()),
  expiresInSeconds: z.preprocess(emptyToUndefined, z.coerce.number({ error: "The expiry is a whole number of seconds." }).int("The expiry is a whole number of seconds.").positive("The expiry must be at least 1 second.").optional()),
  expiresAtPath: z.preprocess(emptyToUndefined, z.string().trim().optional()),
});

/** A Clay-style HTTP login as the admin describes it: the request, where the token is, how to send it, when it expires. */
export type CreateJwtLoginConnectionInput = {
  workspaceId: string;
  actorId: string | null;
  label: string;
  environment?: string;
  /** Filed under this provider; default the login URL's host. */
  providerKey?: string;
  method: string;
  url: string;
  /** May hold API keys; stored sealed only. */
  headers?: Record<string, string>;
  /** JSON (sent as JSON) or text; may hold passwords; stored sealed only. */
  body?: string | JsonValue;
  removeNulls?: boolean;
  tokenPath: string;
  /** Scheme before the token; default "Bearer", "" for the bare token. */
  tokenType?: string;
  /** Default "Authorization". */
  headerName?: string;
  /** Known lifetime; otherwise expiresAtPath, otherwise the JWT's exp. */
  expiresInSeconds?: number | string;
  expiresAtPath?: string;
};

/**
 * Connects an HTTP API that hands out a token on login (as in Clay's HTTP API): performs the login
 * now, reads the token at the given path, and on success stores the token and the whole request
 * description (which may hold passwords and API keys) sealed, with the expiry when known.
 */
export async function createJwtLoginConnection(ctx: MachineContext, input: CreateJwtLoginConnectionInput): Promise<MachineConnectionCreated> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const settings = parsed.data;
  const config: JwtLoginConfig = {
    v: 1,
    method: "jwt_login",
    request: {
      method: settings.method,
      url: settings.url,
      headers: settings.headers,
      ...(settings.body !== undefined ? { body: settings.body } : {}),
      removeNulls: settings.removeNulls,
      tokenPath: settings.tokenPath,
      tokenType: settings.tokenType,
      headerName: settings.headerName,
      ...(settings.expiresInSeconds !== undefined ? { expiresInSeconds: settings.expiresInSeconds } : {}),
      ...(settings.expiresAtPath !== undefined ? { expiresAtPath: settings.expiresAtPath } : {}),
    },
  };
  const token = await acquireMachineToken(ctx, config);
  const loginHost = hostKeyOf(settings.url);
  return storeMachineConnection(ctx, {
    workspaceId: input.workspaceId,
    actorId: input.actorId,
    providerKey: input.providerKey ?? loginHost,
    label: settings.label,
    environment: settings.environment,
    requestedScopes: [],
    account: { subject: token.subject, email: null, name: null },
    config,
    token,
    auditDetails: { loginHost, tokenPath: settings.tokenPath, headerName: settings.headerName, expirySource: token.expirySource },
  });
}
