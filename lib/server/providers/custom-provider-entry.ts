import "server-only";
import { z } from "zod";
import { ServiceError } from "@/lib/server/errors";
import { draftProviderEntry, slugifyProviderId } from "./draft-provider-entry";
import {
  providerCategories,
  providerEntrySchema,
  scopeSeparators,
  tokenEndpointAuthMethods,
  type ProviderEntry,
} from "./provider-entry-schema";

const optionalUrl = z.string().trim().min(1).optional();

/** The "add a provider by typing the endpoints" form. */
export const customProviderInputSchema = z.strictObject({
  id: z.string().trim().min(1).optional(),
  name: z.string().trim().min(1, "Give the provider a name.").max(80),
  category: z.enum(providerCategories).default("other"),
  kind: z.enum(["oauth2", "oidc"]).default("oauth2"),
  authorizationUrl: z.string().trim().min(1, "The authorization URL is required."),
  tokenUrl: z.string().trim().min(1, "The token URL is required."),
  revocationUrl: optionalUrl,
  introspectionUrl: optionalUrl,
  userinfoUrl: optionalUrl,
  issuer: optionalUrl,
  scopeSeparator: z.enum(scopeSeparators).default(" "),
  defaultScopes: z.array(z.string().trim().min(1)).default([]),
  minimumScopes: z.array(z.string().trim().min(1)).default([]),
  extraAuthorizationParams: z.record(z.string().min(1), z.string()).default({}),
  offlineScope: z.string().trim().min(1).optional(),
  refreshTokensIssued: z.enum(["always", "with_offline_access", "opt_in", "never", "undocumented"]).default("undocumented"),
  tokenEndpointAuthMethod: z.enum(tokenEndpointAuthMethods).default("client_secret_basic"),
  pkce: z.enum(["required", "supported", "unsupported", "undocumented"]).default("undocumented"),
  supportsClientCredentials: z.boolean().optional(),
  docsUrl: optionalUrl,
  notes: z.array(z.string().trim().min(1)).default([]),
});

export type CustomProviderInput = z.input<typeof customProviderInputSchema>;

export interface CustomProviderEntryOptions {
  /** Accept http:// endpoints on loopback hosts (development and tests only). Default false. */
  allowHttpLoopback?: boolean;
}

/** Entry paths (first segment) mapped back to the form field that caused them. */
const fieldOfEntryPath: Record<string, string> = {
  revocation: "revocationUrl",
  tokenInspection: "introspectionUrl",
  docs: "docsUrl",
  accountIdentity: "userinfoUrl",
  refreshTokenPolicy: "refreshTokensIssued",
};

function fieldErrorsOf(issues: readonly z.core.$ZodIssue[], docsTyped: boolean): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const head = String(issue.path[0] ?? "form");
    const field = fieldOfEntryPath[head] ?? head;
    // An untyped docs link defaults to the authorization URL, whose own error already says it all.
    if (field === "docsUrl" && !docsTyped) continue;
    fields[field] ??= issue.message;
  }
  return fields;
}

function invalid(fields: Record<string, string>): ServiceError {
  const first = Object.values(fields)[0] ?? "Check the highlighted fields.";
  return new ServiceError("BAD_REQUEST", `This provider cannot be added: ${first}`, { fieldErrors: fields });
}

/**
 * Validates a provider typed in by hand with the catalog's own schema (https only, http solely for
 * loopback when allowed) and returns its entry. Throws a BAD_REQUEST ServiceError whose fieldErrors
 * are keyed by the form's field names.
 */
export function customProviderEntry(input: CustomProviderInput, options: CustomProviderEntryOptions = {}): ProviderEntry {
  const parsedInput = customProviderInputSchema.safeParse(input);
  if (!parsedInput.success) throw invalid(fieldErrorsOf(parsedInput.error.issues, true));
  const form = parsedInput.data;
  const draft = draftProviderEntry({
    id: slugifyProviderId(form.id ?? form.name),
    name: form.name,
    category: form.category,
    kind: form.kind,
    allowsLoopbackHttp: options.allowHttpLoopback === true,
    authorizationUrl: form.authorizationUrl,
    tokenUrl: form.tokenUrl,
    revocationUrl: form.revocationUrl,
    introspectionUrl: form.introspectionUrl,
    userinfoUrl: form.userinfoUrl,
    issuer: form.issuer,
    scopeSeparator: form.scopeSeparator,
    scopeParameter: form.defaultScopes.length > 0 ? "required" : "optional",
    defaultScopes: form.defaultScopes,
    minimumScopes: form.minimumScopes,
    extraAuthorizationParams: form.extraAuthorizationParams,
    offlineScope: form.offlineScope,
    refreshTokensIssued: form.refreshTokensIssued,
    tokenEndpointAuthMethod: form.tokenEndpointAuthMethod,
    pkce: form.pkce,
    supportsClientCredentials: form.supportsClientCredentials,
    docsUrl: form.docsUrl ?? form.authorizationUrl,
    notes: form.docsUrl === undefined ? [...form.notes, "No documentation link was given."] : form.notes,
  });
  const parsed = providerEntrySchema.safeParse(draft);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error.issues, form.docsUrl !== undefined));
  return parsed.data;
}
