import "server-only";
import type { z } from "zod";
import { invalidInput } from "@/lib/server/errors";

/** Validates a building block's input with zod; a failure throws a BAD_REQUEST ServiceError with per-field messages (never the values). */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, message = "Check the connection settings."): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues, message);
  return parsed.data;
}
