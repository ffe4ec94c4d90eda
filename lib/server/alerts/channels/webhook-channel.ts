import "server-only";
import type { AlertMessage } from "./alert-message";
import { postOnce, withRetries, type SendAttempt, type SendOptions } from "./send-attempts";
import { webhookHeaders } from "./standard-webhooks";

/** The JSON body of an outbound alert webhook: a typed event envelope, everything in it safe to send. */
export function webhookPayload(message: AlertMessage) {
  return {
    type: `alert.${message.kind}`,
    timestamp: message.at.toISOString(),
    data: {
      alertId: message.alertId,
      rule: message.rule,
      severity: message.severity,
      title: message.title,
      body: message.body,
      fields: message.fields,
      fixUrl: message.fixUrl,
      workspace: message.workspaceName,
    },
  };
}

/** Posts the message signed with the Standard Webhooks scheme; each retry re-signs with a fresh timestamp and the same webhook-id (receivers dedupe on it). */
export function sendWebhook(url: string, secret: string, message: AlertMessage, options: SendOptions): Promise<SendAttempt[]> {
  const body = JSON.stringify(webhookPayload(message));
  return withRetries(options, () => postOnce(url, body, webhookHeaders(secret, message.id, new Date(), body), options.timeoutMs));
}
