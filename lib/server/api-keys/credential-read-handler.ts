import "server-only";
import type { ServiceContext } from "../context";
import type { Keyring } from "../vault/keyring";
import { apiRoute } from "./api-route";
import { readCredentialWithApiKey } from "./read-credential";

/** GET /api/v1/credentials/{credentialId}, built on an injected context (the app passes vaultContext). */
export function credentialReadHandler(getCtx: () => ServiceContext & { keyring: Keyring }) {
  return apiRoute<ServiceContext & { keyring: Keyring }, { credentialId: string }>(getCtx, async (_request, { params, ctx, apiKey, meta }) => {
    const body = await readCredentialWithApiKey(ctx, { apiKey, credentialId: params.credentialId, meta });
    return Response.json(body);
  });
}
