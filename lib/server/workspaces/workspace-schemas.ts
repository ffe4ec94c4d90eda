import { z } from "zod";

export const workspaceNameSchema = z.string().trim().min(2, "Use at least 2 characters.").max(80, "Use at most 80 characters.");
export const personNameSchema = z.string().trim().min(1, "Enter a name.").max(120, "Use at most 120 characters.");
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address."));
export const roleSchema = z.enum(["admin", "viewer"], { error: "Choose admin or viewer." });
