import "server-only";
import { z } from "zod";

/** Environments a connection can be tagged with. */
export const connectionEnvironments = ["prod", "staging", "sandbox", "dev"] as const;

/** The connection's name, shown everywhere. */
export const labelSchema = z.string().trim().min(1, "Name this connection (e.g. “Salesforce – nightly sync”).").max(120, "Keep the name under 120 characters.");

export const environmentSchema = z.enum(connectionEnvironments, { error: "Choose prod, staging, sandbox or dev." }).default("prod");

/** Requested scopes: one word each, no separators inside (the provider's separator joins them). */
export const scopesSchema = z
  .array(z.string().trim().regex(/^[^\s,]{1,512}$/, "A scope is one word, without spaces or commas."))
  .max(100, "Request at most 100 scopes.")
  .transform((scopes) => [...new Set(scopes)]);

/** Splits what an admin typed in a scopes box ("a b", "a,b", one per line). */
export function splitScopeText(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** The provider key a generic endpoint is filed under: its host name (catalog ids never contain dots). */
export function hostKeyOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().slice(0, 80) || "custom";
  } catch {
    return "custom";
  }
}

/** An endpoint as it may be shown: origin and path, with any query string elided (it may hold an API key). */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search ? "?…" : ""}`;
  } catch {
    return "(invalid URL)";
  }
}
