// Local receivers for alert deliveries: a Slack-compatible incoming-webhook sink, a webhook
// receiver that verifies the Standard Webhooks signature on its own (not with Authpulse's code),
// and an SMTP sink (smtp-server) that requires a login. Plain loopback servers on free ports.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type HttpDelivery = { path: string; headers: IncomingHttpHeaders; body: string; json: Record<string, unknown>; verified: boolean | null };
export type HttpSink = { url: (path: string) => string; received: HttpDelivery[]; failNext: (status: number, count?: number) => void; close: () => Promise<void> };

/** Standard Webhooks verification written from the spec: HMAC-SHA256 over "id.timestamp.body" with the base64 key after "whsec_", any "v1," entry, 5-minute tolerance. */
export function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signature = headers["webhook-signature"];
  if (typeof id !== "string" || typeof timestamp !== "string" || typeof signature !== "string") return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  return signature.split(" ").some((part) => {
    const [version, sig] = part.split(",");
    const given = Buffer.from(sig ?? "", "base64");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** An HTTP sink recording every POST; with `secret` (read at each request, so it can be set later), each delivery is verified and an invalid one gets 401. */
export async function startHttpSink(options: { secret?: string } = {}): Promise<HttpSink> {
  const received: HttpDelivery[] = [];
  const failures: number[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const fail = failures.shift();
      if (fail) {
        res.writeHead(fail).end("nope");
        return;
      }
      const verified = options.secret ? verifyStandardWebhook(options.secret, req.headers, body) : null;
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        /* recorded as {} */
      }
      received.push({ path: req.url ?? "", headers: req.headers, body, json, verified });
      if (verified === false) res.writeHead(401).end("bad signature");
      else res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    failNext: (status, count = 1) => failures.push(...Array<number>(count).fill(status)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpMessage = { from: string; to: string[]; raw: string; subject: string };
export type SmtpSink = { port: number; messages: SmtpMessage[]; logins: string[]; close: () => Promise<void> };

/** An SMTP sink on loopback (no TLS) that requires AUTH with the given user and password. */
export async function startSmtpSink(auth: { user: string; password: string }): Promise<SmtpSink> {
  const messages: SmtpMessage[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(a, _session, callback) {
      logins.push(a.username ?? "");
      if (a.username === auth.user && a.password === auth.password) callback(null, { user: a.username });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (raw += chunk));
      stream.on("end", () => {
        const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1]?.replace(/\r?\n[ \t]/g, " ") ?? "";
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw, subject });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
