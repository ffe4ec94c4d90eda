import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { DemoClient } from "./demo-clients";

/**
 * A switch that makes the demo provider's token endpoint fail on purpose, so a newcomer (and the
 * e2e tests) can watch the refresh engine, the dashboards and the alerts react to a real outage
 * without inventing data. Controlled at POST /__authpulse/faults with a registered client's
 * credentials (HTTP Basic); it never touches the authorization or consent pages.
 */

export const demoFaultModes = ["none", "unavailable", "rate_limited", "invalid_grant"] as const;
export type DemoFaultMode = (typeof demoFaultModes)[number];

export const DEMO_FAULTS_PATH = "/__authpulse/faults";
/** Retry-After the faults send, short so the demo recovers quickly. */
const RETRY_AFTER_SECONDS = 5;
const MAX_BODY_BYTES = 1024;

export const demoFaultInputSchema = z.strictObject({ mode: z.enum(demoFaultModes) });

export type DemoFaults = {
  /** Answers the control endpoint or a faulted token request; false = let the provider handle it. */
  handle: (req: IncomingMessage, res: ServerResponse) => boolean;
  mode: () => DemoFaultMode;
};

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function authorized(req: IncomingMessage, clients: readonly DemoClient[]): boolean {
  const header = req.headers.authorization ?? "";
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  const id = decodeURIComponent(decoded.slice(0, colon));
  const secret = decodeURIComponent(decoded.slice(colon + 1));
  return clients.some((c) => c.client_id === id && sameSecret(c.client_secret, secret));
}

export function createDemoFaults(clients: readonly DemoClient[]): DemoFaults {
  let mode: DemoFaultMode = "none";

  const control = (req: IncomingMessage, res: ServerResponse) => {
    if (!authorized(req, clients)) return json(res, 401, { error: "invalid_client" }, { "www-authenticate": 'Basic realm="demo-faults"' });
    if (req.method === "GET") return json(res, 200, { mode });
    if (req.method !== "POST") return json(res, 405, { error: "method_not_allowed" }, { allow: "GET, POST" });
    let body = "";
    let tooBig = false;
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
      if (body.length > MAX_BODY_BYTES) tooBig = true;
    });
    req.on("end", () => {
      if (tooBig) return json(res, 413, { error: "too_large" });
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return json(res, 400, { error: "invalid_request", error_description: "body must be JSON: {\"mode\": \"none\" | \"unavailable\" | \"rate_limited\" | \"invalid_grant\"}" });
      }
      const input = demoFaultInputSchema.safeParse(parsed);
      if (!input.success) return json(res, 400, { error: "invalid_request", error_description: `mode must be one of ${demoFaultModes.join(", ")}` });
      mode = input.data.mode;
      json(res, 200, { mode });
    });
  };

  const fault = (res: ServerResponse) => {
    switch (mode) {
      case "unavailable":
        return json(res, 503, { error: "temporarily_unavailable", error_description: "simulated outage" }, { "retry-after": String(RETRY_AFTER_SECONDS) });
      case "rate_limited":
        return json(res, 429, { error: "rate_limited" }, { "retry-after": String(RETRY_AFTER_SECONDS), "x-ratelimit-limit": "100", "x-ratelimit-remaining": "0" });
      case "invalid_grant":
        return json(res, 400, { error: "invalid_grant", error_description: "simulated revoked grant" });
      case "none":
        return undefined;
    }
  };

  return {
    mode: () => mode,
    handle: (req, res) => {
      const path = (req.url ?? "").split("?")[0];
      if (path === DEMO_FAULTS_PATH) {
        control(req, res);
        return true;
      }
      if (mode !== "none" && req.method === "POST" && path === "/token") {
        req.resume();
        fault(res);
        return true;
      }
      return false;
    },
  };
}
