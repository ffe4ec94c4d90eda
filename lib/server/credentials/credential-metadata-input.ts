import "server-only";
import { z } from "zod";
import { credentialEnvironments } from "./credential-settings";

export const NORMAL_ROTATION_DAYS = 90;
export const SENSITIVE_ROTATION_DAYS = 30;

const dedupe = (values: string[]) => [...new Set(values)];
const looksLikeEmail = (value: string) => value.includes("@");

/** The metadata every credential has, whatever its method. */
export const credentialMetadataInput = z.object({
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(120, "Use at most 120 characters."),
  provider: z.string({ error: "Enter the provider or system." }).trim().min(1, "Enter the provider or system.").max(120, "Use at most 120 characters."),
  environment: z.enum(credentialEnvironments, { error: "Choose prod, staging or dev." }).default("prod"),
  ownerId: z
    .string()
    .trim()
    .max(64, "Choose a member of this workspace.")
    .nullish()
    .transform((v) => (v ? v : null)),
  workflows: z
    .array(z.string().trim().min(1, "A workflow label cannot be empty.").max(120, "Use at most 120 characters per workflow."), { error: "List the workflows as labels." })
    .max(50, "List at most 50 workflows.")
    .default([])
    .transform(dedupe),
  peopleWithAccess: z
    .array(
      z
        .string()
        .trim()
        .min(1, "A person cannot be empty.")
        .max(320, "Use at most 320 characters per person.")
        .refine((v) => !looksLikeEmail(v) || z.email().safeParse(v).success, "This email address is not valid.")
        .transform((v) => (looksLikeEmail(v) ? v.toLowerCase() : v)),
      { error: "List people as user ids or email addresses." },
    )
    .max(200, "List at most 200 people.")
    .default([])
    .transform(dedupe),
  sensitive: z.boolean({ error: "Say whether the credential is sensitive." }).default(false),
  /** Defaults to 90 days, or 30 when sensitive. */
  rotationIntervalDays: z.number({ error: "Enter a number of days." }).int("Enter a whole number of days.").min(1, "Rotate at least every 3650 days, at most every day.").max(3650, "Rotate at least every 3650 days, at most every day.").optional(),
  /** When the secret was last rotated where it came from (imports of existing keys); defaults to now. */
  lastRotatedAt: z.coerce.date({ error: "Enter a valid date." }).optional(),
  /** An expiry the provider set (mTLS takes the certificate's notAfter instead). */
  expiresAt: z.coerce.date({ error: "Enter a valid date." }).optional(),
});

export type CredentialMetadataInput = z.input<typeof credentialMetadataInput>;
export type ParsedCredentialMetadata = z.output<typeof credentialMetadataInput>;

/** The rotation interval: the admin's choice, else 30 days for sensitive credentials and 90 for the rest. */
export function rotationIntervalFor(input: { sensitive: boolean; rotationIntervalDays?: number }): number {
  return input.rotationIntervalDays ?? (input.sensitive ? SENSITIVE_ROTATION_DAYS : NORMAL_ROTATION_DAYS);
}
