import "server-only";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { z } from "zod";
import { demoClientSchema, type DemoClient } from "./demo-clients";
import { createDemoFaults } from "./demo-faults";
import { loadOrCreateDemoJwks } from "./demo-jwks";
import { defaultDemoProviderTtls, demoProviderConfig } from "./demo-provider-config";
import { loadOidcProvider, withOidcNotices } from "./load-oidc-provider";
import { isLoopbackHost, urlHost } from "./loopback-host";

export interface StartDemoProviderOptions {
  /** Interface to bind; loopback only. Default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Issuer URL (origin only). Default `http://<host>:<bound port>`. */
  issuer?: string;
  /** Registered clients, usually from demoClients(). */
  clients: readonly DemoClient[];
  log?: Logger;
  /** Where to keep the signing JWKS (mode 0600) so tokens survive restarts; random keys per start when absent. */
  jwksFile?: string;
  /** Cookie signing keys; random per start when absent. */
  cookieKeys?: readonly string[];
  /** Access (and client_credentials) token lifetime in seconds. Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Refresh token lifetime in seconds. Default 14 days. */
  refreshTokenTtlSeconds?: number;
  /** Test-only hooks; never set by the app. */
  testing?: {
    /**
     * oidc-provider `adapter` (constructor or factory) replacing the default in-memory one, whose LRU keeps
     * only the last ~1,000-2,000 entries and silently drops older grants and tokens.
     */
    adapter?: unknown;
  };
}

export interface DemoProvider {
  issuer: string;
  port: number;
  close(): Promise<void>;
  /** Test-only: the running oidc-provider `Provider` instance (see tests/helpers/demo-provider-grants.ts). Not for app code. */
  readonly testing?: { readonly provider: unknown };
}

/** Thrown when the requested port is already bound by another process. */
export class DemoProviderPortInUseError extends Error {
  readonly port: number;

  constructor(port: number, options: { cause?: unknown } = {}) {
    super(`port ${port} is in use`, options);
    this.name = "DemoProviderPortInUseError";
    this.port = port;
  }
}

const issuerSchema = z
  .url({ error: "issuer must be an absolute URL" })
  .refine((value) => {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.pathname === "/" && !url.search && !url.hash;
  }, "issuer must be an http(s) origin without path, query or fragment (the provider is mounted at /)")
  .transform((value) => new URL(value).origin);

const optionsSchema = z.object({
  host: z
    .string()
    .default("127.0.0.1")
    .refine(isLoopbackHost, "the demo provider binds to loopback only (127.0.0.1, ::1 or localhost)"),
  port: z.number().int().min(0).max(65535),
  issuer: issuerSchema.optional(),
  clients: z.array(demoClientSchema).min(1, "at least one client is required"),
  jwksFile: z.string().min(1).optional(),
  cookieKeys: z.array(z.string().min(32, "cookie keys must be at least 32 characters")).min(1).optional(),
  accessTokenTtlSeconds: z.number().int().positive().default(defaultDemoProviderTtls.accessToken),
  refreshTokenTtlSeconds: z.number().int().positive().default(defaultDemoProviderTtls.refreshToken),
});

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "options"}: ${issue.message}`).join("; ");
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error & { code?: string }) => {
      server.off("listening", onListening);
      reject(error.code === "EADDRINUSE" ? new DemoProviderPortInUseError(port, { cause: error }) : error);
    };
    const onListening = () => {
      server.off("error", onError);
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error("demo provider is not listening on TCP"));
      else resolve(address);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen({ host, port, exclusive: true });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** Starts the demo OAuth 2.0 / OpenID Connect provider on a loopback interface. */
export async function startDemoProvider(options: StartDemoProviderOptions): Promise<DemoProvider> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`invalid demo provider options: ${describeIssues(parsed.error)}`);
  const settings = parsed.data;
  const log = options.log;

  const [oidc, jwks] = await Promise.all([loadOidcProvider(), loadOrCreateDemoJwks(settings.jwksFile, log)]);

  // Bind first: with port 0 the issuer can only be known once the port is.
  const server = createServer();
  const address = await listen(server, settings.host, settings.port);
  const issuer = settings.issuer ?? `http://${urlHost(settings.host)}:${address.port}`;

  let provider: InstanceType<typeof oidc.Provider>;
  try {
    const config = demoProviderConfig({
      clients: settings.clients,
      jwks,
      cookieKeys: settings.cookieKeys ?? [randomBytes(32).toString("base64url")],
      ttls: { accessToken: settings.accessTokenTtlSeconds, refreshToken: settings.refreshTokenTtlSeconds },
      errors: oidc.errors,
    });
    const adapter = options.testing?.adapter;
    provider = withOidcNotices(
      (notice) => log?.debug({ notice }, "oidc-provider notice"),
      () => new oidc.Provider(issuer, adapter === undefined ? config : { ...config, adapter }),
    );
    provider.on("server_error", (_ctx, error) => {
      log?.error({ err: error }, "demo provider server error");
    });
    const callback = provider.callback();
    const faults = createDemoFaults(settings.clients);
    server.on("request", (req, res) => {
      if (!faults.handle(req, res)) void callback(req, res);
    });
  } catch (error) {
    await closeServer(server);
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    issuer,
    port: address.port,
    close: () => (closing ??= closeServer(server)),
    testing: { provider },
  };
}
