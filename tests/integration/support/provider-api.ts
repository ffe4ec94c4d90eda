// A tiny provider REST API for the API-proxy tests: checks the bearer token with the token server,
// records what reached it (method, raw URL, headers, body) and fails on demand.
//
//   ANY /echo/...       200 JSON echo of the request (401 when the bearer token is not valid)
//   ANY /always-401     401 invalid_token, whatever the token
//   ANY /rate-limited   429, Retry-After: 120, X-RateLimit-Limit: 100, X-RateLimit-Remaining: 0
//   ANY /quota-low      200, X-RateLimit-Limit: 1000, X-RateLimit-Remaining: 5
// failNext(reply, n) makes the next n requests (any path) answer `reply` instead.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type SeenRequest = { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: Buffer };
export type CannedReply = { status: number; headers?: Record<string, string>; body?: string };

export type ProviderApi = {
  url: string;
  requests: SeenRequest[];
  failNext(reply: CannedReply, count?: number): void;
  reset(): void;
  close(): Promise<void>;
};

function reply(res: ServerResponse, canned: CannedReply) {
  const body = canned.body ?? "";
  res.writeHead(canned.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), ...canned.headers });
  res.end(body);
}

const invalidToken: CannedReply = { status: 401, headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' }, body: JSON.stringify({ error: "invalid_token" }) };

export function startProviderApi(isValidToken: (token: string) => boolean): Promise<ProviderApi> {
  const requests: SeenRequest[] = [];
  const forced: { reply: CannedReply; remaining: number }[] = [];
  const sockets = new Set<Socket>();

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const url = req.url ?? "/";
    requests.push({ method: req.method ?? "GET", url, headers: { ...req.headers }, body });
    const head = forced[0];
    if (head) {
      if (--head.remaining <= 0) forced.shift();
      return reply(res, head.reply);
    }
    const path = url.split("?")[0]!;
    if (path === "/always-401") return reply(res, invalidToken);
    if (path === "/rate-limited") return reply(res, { status: 429, headers: { "Retry-After": "120", "X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0" }, body: JSON.stringify({ error: "rate_limited" }) });
    const token = /^bearer +(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!token || !isValidToken(token)) return reply(res, invalidToken);
    if (path === "/quota-low") return reply(res, { status: 200, headers: { "X-RateLimit-Limit": "1000", "X-RateLimit-Remaining": "5" }, body: JSON.stringify({ ok: true }) });
    if (path.startsWith("/echo")) {
      return reply(res, { status: 200, headers: { "X-Request-Id": "req-example-1", "Set-Cookie": "provider-session=example" }, body: JSON.stringify({ method: req.method, url, body: body.toString("utf8") }) });
    }
    return reply(res, { status: 404, body: JSON.stringify({ error: "not_found" }) });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, res, Buffer.concat(chunks)));
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen({ host: "127.0.0.1", port: 0 }, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        failNext(canned, count = 1) {
          forced.push({ reply: canned, remaining: count });
        },
        reset() {
          requests.length = 0;
          forced.length = 0;
        },
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const s of sockets) s.destroy();
          }),
      });
    });
  });
}
