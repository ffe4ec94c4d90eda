import "server-only";
import { z } from "zod";
import type { ServiceContext } from "@/lib/server/context";
import { invalidInput } from "@/lib/server/errors";
import { customProviderEntry, type CustomProviderInput } from "@/lib/server/providers/custom-provider-entry";
import { discoverProvider } from "@/lib/server/providers/discover-provider";
import { providerCategories, type ProviderCategory } from "@/lib/server/providers/provider-entry-schema";
import { allowsHttpLoopback, appRuntime, type AppRuntime } from "./http-loopback-policy";
import { storeCustomProvider } from "./store-custom-provider";

/** Services of this module read the loopback rule's inputs from `runtime` (tests) or the env. */
export type CustomProviderContext = ServiceContext & { runtime?: AppRuntime };

const discoveryInputSchema = z.object({
  url: z.string().trim().min(1, "Enter the issuer or its discovery URL.").max(2048, "That URL is too long."),
  name: z.string().trim().max(80, "Keep the name under 80 characters.").optional(),
  category: z.enum(providerCategories).optional(),
});

/**
 * Adds a provider from OpenID Connect Discovery or RFC 8414 metadata (an issuer or a full
 * .well-known URL). Throws ProviderDiscoveryError (fieldErrors.url) when the URL or its metadata
 * is unusable; nothing is stored then.
 */
export async function addCustomProviderFromDiscovery(
  ctx: CustomProviderContext,
  input: { actorId: string | null; workspaceId: string; url: string; name?: string; category?: ProviderCategory },
): Promise<{ providerKey: string }> {
  const parsed = discoveryInputSchema.safeParse({ url: input.url, name: input.name, category: input.category });
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const name = parsed.data.name || undefined;
  const entry = await discoverProvider({
    url: parsed.data.url,
    allowHttpLoopback: allowsHttpLoopback(ctx.runtime ?? appRuntime()),
    // A given name also names the key ("Acme login" → acme-login); otherwise the issuer's host does.
    id: name,
    name,
    category: parsed.data.category,
  });
  return storeCustomProvider(ctx, { actorId: input.actorId, workspaceId: input.workspaceId, entry, source: "discovery" });
}

const typedUrlFields = ["authorizationUrl", "tokenUrl", "revocationUrl", "introspectionUrl", "userinfoUrl", "issuer", "docsUrl"] as const;

/** True when any typed URL is plain http (only then may the entry carry allowsLoopbackHttp). */
function typesHttpUrl(input: CustomProviderInput): boolean {
  return typedUrlFields.some((field) => /^\s*http:/i.test(input[field] ?? ""));
}

/**
 * Adds a provider whose endpoints the admin typed in, validated like a catalog entry. Throws a
 * BAD_REQUEST ServiceError whose fieldErrors are keyed by the form's field names.
 */
export async function addCustomProviderFromEndpoints(
  ctx: CustomProviderContext,
  input: { actorId: string | null; workspaceId: string; input: CustomProviderInput },
): Promise<{ providerKey: string }> {
  const allowHttpLoopback = typesHttpUrl(input.input) && allowsHttpLoopback(ctx.runtime ?? appRuntime());
  const entry = customProviderEntry(input.input, { allowHttpLoopback });
  return storeCustomProvider(ctx, { actorId: input.actorId, workspaceId: input.workspaceId, entry, source: "endpoints" });
}
