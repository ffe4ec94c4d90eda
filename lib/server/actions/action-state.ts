import { isServiceError } from "../errors";
import { logger } from "../logger";

/** What a form's server action returns to the form: a safe message and per-field errors. */
export type ActionState = { ok?: boolean; message?: string; fields?: Record<string, string>; values?: Record<string, string>; link?: string };

/** Turns a thrown error into form state; unknown errors are logged and get a generic message. */
export function toActionState(error: unknown, values?: Record<string, string>): ActionState {
  if (isServiceError(error)) return { message: error.message, fields: error.fieldErrors, values };
  logger().error({ err: error instanceof Error ? { name: error.name, message: error.message } : String(error) }, "server action failed");
  return { message: "Something went wrong on our side. Nothing was changed; try again.", values };
}

/** Reads named text fields of a form (never passwords into `values`, which are echoed back). */
export function formText(form: FormData, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, String(form.get(n) ?? "")]));
}
