import "server-only";
import type { CustomProviderInput } from "@/lib/server/providers/custom-provider-entry";

/** The text fields of the "Type the endpoints" form, echoed back when it has errors. */
export const endpointFormFields = [
  "name",
  "authorizationUrl",
  "tokenUrl",
  "revocationUrl",
  "userinfoUrl",
  "issuer",
  "scopeSeparator",
  "defaultScopes",
  "tokenEndpointAuthMethod",
  "pkce",
] as const;

export type EndpointFormValues = Record<(typeof endpointFormFields)[number], string>;

/** Reads the form's text fields ("" when absent). */
export function endpointFormValues(form: FormData): EndpointFormValues {
  return Object.fromEntries(endpointFormFields.map((name) => [name, String(form.get(name) ?? "")])) as EndpointFormValues;
}

/** Scopes as typed: one per word, commas or spaces between them, duplicates dropped. */
export function splitScopes(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** Select values for the scope separator; words, because a lone space does not survive forms well. */
export const scopeSeparatorChoices = { space: " ", comma: ",", plus: "+" } as const;

function separatorOf(choice: string): CustomProviderInput["scopeSeparator"] {
  if (choice === "") return " ";
  const known = Object.hasOwn(scopeSeparatorChoices, choice) ? scopeSeparatorChoices[choice as keyof typeof scopeSeparatorChoices] : choice;
  return known as CustomProviderInput["scopeSeparator"];
}

const optional = (text: string) => (text.trim() === "" ? undefined : text.trim());

/**
 * Turns the form into the providers module's input. Asking for `openid` makes the entry OIDC
 * (the account is then read from the id_token). Enum fields pass through as typed on purpose:
 * customProviderEntry parses them with its schema and reports a bad value against its field.
 */
export function endpointInputFromForm(values: EndpointFormValues): CustomProviderInput {
  const defaultScopes = splitScopes(values.defaultScopes);
  return {
    name: values.name,
    kind: defaultScopes.includes("openid") ? "oidc" : "oauth2",
    authorizationUrl: values.authorizationUrl,
    tokenUrl: values.tokenUrl,
    revocationUrl: optional(values.revocationUrl),
    userinfoUrl: optional(values.userinfoUrl),
    issuer: optional(values.issuer),
    scopeSeparator: separatorOf(values.scopeSeparator),
    defaultScopes,
    tokenEndpointAuthMethod: (values.tokenEndpointAuthMethod || "client_secret_basic") as CustomProviderInput["tokenEndpointAuthMethod"],
    pkce: (values.pkce || "undocumented") as CustomProviderInput["pkce"],
  };
}
