"use server";
import { revalidatePath } from "next/cache";
import { systemClock } from "@/lib/clock";
import { requirePageContext } from "../auth/guards";
import { db } from "../db";
import { createWebhookSource, deleteWebhookSource, setWebhookSourceEnabled } from "../webhooks/manage-webhook-sources";
import { formText, toActionState, type ActionState } from "./action-state";

const ctx = () => ({ db: db(), clock: systemClock });

/** Adds an inbound webhook source; the new endpoint URL is shown on the page. */
export async function createWebhookSourceAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = formText(form, ["name", "credentialId", "scheme", "toleranceSeconds", "signedUrl"]);
  try {
    const { id } = await createWebhookSource(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, input: { name: values.name!, credentialId: values.credentialId!, scheme: values.scheme as never, toleranceSeconds: values.toleranceSeconds!, signedUrl: values.signedUrl } });
    revalidatePath("/webhooks");
    return { ok: true, message: `Webhook source “${values.name!.trim()}” added. Give the sender its endpoint URL below.`, link: `#source-${id}` };
  } catch (error) {
    return toActionState(error, values);
  }
}

/** Turns a source off (deliveries get 404) or on again. */
export async function toggleWebhookSourceAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const enabled = form.get("enabled") === "true";
  try {
    await setWebhookSourceEnabled(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, sourceId: String(form.get("sourceId") ?? ""), enabled });
    revalidatePath("/webhooks");
    return { ok: true, message: enabled ? "Source enabled: deliveries are verified again." : "Source disabled: deliveries now get 404." };
  } catch (error) {
    return toActionState(error);
  }
}

/** Deletes a source and its kept deliveries; the signing secret stays in the vault. */
export async function deleteWebhookSourceAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  try {
    await deleteWebhookSource(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, sourceId: String(form.get("sourceId") ?? "") });
    revalidatePath("/webhooks");
    return { ok: true, message: "Source deleted. Its signing secret is still in Credentials." };
  } catch (error) {
    return toActionState(error);
  }
}
