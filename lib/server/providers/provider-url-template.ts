import "server-only";
import { z } from "zod";

/**
 * `{token}` in a revocation or inspection URL stands for the token itself (token placement "path");
 * it is never a template variable.
 */
export const tokenPlaceholder = "token";

const placeholderPattern = /\{([a-z][a-z0-9_]*)\}/g;

/**
 * A `{name}` placeholder in an entry's URLs that varies per connection: Microsoft's tenant, Zoho's
 * accounts server, Pipedrive's company domain. Values are checked against `allowedValues` or
 * `pattern` before they are put into a URL, so a stored value can never move a request to another host.
 */
export const urlTemplateVariableSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, "variable names are lower_snake_case")
      .refine((name) => name !== tokenPlaceholder, "`token` is reserved for the token itself"),
    description: z.string().min(1),
    /** Where the value comes from, e.g. "the accounts-server parameter of the callback". */
    source: z.string().min(1),
    default: z.string().min(1),
    allowedValues: z.array(z.string().min(1)).min(1).optional(),
    /** A regular expression (source text) every value must match in full. */
    pattern: z.string().min(1).optional(),
  })
  .refine((variable) => variable.allowedValues !== undefined || variable.pattern !== undefined, {
    message: "a URL variable needs allowedValues or a pattern",
  })
  .refine((variable) => isAllowedValue(variable, variable.default), {
    message: "the default value must itself be allowed",
    path: ["default"],
  });

export type UrlTemplateVariable = z.infer<typeof urlTemplateVariableSchema>;

function isAllowedValue(variable: { allowedValues?: readonly string[] | undefined; pattern?: string | undefined }, value: string): boolean {
  if (variable.allowedValues !== undefined && !variable.allowedValues.includes(value)) return false;
  if (variable.pattern !== undefined && !new RegExp(`^(?:${variable.pattern})$`).test(value)) return false;
  return true;
}

/** Thrown when a URL template cannot be filled: unknown placeholder or a value that is not allowed. */
export class ProviderUrlTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderUrlTemplateError";
  }
}

/** Names of the `{placeholders}` in a URL template, in order of appearance. */
export function urlTemplatePlaceholders(template: string): string[] {
  return [...template.matchAll(placeholderPattern)].map((match) => match[1] ?? "");
}

/**
 * Fills a catalog URL template. Each variable takes `values[name]` or its default; `{token}` takes
 * `token` when given (and is left in place otherwise). Values must pass the variable's checks.
 */
export function fillProviderUrl(
  template: string,
  variables: readonly UrlTemplateVariable[],
  values: Readonly<Record<string, string>> = {},
  token?: string,
): string {
  return template.replace(placeholderPattern, (placeholder, name: string) => {
    if (name === tokenPlaceholder) return token === undefined ? placeholder : encodeURIComponent(token);
    const variable = variables.find((candidate) => candidate.name === name);
    if (!variable) throw new ProviderUrlTemplateError(`the URL uses {${name}}, which the entry does not declare`);
    const value = values[name] ?? variable.default;
    if (!isAllowedValue(variable, value)) {
      throw new ProviderUrlTemplateError(`"${value}" is not an allowed value for {${name}}`);
    }
    return value;
  });
}
