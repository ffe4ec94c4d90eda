import "server-only";
import nodemailer from "nodemailer";
import type { AlertMessage } from "./alert-message";
import { headlineOf, plainTextOf, SEVERITY_LABEL } from "./alert-message";
import type { ChannelConfig } from "./channel-config";
import { withRetries, type SendAttempt, type SendOptions } from "./send-attempts";

type EmailConfig = Extract<ChannelConfig, { kind: "email" }>;

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The HTML part: headline, explanation, a field table and a link to the fix (all text escaped). */
export function emailHtml(message: AlertMessage): string {
  const rows = [...(message.kind === "recovered" ? [] : [{ label: "Severity", value: SEVERITY_LABEL[message.severity] }]), ...message.fields, { label: "Workspace", value: message.workspaceName }]
    .map((f) => `<tr><th align="left" style="padding:2px 12px 2px 0">${html(f.label)}</th><td>${html(f.value)}</td></tr>`)
    .join("");
  return `<h2 style="margin:0 0 8px">${html(headlineOf(message))}</h2><p style="white-space:pre-line">${html(message.body)}</p><table>${rows}</table><p><a href="${html(message.fixUrl)}">${message.kind === "recovered" ? "Open in Authpulse" : "Fix it in Authpulse"}</a></p>`;
}

/** Maps nodemailer's error codes to a fixed sentence; the server's own reply text is never kept (it can echo addresses or credentials). */
function smtpFailure(error: unknown): SendAttempt {
  const e = (error ?? {}) as { code?: string; responseCode?: number };
  const code = e.code ?? "";
  if (code === "EAUTH") return { ok: false, httpStatus: null, error: "The SMTP server refused the user name or password.", retryable: false };
  if (code === "EENVELOPE") return { ok: false, httpStatus: null, error: "The SMTP server refused the sender or a recipient address.", retryable: false };
  if (code === "ETLS") return { ok: false, httpStatus: null, error: "The TLS handshake with the SMTP server failed.", retryable: false };
  if (code === "EDNS") return { ok: false, httpStatus: null, error: "The SMTP host name could not be resolved.", retryable: true };
  if (code === "ETIMEDOUT") return { ok: false, httpStatus: null, error: "The SMTP server did not answer in time.", retryable: true };
  if (code === "ECONNECTION" || code === "ESOCKET") return { ok: false, httpStatus: null, error: "Could not connect to the SMTP server.", retryable: true };
  if (typeof e.responseCode === "number") return { ok: false, httpStatus: null, error: `The SMTP server answered ${e.responseCode}.`, retryable: e.responseCode < 500 };
  return { ok: false, httpStatus: null, error: "Sending the e-mail failed.", retryable: true };
}

/** Sends the message over SMTP (implicit TLS, STARTTLS required, or plain for a loopback sink in development). */
export function sendEmail(config: EmailConfig, message: AlertMessage, options: SendOptions): Promise<SendAttempt[]> {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === "tls",
    requireTLS: config.security === "starttls",
    ignoreTLS: config.security === "none",
    auth: config.user ? { user: config.user, pass: config.password ?? "" } : undefined,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const mail = { from: config.from, to: config.to, subject: headlineOf(message), text: plainTextOf(message), html: emailHtml(message), messageId: `<${message.id}@authpulse>` };
  return withRetries(options, async () => {
    try {
      await transport.sendMail(mail);
      return { ok: true, httpStatus: null, error: null, retryable: false };
    } catch (error) {
      return smtpFailure(error);
    }
  }).finally(() => transport.close());
}
