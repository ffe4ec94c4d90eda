"use server";
import { revalidatePath } from "next/cache";
import { requirePageContext } from "../auth/guards";
import { vaultContext } from "../connect/connect-context";
import { logger } from "../logger";
import { refreshNow } from "../refresh/refresh-now";
import { toActionState, type ActionState } from "./action-state";

const messages: Record<string, string> = {
  refreshed: "Refreshed: the provider issued a new access token.",
  busy: "A worker is refreshing this connection right now; its result appears below in a moment.",
  gone: "The connection was disconnected while it was being refreshed.",
  fenced: "Another refresh took over; its result appears below.",
};

/** "Refresh now" on a connection page: one inline refresh under the engine's lease and fencing. */
export async function refreshNowAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const connectionId = String(form.get("connectionId") ?? "");
  try {
    const result = await refreshNow({ ...vaultContext(), log: logger() }, { workspaceId: context.workspace.id, connectionId, actorId: context.user.id });
    revalidatePath(`/connections/${connectionId}`);
    if (result.outcome === "failed") return { ok: false, message: result.reason ?? "The refresh failed; see the events below." };
    return { ok: true, message: messages[result.outcome] ?? "Done." };
  } catch (error) {
    revalidatePath(`/connections/${connectionId}`);
    return toActionState(error);
  }
}
