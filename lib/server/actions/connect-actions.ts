"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requirePageContext } from "../auth/guards";
import { oauthRedirectUri, vaultContext } from "../connect/connect-context";
import { disconnectConnection } from "../connect/disconnect-connection";
import { registerOAuthApp } from "../connect/oauth-apps";
import { findEntry, resolveFlow } from "../connect/resolve-provider";
import { startAuthorization } from "../connect/start-authorization";
import { ServiceError } from "../errors";
import { formText, toActionState, type ActionState } from "./action-state";

/** Registers or replaces the OAuth app (client id + sealed secret) for a provider. */
export async function registerOAuthAppAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = formText(form, ["providerKey", "clientId", "authMethod", "refreshSpecialCase"]);
  try {
    const entry = await findEntry(vaultContext(), { workspaceId: context.workspace.id, providerKey: values.providerKey ?? "" });
    const specialCase = values.refreshSpecialCase ?? "";
    if (specialCase !== "" && !entry.refreshTokenPolicy.specialCases.some((c) => c.condition === specialCase)) {
      throw new ServiceError("BAD_REQUEST", "Choose one of the listed situations.", { fieldErrors: { refreshSpecialCase: "Choose one of the listed situations." } });
    }
    await registerOAuthApp(vaultContext(), { actorId: context.user.id, workspaceId: context.workspace.id, providerKey: values.providerKey ?? "", clientId: values.clientId ?? "", clientSecret: String(form.get("clientSecret") ?? "") || undefined, authMethod: values.authMethod ?? "", refreshSpecialCase: specialCase || null });
  } catch (error) {
    return toActionState(error, values);
  }
  revalidatePath(`/connections/new/${values.providerKey}`);
  return { ok: true, message: "OAuth app saved. The client secret is sealed and will not be shown again.", values };
}

/** Sends the admin to the provider's consent screen (new connection, or reconnect when connectionId is set). */
export async function startConnectAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = formText(form, ["providerKey", "label", "connectionId", "extraScopes"]);
  const scopes = [...new Set([...form.getAll("scopes").map(String), ...(values.extraScopes ?? "").split(/[\s,]+/).filter(Boolean)])];
  let authorizationUrl: string;
  try {
    const ctx = vaultContext();
    const { provider, client } = await resolveFlow(ctx, { workspaceId: context.workspace.id, providerKey: values.providerKey ?? "" });
    if (values.connectionId) {
      const existing = await ctx.db.connection.findFirst({ where: { id: values.connectionId, workspaceId: context.workspace.id } });
      if (!existing) throw new ServiceError("NOT_FOUND", "Connection not found.");
    }
    ({ authorizationUrl } = await startAuthorization(ctx, {
      workspaceId: context.workspace.id,
      userId: context.user.id,
      sessionId: context.user.sessionId,
      provider,
      appId: client.appId,
      clientId: client.clientId,
      redirectUri: oauthRedirectUri(),
      label: values.label ?? "",
      scopes,
      connectionId: values.connectionId || undefined,
    }));
  } catch (error) {
    return toActionState(error, values);
  }
  redirect(authorizationUrl);
}

/** Revokes at the provider where supported, deletes the tokens, and shows the outcome on the connection page. */
export async function disconnectAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const connectionId = String(form.get("connectionId") ?? "");
  let outcome: string;
  try {
    const ctx = vaultContext();
    const result = await disconnectConnection(ctx, {
      actorId: context.user.id,
      workspaceId: context.workspace.id,
      connectionId,
      resolve: ({ workspaceId, providerKey, appId }) => resolveFlow(ctx, { workspaceId, providerKey, appId }),
    });
    outcome = result.revocation;
  } catch (error) {
    return toActionState(error);
  }
  revalidatePath(`/connections/${connectionId}`);
  redirect(`/connections/${connectionId}?disconnected=${outcome}`);
}
