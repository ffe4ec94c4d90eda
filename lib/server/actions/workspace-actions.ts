"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { systemClock } from "@/lib/clock";
import { requirePageContext } from "../auth/guards";
import { db } from "../db";
import { createWorkspace, renameWorkspace } from "../workspaces/create-workspace";
import { setCurrentWorkspace } from "../workspaces/current-workspace-cookie";
import { formText, toActionState, type ActionState } from "./action-state";
import { ZodError } from "zod";

function fieldError(error: unknown, values: Record<string, string>): ActionState {
  if (error instanceof ZodError) return { message: "Check the highlighted fields.", fields: { name: error.issues[0]?.message ?? "Invalid name." }, values };
  return toActionState(error, values);
}

/** Renames the current workspace (admins only). */
export async function renameWorkspaceAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = formText(form, ["name"]);
  try {
    await renameWorkspace({ db: db(), clock: systemClock }, { actorId: context.user.id, workspaceId: context.workspace.id, name: values.name ?? "" });
  } catch (error) {
    return fieldError(error, values);
  }
  revalidatePath("/", "layout");
  return { ok: true, message: "Workspace renamed.", values };
}

/** Creates another workspace with the current user as admin and switches to it. */
export async function createWorkspaceAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext();
  const values = formText(form, ["name"]);
  let workspaceId: string;
  try {
    workspaceId = (await createWorkspace({ db: db(), clock: systemClock }, { actorId: context.user.id, name: values.name ?? "" })).id;
  } catch (error) {
    return fieldError(error, values);
  }
  await setCurrentWorkspace(workspaceId);
  redirect("/overview");
}
