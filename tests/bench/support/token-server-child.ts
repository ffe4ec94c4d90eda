// The local token endpoint (tests/helpers/token-server.ts) in a process of its own, so it never
// competes with the engine (or the bare client) for an event loop. Driven over IPC by
// token-server-process.ts. Lifetimes can be fixed or per grant (kept across rotations).
import { startTokenServer, type TokenServer } from "../../helpers/token-server";

export type TokenServerChildRequest =
  | { id: number; op: "issue"; count: number; lifetimes?: number[] }
  | { id: number; op: "setLatency"; latencyMs: number }
  | { id: number; op: "stats" }
  | { id: number; op: "grants"; refreshTokens: string[]; expectedCalls: number };

export type TokenServerChildStart = { clientId: string; clientSecret: string; latencyMs: number; defaultLifetimeSeconds: number };

const send = (message: unknown) => process.send?.(message);

async function main() {
  const start = JSON.parse(process.env.BENCH_TOKEN_SERVER ?? "{}") as TokenServerChildStart;
  let latencyMs = start.latencyMs;
  /** Lifetime per live refresh token; moved to the new token when the server rotates it. */
  const lifetimes = new Map<string, number>();
  let server: TokenServer | null = null;
  server = await startTokenServer({
    clientId: start.clientId,
    clientSecret: start.clientSecret,
    rotateRefreshTokens: true,
    latencyMs: () => latencyMs,
    accessTokenLifetimeSeconds: (presented) => {
      const lifetime = lifetimes.get(presented);
      if (lifetime === undefined) return start.defaultLifetimeSeconds;
      lifetimes.delete(presented);
      // Called after the rotation: the grant's current token is the one being returned.
      const next = server?.grantOf(presented)?.currentRefreshToken;
      if (next) lifetimes.set(next, lifetime);
      return lifetime;
    },
  });
  const live = server;

  process.on("message", (raw) => {
    const request = raw as TokenServerChildRequest;
    switch (request.op) {
      case "issue": {
        const tokens = Array.from({ length: request.count }, (_, i) => {
          const token = live.issueGrant();
          const lifetime = request.lifetimes?.[i];
          if (lifetime !== undefined) lifetimes.set(token, lifetime);
          return token;
        });
        send({ id: request.id, result: tokens });
        return;
      }
      case "setLatency":
        latencyMs = request.latencyMs;
        send({ id: request.id, result: null });
        return;
      case "stats":
        send({ id: request.id, result: live.stats() });
        return;
      case "grants": {
        let calls = 0;
        let refreshes = 0;
        let revoked = 0;
        let unknown = 0;
        let notExactlyOnce = 0;
        for (const token of request.refreshTokens) {
          const grant = live.grantOf(token);
          if (!grant) {
            unknown++;
            continue;
          }
          calls += grant.calls;
          refreshes += grant.refreshes;
          if (grant.revoked) revoked++;
          if (grant.calls !== request.expectedCalls) notExactlyOnce++;
        }
        send({ id: request.id, result: { calls, refreshes, revoked, unknown, notExactlyOnce } });
        return;
      }
    }
  });
  process.on("disconnect", () => {
    void live.close().then(() => process.exit(0));
  });
  send({ ready: true, url: live.url, tokenUrl: live.tokenUrl });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
