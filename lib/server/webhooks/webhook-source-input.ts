import { z } from "zod";

export const webhookSchemeIds = ["stripe", "github", "slack", "shopify", "hubspot_v3", "twilio", "standard_webhooks", "generic_hmac"] as const;

/** What an admin enters to add an inbound webhook source. */
export const webhookSourceInput = z.object({
  name: z.string({ error: "Name the source." }).trim().min(1, "Name the source.").max(100, "Use at most 100 characters."),
  credentialId: z.string({ error: "Choose the signing secret." }).trim().min(1, "Choose the signing secret."),
  scheme: z.enum(webhookSchemeIds, { error: "Choose the sender's signature scheme." }),
  toleranceSeconds: z.coerce.number({ error: "Enter a number of seconds." }).int("Enter whole seconds.").min(30, "At least 30 seconds.").max(3600, "At most one hour (3600 s)."),
  signedUrl: z
    .string()
    .trim()
    .max(500, "Use at most 500 characters.")
    .transform((v) => (v === "" ? null : v.replace(/\?.*$/, "")))
    .pipe(z.url({ protocol: /^https?$/, error: "Enter the URL the sender posts to (https://…), without a query string." }).nullable())
    .optional()
    .transform((v) => v ?? null),
});

export type WebhookSourceInput = z.input<typeof webhookSourceInput>;
