"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requirePageContext } from "../auth/guards";
import { vaultContext } from "../connect/connect-context";
import { splitScopeText } from "../connect/machine/connection-fields";
import { createClientCredentialsConnection } from "../connect/machine/create-client-credentials-connection";
import { createJwtBearerConnection } from "../connect/machine/create-jwt-bearer-connection";
import { createJwtLoginConnection } from "../connect/machine/create-jwt-login-connection";
import { readKeyUpload } from "../connect/machine/key-upload";
import { parseHeaderLines, parseLoginBody } from "../connect/machine/login-form-fields";
import { renewMachineConnection } from "../connect/machine/renew-machine-connection";
import { formText, toActionState, type ActionState } from "./action-state";

// Secrets (client secret, private key, key file, login headers and body) are read from the form
// directly and never copied into `values`, which the form echoes back after an error.

/** A secret field as typed, or undefined when empty. */
function secretField(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A URL is echoed back only without a query string (which may carry an API key). */
function withoutQueryUrl(values: Record<string, string>, name: string): Record<string, string> {
  const url = values[name] ?? "";
  return url.includes("?") ? { ...values, [name]: "" } : values;
}

/** Client credentials: gets a token now; on success stores the connection and opens its page. */
export async function createClientCredentialsConnectionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const urlValues = Object.fromEntries([...form.keys()].filter((key) => key.startsWith("url.")).map((key) => [key.slice(4), String(form.get(key) ?? "")]));
  const values = withoutQueryUrl(
    { ...formText(form, ["providerKey", "tokenUrl", "clientId", "authMethod", "keyId", "scopes", "label", "environment"]), ...Object.fromEntries(Object.entries(urlValues).map(([name, value]) => [`url.${name}`, value])) },
    "tokenUrl",
  );
  let connectionId: string;
  try {
    ({ connectionId } = await createClientCredentialsConnection(vaultContext(), {
      workspaceId: context.workspace.id,
      actorId: context.user.id,
      providerKey: values.providerKey ?? "",
      tokenUrl: form.get("tokenUrl") === null ? undefined : String(form.get("tokenUrl")),
      urlValues,
      clientId: values.clientId ?? "",
      authMethod: values.authMethod ?? "",
      clientSecret: secretField(form, "clientSecret"),
      privateKeyPem: secretField(form, "privateKey"),
      keyId: values.keyId,
      scopes: splitScopeText(values.scopes ?? ""),
      label: values.label ?? "",
      environment: values.environment || undefined,
    }));
  } catch (error) {
    return toActionState(error, values);
  }
  revalidatePath("/connections");
  redirect(`/connections/${connectionId}?connected=1`);
}

/** Service account (JWT bearer): reads the uploaded JSON key, exchanges an assertion now, stores the connection. */
export async function createJwtBearerConnectionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = formText(form, ["scopes", "subject", "label", "environment"]);
  let connectionId: string;
  try {
    const serviceAccountKey = await readKeyUpload(form.get("serviceAccountKey"));
    ({ connectionId } = await createJwtBearerConnection(vaultContext(), {
      workspaceId: context.workspace.id,
      actorId: context.user.id,
      serviceAccountKey,
      scopes: splitScopeText(values.scopes ?? ""),
      subject: values.subject,
      label: values.label ?? "",
      environment: values.environment || undefined,
    }));
  } catch (error) {
    return toActionState(error, values);
  }
  revalidatePath("/connections");
  redirect(`/connections/${connectionId}?connected=1`);
}

/** JWT login (HTTP API): performs the described login now; on success stores the token and the sealed request. */
export async function createJwtLoginConnectionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = withoutQueryUrl(formText(form, ["method", "url", "tokenPath", "tokenType", "headerName", "expiresInSeconds", "label", "environment"]), "url");
  values.removeNulls = form.get("removeNulls") === null ? "" : "on";
  let connectionId: string;
  try {
    const headers = parseHeaderLines(String(form.get("headers") ?? ""));
    const body = parseLoginBody(String(form.get("body") ?? ""), headers);
    ({ connectionId } = await createJwtLoginConnection(vaultContext(), {
      workspaceId: context.workspace.id,
      actorId: context.user.id,
      label: values.label ?? "",
      environment: values.environment || undefined,
      method: values.method ?? "",
      url: String(form.get("url") ?? ""),
      headers,
      body,
      removeNulls: form.get("removeNulls") !== null,
      tokenPath: values.tokenPath ?? "",
      tokenType: values.tokenType ?? "Bearer",
      headerName: values.headerName,
      expiresInSeconds: values.expiresInSeconds,
    }));
  } catch (error) {
    return toActionState(error, values);
  }
  revalidatePath("/connections");
  redirect(`/connections/${connectionId}?connected=1`);
}

/** "Renew now": repeats the connection's token acquisition from its sealed settings. */
export async function renewMachineConnectionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const connectionId = String(form.get("connectionId") ?? "");
  let message: string;
  try {
    const renewal = await renewMachineConnection(vaultContext(), { workspaceId: context.workspace.id, connectionId, actorId: context.user.id });
    message = renewal.expiresAt ? "Renewed: Authpulse got a fresh token. Its expiry is shown under Tokens." : "Renewed: Authpulse got a fresh token. The provider did not say when it expires.";
  } catch (error) {
    revalidatePath(`/connections/${connectionId}`);
    return toActionState(error);
  }
  revalidatePath(`/connections/${connectionId}`);
  return { ok: true, message };
}
