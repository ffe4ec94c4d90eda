"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { isFormMethod, echoValues, parseCreateForm, parseOverlapHours, parseRotationSecret } from "@/components/credentials/credential-form-fields";
import { requirePageContext } from "../auth/guards";
import { vaultContext } from "../connect/connect-context";
import { createCredential, type CreateCredentialInput } from "../credentials/create-credential";
import { deleteCredential } from "../credentials/delete-credential";
import { findCredentialDetail } from "../credentials/get-credential";
import { rotateCredential } from "../credentials/rotate-credential";
import { toActionState, type ActionState } from "./action-state";

// Secrets (API keys, passwords, tokens, signing secrets, PEM keys) are read from the form by the
// parsers and never copied into `values`, which the form echoes back after an error.

const text = (form: FormData) => (name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : null;
};

/** Stores a new credential of the chosen method; on success opens its detail page. */
export async function createCredentialAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const read = text(form);
  const method = read("method");
  if (!isFormMethod(method)) return { message: "Choose the kind of credential first.", fields: { method: "Choose the kind of credential." } };
  const values = echoValues(method, read);
  let credentialId: string;
  try {
    const input = parseCreateForm(method, read) as CreateCredentialInput;
    ({ credential: { id: credentialId } } = await createCredential(vaultContext(), { actorId: context.user.id, workspaceId: context.workspace.id, input }));
  } catch (error) {
    return toActionState(error, values);
  }
  revalidatePath("/credentials");
  redirect(`/credentials/${encodeURIComponent(credentialId)}?created=1`);
}

/** Rotates a credential: the new secret becomes active, the old one stays valid for the overlap window. */
export async function rotateCredentialAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const read = text(form);
  const credentialId = read("credentialId") ?? "";
  const values = { overlapHours: read("overlapHours") ?? "24" };
  try {
    const ctx = vaultContext();
    const current = await findCredentialDetail(ctx, { workspaceId: context.workspace.id, credentialId });
    if (!current) return { message: "This credential no longer exists." };
    await rotateCredential(ctx, {
      actorId: context.user.id,
      workspaceId: context.workspace.id,
      credentialId,
      newSecret: parseRotationSecret(current.method, read),
      overlapHours: parseOverlapHours(read("overlapHours")),
    });
  } catch (error) {
    return toActionState(error, values);
  }
  revalidatePath("/credentials");
  revalidatePath(`/credentials/${credentialId}`);
  redirect(`/credentials/${encodeURIComponent(credentialId)}?rotated=1`);
}

/** Soft-deletes a credential after the admin confirmed by typing its name. */
export async function deleteCredentialAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const read = text(form);
  const credentialId = read("credentialId") ?? "";
  try {
    const ctx = vaultContext();
    const current = await findCredentialDetail(ctx, { workspaceId: context.workspace.id, credentialId });
    if (!current) return { message: "This credential no longer exists." };
    if ((read("confirmName") ?? "").trim() !== current.name) return { message: "Type the credential's name exactly to confirm.", fields: { confirmName: `Type ${current.name} to confirm.` } };
    await deleteCredential(ctx, { actorId: context.user.id, workspaceId: context.workspace.id, credentialId });
  } catch (error) {
    return toActionState(error);
  }
  revalidatePath("/credentials");
  redirect("/credentials?deleted=1");
}
