"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requirePageContext } from "../auth/guards";
import { addCustomProviderFromDiscovery, addCustomProviderFromEndpoints } from "../connect/custom/add-custom-provider";
import { endpointFormValues, endpointInputFromForm } from "../connect/custom/custom-provider-form";
import { deleteCustomProvider } from "../connect/custom/delete-custom-provider";
import { db } from "../db";
import { systemClock } from "@/lib/clock";
import { formText, toActionState, type ActionState } from "./action-state";

const serviceContext = () => ({ db: db(), clock: systemClock });

/** Adds a provider from its issuer or .well-known URL, then opens its Connect page. */
export async function addCustomProviderFromDiscoveryAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = formText(form, ["url"]);
  let providerKey: string;
  try {
    ({ providerKey } = await addCustomProviderFromDiscovery(serviceContext(), { actorId: context.user.id, workspaceId: context.workspace.id, url: values.url ?? "" }));
  } catch (error) {
    return toActionState(error, values);
  }
  revalidatePath("/connections/new");
  redirect(`/connections/new/${encodeURIComponent(providerKey)}`);
}

/** Adds a provider from endpoints typed by hand, then opens its Connect page. */
export async function addCustomProviderFromEndpointsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = endpointFormValues(form);
  let providerKey: string;
  try {
    ({ providerKey } = await addCustomProviderFromEndpoints(serviceContext(), { actorId: context.user.id, workspaceId: context.workspace.id, input: endpointInputFromForm(values) }));
  } catch (error) {
    return toActionState(error, values);
  }
  revalidatePath("/connections/new");
  redirect(`/connections/new/${encodeURIComponent(providerKey)}`);
}

/** Deletes a custom provider nothing refers to any more. */
export async function deleteCustomProviderAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const providerKey = String(form.get("providerKey") ?? "");
  try {
    await deleteCustomProvider(serviceContext(), { actorId: context.user.id, workspaceId: context.workspace.id, providerKey });
  } catch (error) {
    return toActionState(error);
  }
  revalidatePath("/connections/new");
  redirect("/connections/new/custom?deleted=1");
}
