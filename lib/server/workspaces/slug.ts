import "server-only";
import { randomBytes } from "node:crypto";

/** A URL-friendly slug from a workspace name, with a short random suffix for uniqueness. */
export function slugifyWorkspaceName(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 40)
    .replace(/^-+|-+$/g, "");
  return `${base || "workspace"}-${randomBytes(3).toString("hex")}`;
}
