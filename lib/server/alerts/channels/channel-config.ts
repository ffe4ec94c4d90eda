import "server-only";
import { z } from "zod";
import { isLoopbackHost } from "../../demo-provider/loopback-host";
import { outboundUrlSchema } from "../../oauth/outbound-http";

/** Where http:// (and SMTP without TLS) may be used: loopback only, and only when the app allows it (see http-loopback-policy). */
export type LoopbackRule = { allowHttpLoopback: boolean };

const url = (rule: LoopbackRule) =>
  outboundUrlSchema.refine((value) => !URL.canParse(value) || new URL(value).protocol === "https:" || rule.allowHttpLoopback, "Use https:// (plain http:// is allowed only for localhost in development).");

const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/;
const emailList = z
  .string()
  .trim()
  .min(1, "Enter at least one recipient.")
  .transform((value) => value.split(/[\s,;]+/).filter(Boolean))
  .pipe(z.array(z.email("Enter e-mail addresses separated by commas.")).min(1, "Enter at least one recipient.").max(20, "At most 20 recipients."));

/** The sealed part of each channel kind: everything needed to send (secrets included). */
export const slackConfigSchema = z.object({ kind: z.literal("slack"), url: z.string() });
export const webhookConfigSchema = z.object({ kind: z.literal("webhook"), url: z.string(), secret: z.string().regex(WEBHOOK_SECRET) });
export const emailConfigSchema = z.object({
  kind: z.literal("email"),
  host: z.string(),
  port: z.number().int(),
  security: z.enum(["tls", "starttls", "none"]),
  user: z.string().nullable(),
  password: z.string().nullable(),
  from: z.string(),
  to: z.array(z.string()).min(1),
});
export const channelConfigSchema = z.discriminatedUnion("kind", [slackConfigSchema, webhookConfigSchema, emailConfigSchema]);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;
export type ChannelKind = ChannelConfig["kind"];

/** What may be shown about a channel (stored in alert_channels.settings): hosts and recipients, never URLs' paths or secrets. */
export type ChannelSettings = { host: string; port?: number; security?: string; from?: string; to?: string[]; user?: string | null };
export const channelSettingsSchema = z.object({
  host: z.string(),
  port: z.number().optional(),
  security: z.string().optional(),
  from: z.string().optional(),
  to: z.array(z.string()).optional(),
  user: z.string().nullable().optional(),
});

/** Form input schemas. Secret fields may be left blank on edit ("keep the stored one"). */
export function channelFormSchema(kind: ChannelKind, rule: LoopbackRule, editing: boolean) {
  const name = z.string().trim().min(1, "Name the channel, e.g. #revops-alerts.").max(80, "At most 80 characters.");
  const keep = <T extends z.ZodType>(schema: T) => (editing ? z.union([z.literal(""), schema]) : schema);
  if (kind === "slack") return z.object({ name, url: keep(url(rule)) });
  if (kind === "webhook") {
    // Blank: keep the stored secret (edit) or generate one (create).
    return z.object({ name, url: keep(url(rule)), secret: z.union([z.literal(""), z.string().trim().regex(WEBHOOK_SECRET, "Paste a whsec_… signing secret (base64, at least 24 bytes), or leave empty to generate one.")]) });
  }
  return z
    .object({
      name,
      host: z.string().trim().min(1, "Enter the SMTP host.").max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, "Enter a host name, e.g. smtp.example.com."),
      port: z.coerce.number({ error: "Enter a port." }).int().min(1, "Enter a port.").max(65_535),
      security: z.enum(["tls", "starttls", "none"], { error: "Choose how the connection is secured." }),
      user: z.string().trim().max(200),
      password: z.string().max(500),
      from: z.email("Enter the sender address, e.g. alerts@example.com."),
      to: emailList,
    })
    .refine((v) => v.security !== "none" || (rule.allowHttpLoopback && isLoopbackHost(v.host)), { path: ["security"], message: "Unencrypted SMTP is allowed only for localhost in development. Choose TLS or STARTTLS." });
}

/** The display settings of a config: the host only for URLs (a Slack webhook URL's path is the secret). */
export function settingsOf(config: ChannelConfig): ChannelSettings {
  if (config.kind === "email") return { host: config.host, port: config.port, security: config.security, from: config.from, to: config.to, user: config.user };
  return { host: new URL(config.url).host };
}
