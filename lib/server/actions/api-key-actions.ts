"use server";
import { revalidatePath } from "next/cache";
import { systemClock } from "@/lib/clock";
import { parseTagList, uniqueTags } from "../api-keys/api-key-format";
import { createApiKey, revokeApiKey } from "../api-keys/manage-api-keys";
import { requirePageContext } from "../auth/guards";
import { db } from "../db";
import { env } from "../env";
import { toActionState, type ActionState } from "./action-state";

const ctx = () => ({ db: db(), clock: systemClock });

/** The create form's state: on success, the full key (this response only) and a ready curl example. */
export type ApiKeyActionState = ActionState & { key?: string; curl?: string; masked?: string };

/** Creates a read-only Authpulse API key scoped to the chosen credentials, tags and/or connections; the full key is returned exactly once. */
export async function createApiKeyAction(_prev: ApiKeyActionState, form: FormData): Promise<ApiKeyActionState> {
  const context = await requirePageContext({ role: "admin" });
  const name = String(form.get("name") ?? "");
  const mode = String(form.get("mode") ?? "");
  const expiresRaw = String(form.get("expiresInDays") ?? "").trim();
  const credentialIds = form.getAll("credentialIds").map(String);
  const connectionIds = form.getAll("connectionIds").map(String);
  // Suggested workflow labels arrive whole as checked boxes (a label may hold a comma); typed ones as one comma-separated field.
  const suggestedTags = form.getAll("suggestedTags").map(String);
  const typedTags = String(form.get("tags") ?? "");
  const tags = uniqueTags([...suggestedTags, ...parseTagList(typedTags)]);
  const values = { name, mode, expiresInDays: expiresRaw, credentialIds: credentialIds.join(","), connectionIds: connectionIds.join(","), suggestedTags: JSON.stringify(suggestedTags), tags: typedTags };
  try {
    const expiresInDays = expiresRaw === "" ? null : Number(expiresRaw);
    const { key, apiKey } = await createApiKey(ctx(), {
      actorId: context.user.id,
      workspaceId: context.workspace.id,
      name,
      mode: mode as "live" | "test",
      credentialIds,
      tags,
      connectionIds,
      expiresInDays,
    });
    revalidatePath("/settings/api-keys");
    const base = env().NEXTAUTH_URL.replace(/\/$/, "");
    // The example reads what the key can reach: a credential, else a connection's fresh access token.
    const firstCredential = apiKey.scope[0]?.id;
    const firstConnection = apiKey.connections[0]?.id;
    const path = firstCredential || !firstConnection ? `credentials/${firstCredential ?? "<credential-id>"}` : `connections/${firstConnection}/access-token`;
    const curl = `curl -H "Authorization: Bearer ${key}" ${base}/api/v1/${path}`;
    return { ok: true, message: `API key “${apiKey.name}” created (${apiKey.masked}).`, key, curl, masked: apiKey.masked };
  } catch (error) {
    return toActionState(error, values);
  }
}

/** Revokes an Authpulse API key at once; calls with it get 401 from then on. */
export async function revokeApiKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  try {
    const view = await revokeApiKey(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, apiKeyId: String(form.get("apiKeyId") ?? "") });
    revalidatePath("/settings/api-keys");
    return { ok: true, message: `API key “${view.name}” revoked.` };
  } catch (error) {
    return toActionState(error);
  }
}
