import "server-only";
import type { WebhookSchemeVerifier } from "../scheme-types";
import { genericHmacScheme } from "./generic-hmac";
import { githubScheme } from "./github";
import { hubspotV3Scheme } from "./hubspot-v3";
import { shopifyScheme } from "./shopify";
import { slackScheme } from "./slack";
import { standardWebhooksScheme } from "./standard-webhooks";
import { stripeScheme } from "./stripe";
import { twilioScheme } from "./twilio";

/** Every supported scheme by its id (the WebhookScheme enum's values). */
export const webhookSchemes = {
  stripe: stripeScheme,
  github: githubScheme,
  slack: slackScheme,
  shopify: shopifyScheme,
  hubspot_v3: hubspotV3Scheme,
  twilio: twilioScheme,
  standard_webhooks: standardWebhooksScheme,
  generic_hmac: genericHmacScheme,
} as const satisfies Record<string, WebhookSchemeVerifier>;

export type WebhookSchemeId = keyof typeof webhookSchemes;
