import "server-only";
import type { AlertMessage } from "./alert-message";
import { headlineOf, SEVERITY_LABEL } from "./alert-message";
import { postOnce, withRetries, type SendAttempt, type SendOptions } from "./send-attempts";

const EMOJI: Record<string, string> = { critical: ":red_circle:", warning: ":large_orange_circle:", info: ":large_blue_circle:", recovered: ":white_check_mark:" };
// Block Kit limits: header text 150 chars, section text 3000, at most 10 fields of 2000 chars each.
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** mrkdwn control characters in our own text would turn into links or mentions; escape them. */
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A Slack incoming-webhook payload in Block Kit: a header, the explanation, fields, and a button
 * back to the fix. `text` is the notification/fallback text. Incoming webhooks cannot reply in a
 * thread (they return no message ts), so "recovered" is a new message in the same channel.
 */
export function slackPayload(message: AlertMessage) {
  const mark = message.kind === "recovered" ? EMOJI.recovered : EMOJI[message.severity];
  const fields = [
    ...(message.kind === "recovered" ? [] : [{ label: "Severity", value: SEVERITY_LABEL[message.severity] }]),
    ...message.fields,
    { label: "Workspace", value: message.workspaceName },
  ].slice(0, 10);
  return {
    text: clip(escape(headlineOf(message)), 3000),
    blocks: [
      { type: "header", text: { type: "plain_text", text: clip(headlineOf(message), 150), emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: clip(`${mark} ${escape(message.body)}`, 3000) } },
      { type: "section", fields: fields.map((f) => ({ type: "mrkdwn", text: clip(`*${escape(f.label)}*\n${escape(f.value)}`, 2000) })) },
      {
        type: "actions",
        elements: [
          { type: "button", text: { type: "plain_text", text: message.kind === "recovered" ? "Open in Authpulse" : "Fix it in Authpulse" }, url: message.fixUrl, action_id: "open_fix", ...(message.kind === "recovered" || message.kind === "test" ? {} : { style: "primary" }) },
        ],
      },
      { type: "context", elements: [{ type: "mrkdwn", text: `Authpulse · ${message.at.toISOString().slice(0, 16).replace("T", " ")} UTC` }] },
    ],
  };
}

/** Posts the message to a Slack (or Slack-compatible) incoming webhook, retrying 5xx/429/network failures. */
export function sendSlack(url: string, message: AlertMessage, options: SendOptions): Promise<SendAttempt[]> {
  const body = JSON.stringify(slackPayload(message));
  return withRetries(options, () => postOnce(url, body, {}, options.timeoutMs));
}
