"use server";
import { revalidatePath } from "next/cache";
import { systemClock } from "@/lib/clock";
import { acknowledgeAlert, snoozeAlert } from "../alerts/manage-alerts";
import { createAlertChannel, deleteAlertChannel, setAlertChannelEnabled, updateAlertChannel } from "../alerts/manage-channels";
import { sendTestMessage } from "../alerts/send-test-message";
import { requirePageContext } from "../auth/guards";
import { allowsHttpLoopback, appRuntime } from "../connect/custom/http-loopback-policy";
import { db } from "../db";
import { env } from "../env";
import { runtimeKeyring } from "../vault/runtime-keyring";
import { formText, toActionState, type ActionState } from "./action-state";

const ctx = () => ({ db: db(), clock: systemClock, keyring: runtimeKeyring() });
const SETTINGS = "/settings/alerts";
// Echoed back into the form on error: never the secret fields (url, secret, password).
const ECHO = ["kind", "name", "host", "port", "security", "user", "from", "to"];
const SECRET_FIELDS = ["url", "secret", "password"];
const formValues = (form: FormData) => Object.fromEntries([...ECHO, ...SECRET_FIELDS].map((n) => [n, String(form.get(n) ?? "")]));

/** A channel form's state; `secret` is a generated webhook signing secret, shown in this response only. */
export type ChannelActionState = ActionState & { secret?: string };

/** Adds a Slack, webhook or e-mail channel to the workspace. */
export async function createAlertChannelAction(_prev: ChannelActionState, form: FormData): Promise<ChannelActionState> {
  const context = await requirePageContext({ role: "admin" });
  try {
    const result = await createAlertChannel(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, kind: String(form.get("kind") ?? ""), form: formValues(form), rule: { allowHttpLoopback: allowsHttpLoopback(appRuntime()) } });
    revalidatePath(SETTINGS);
    return { ok: true, message: result.generatedSecret ? `Channel “${result.name}” added. Copy its signing secret now: it is not shown again.` : `Channel “${result.name}” added. Send a test message to check it.`, secret: result.generatedSecret ?? undefined };
  } catch (error) {
    return toActionState(error, formText(form, ECHO));
  }
}

/** Edits a channel; blank secret fields keep the stored values. */
export async function updateAlertChannelAction(_prev: ChannelActionState, form: FormData): Promise<ChannelActionState> {
  const context = await requirePageContext({ role: "admin" });
  try {
    const result = await updateAlertChannel(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, channelId: String(form.get("channelId") ?? ""), form: formValues(form), rule: { allowHttpLoopback: allowsHttpLoopback(appRuntime()) } });
    revalidatePath(SETTINGS);
    return { ok: true, message: `Channel “${result.name}” saved.`, secret: result.generatedSecret ?? undefined };
  } catch (error) {
    return toActionState(error, formText(form, ECHO));
  }
}

/** Turns a channel on or off. */
export async function toggleAlertChannelAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  try {
    const enabled = String(form.get("enabled")) === "true";
    const result = await setAlertChannelEnabled(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, channelId: String(form.get("channelId") ?? ""), enabled });
    revalidatePath(SETTINGS);
    return { ok: true, message: `Channel “${result.name}” ${enabled ? "enabled" : "disabled"}.` };
  } catch (error) {
    return toActionState(error);
  }
}

/** Deletes a channel. */
export async function deleteAlertChannelAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  try {
    const result = await deleteAlertChannel(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, channelId: String(form.get("channelId") ?? "") });
    revalidatePath(SETTINGS);
    return { ok: true, message: `Channel “${result.name}” deleted.` };
  } catch (error) {
    return toActionState(error);
  }
}

/** Sends a test message to one channel and reports what happened. */
export async function sendTestMessageAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  try {
    const result = await sendTestMessage(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, channelId: String(form.get("channelId") ?? ""), appUrl: env().NEXTAUTH_URL });
    revalidatePath(SETTINGS);
    return result.ok ? { ok: true, message: `Test message delivered to “${result.name}”.` } : { ok: false, message: `Not delivered to “${result.name}”: ${result.error}` };
  } catch (error) {
    return toActionState(error);
  }
}

/** Acknowledges an alert (no more reminders). */
export async function acknowledgeAlertAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  try {
    const result = await acknowledgeAlert(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, alertId: String(form.get("alertId") ?? "") });
    revalidatePath("/alerts");
    return { ok: true, message: `Acknowledged: ${result.title}. No more reminders; you will still hear when it recovers.` };
  } catch (error) {
    return toActionState(error);
  }
}

/** Snoozes an alert for the chosen hours (0 ends the snooze). */
export async function snoozeAlertAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  try {
    const result = await snoozeAlert(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, alertId: String(form.get("alertId") ?? ""), hours: Number(form.get("hours") ?? NaN) });
    revalidatePath("/alerts");
    return { ok: true, message: result.until ? `Snoozed until ${result.until.toISOString().slice(0, 16).replace("T", " ")} UTC.` : "Snooze ended." };
  } catch (error) {
    return toActionState(error);
  }
}
