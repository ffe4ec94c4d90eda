"use server";
import { redirect } from "next/navigation";
import { systemClock } from "@/lib/clock";
import { db } from "../db";
import { completeSetup } from "../setup/complete-setup";
import { formText, toActionState, type ActionState } from "./action-state";

/** Creates the first admin from the set-up form, then sends them to log in. */
export async function completeSetupAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formText(form, ["name", "email", "workspaceName"]);
  try {
    await completeSetup({ db: db(), clock: systemClock }, { ...values, token: String(form.get("token") ?? ""), password: String(form.get("password") ?? "") });
  } catch (error) {
    return toActionState(error, values);
  }
  redirect("/login?setup=done");
}
