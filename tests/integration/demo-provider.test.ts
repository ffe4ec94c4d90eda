import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { demoClients } from "@/lib/server/demo-provider/demo-clients";
import { startDemoProvider, type DemoProvider } from "@/lib/server/demo-provider/start-demo-provider";

const root = fileURLToPath(new URL("../..", import.meta.url));
const redirectUri = "http://localhost:3000/api/oauth/callback";
const clientId = "authpulse-demo";
const clientSecret = randomBytes(32).toString("base64url");

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  revocation_endpoint: z.string(),
  introspection_endpoint: z.string(),
  code_challenge_methods_supported: z.array(z.string()),
});
type Discovery = z.infer<typeof discoverySchema>;

const tokenSchema = z.object({
  access_token: z.string(),
  token_type: z.string(),
  expires_in: z.number(),
  scope: z.string().optional(),
  refresh_token: z.string().optional(),
  id_token: z.string().optional(),
});
const errorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** Minimal cookie jar: name, value and path, enough for oidc-provider's interaction cookies. */
class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = "/";
      let expired = value === "";
      for (const attribute of attributes) {
        const [key = "", attributeValue = ""] = attribute.split("=");
        if (key.toLowerCase() === "path") path = attributeValue;
        if (key.toLowerCase() === "expires" && Date.parse(attributeValue) <= Date.now()) expired = true;
        if (key.toLowerCase() === "max-age" && Number(attributeValue) <= 0) expired = true;
      }
      const key = `${name};${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { value, path });
    }
  }

  header(url: string): string {
    const { pathname } = new URL(url);
    return [...this.cookies.entries()]
      .filter(([, cookie]) => pathname === cookie.path || pathname.startsWith(cookie.path.endsWith("/") ? cookie.path : `${cookie.path}/`))
      .map(([key, cookie]) => `${key.split(";")[0]}=${cookie.value}`)
      .join("; ");
  }
}

/** A fetch that keeps cookies and never follows redirects. */
async function browse(jar: CookieJar, url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
  const headers = new Headers({ cookie: jar.header(url) });
  let body: string | undefined;
  if (init.form) {
    headers.set("content-type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetch(url, { method: init.method ?? "GET", headers, body, redirect: "manual" });
  jar.store(response);
  return response;
}

function location(response: Response, base: string): string {
  const value = response.headers.get("location");
  if (!value) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(value, base).href;
}

function basicAuth(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
}

async function postForm(url: string, form: Record<string, string>, auth = basicAuth(clientId, clientSecret)): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** Submits the devInteractions form on the page at `url` and returns where it sends the browser next. */
async function submitInteraction(jar: CookieJar, url: string, prompt: "login" | "consent"): Promise<string> {
  const page = await browse(jar, url);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain(`name="prompt" value="${prompt}"`);
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on the ${prompt} page`);
  const form: Record<string, string> = prompt === "login" ? { prompt, login: "alice", password: "anything" } : { prompt };
  const submitted = await browse(jar, new URL(action, url).href, { method: "POST", form });
  expect(submitted.status).toBe(303);
  return location(submitted, url);
}

describe("demo OAuth/OIDC provider", () => {
  let provider: DemoProvider;
  let discovery: Discovery;

  beforeAll(async () => {
    provider = await startDemoProvider({
      port: 0,
      clients: demoClients({ redirectUris: [redirectUri], clientSecret }),
    });
    const response = await fetch(`${provider.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    discovery = discoverySchema.parse(await response.json());
  });

  afterAll(async () => {
    await provider?.close();
  });

  it("serves discovery with the issuer, endpoints and S256 only", () => {
    expect(provider.issuer).toBe(`http://127.0.0.1:${provider.port}`);
    expect(discovery.issuer).toBe(provider.issuer);
    for (const endpoint of [
      discovery.authorization_endpoint,
      discovery.token_endpoint,
      discovery.revocation_endpoint,
      discovery.introspection_endpoint,
    ]) {
      expect(endpoint.startsWith(`${provider.issuer}/`)).toBe(true);
    }
    expect(discovery.code_challenge_methods_supported).toEqual(["S256"]);
  });

  it("issues a client_credentials token that introspection reports active", async () => {
    const response = await postForm(discovery.token_endpoint, { grant_type: "client_credentials", scope: "crm.read" });
    expect(response.status).toBe(200);
    const token = tokenSchema.parse(await response.json());
    expect(token.token_type.toLowerCase()).toBe("bearer");
    expect(token.expires_in).toBeGreaterThan(0);
    expect(token.refresh_token).toBeUndefined();

    const introspection = await postForm(discovery.introspection_endpoint, { token: token.access_token });
    expect(introspection.status).toBe(200);
    const body = z.object({ active: z.boolean(), client_id: z.string().optional() }).parse(await introspection.json());
    expect(body.active).toBe(true);
    expect(body.client_id).toBe(clientId);
  });

  it("accepts client_secret_post for authpulse-demo-post and refuses a wrong secret", async () => {
    const post = await fetch(discovery.token_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: "authpulse-demo-post", client_secret: clientSecret }).toString(),
    });
    expect(post.status).toBe(200);

    const wrong = await postForm(discovery.token_endpoint, { grant_type: "client_credentials" }, basicAuth(clientId, "x".repeat(43)));
    expect(wrong.status).toBe(401);
    expect(errorSchema.parse(await wrong.json()).error).toBe("invalid_client");
  });

  it("refuses an authorization request without code_challenge", async () => {
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: clientId,
      response_type: "code",
      redirect_uri: redirectUri,
      scope: "openid crm.read",
      state: randomBytes(16).toString("base64url"),
    }).toString();
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(303);
    const target = new URL(location(response, url.href));
    expect(`${target.origin}${target.pathname}`).toBe(redirectUri);
    expect(target.searchParams.get("error")).toBe("invalid_request");
    expect(target.searchParams.get("error_description")).toMatch(/PKCE|code_challenge/);
    expect(target.searchParams.has("code")).toBe(false);
  });

  /** Drives an authorization request through the devInteractions login and consent forms. */
  async function authorizeWithPkce(): Promise<{ code: string; verifier: string }> {
    const jar = new CookieJar();
    const { verifier, challenge } = pkcePair();
    const state = randomBytes(16).toString("base64url");
    const authorize = new URL(discovery.authorization_endpoint);
    authorize.search = new URLSearchParams({
      client_id: clientId,
      response_type: "code",
      redirect_uri: redirectUri,
      scope: "openid email profile offline_access crm.read contacts.read",
      prompt: "consent",
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
    }).toString();

    // Authorization request -> login page -> resume -> consent page -> resume -> callback.
    let next = location(await browse(jar, authorize.href), authorize.href);
    next = await submitInteraction(jar, next, "login");
    next = location(await browse(jar, next), next);
    next = await submitInteraction(jar, next, "consent");
    const callback = new URL(location(await browse(jar, next), next));

    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    expect(callback.searchParams.get("state")).toBe(state);
    expect(callback.searchParams.get("iss")).toBe(provider.issuer);
    const code = callback.searchParams.get("code");
    if (!code) throw new Error(`no code in the callback: ${callback.searchParams.get("error") ?? "?"}`);
    return { code, verifier };
  }

  it("runs authorization code + PKCE through login and consent, then rotates the refresh token", async () => {
    const { code, verifier } = await authorizeWithPkce();

    const exchanged = await postForm(discovery.token_endpoint, {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(exchanged.status).toBe(200);
    const first = tokenSchema.parse(await exchanged.json());
    expect(first.token_type.toLowerCase()).toBe("bearer");
    expect(first.expires_in).toBeGreaterThan(0);
    expect(first.expires_in).toBeLessThanOrEqual(3600);
    expect(first.id_token).toBeDefined();
    expect(first.scope?.split(" ")).toEqual(expect.arrayContaining(["offline_access", "crm.read", "contacts.read"]));
    const oldRefresh = first.refresh_token;
    if (!oldRefresh) throw new Error("no refresh token issued");

    const refreshed = await postForm(discovery.token_endpoint, { grant_type: "refresh_token", refresh_token: oldRefresh });
    expect(refreshed.status).toBe(200);
    const second = tokenSchema.parse(await refreshed.json());
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(oldRefresh);

    const reused = await postForm(discovery.token_endpoint, { grant_type: "refresh_token", refresh_token: oldRefresh });
    expect(reused.status).toBe(400);
    expect(errorSchema.parse(await reused.json()).error).toBe("invalid_grant");
  });

  it("refuses a replayed code and revokes the tokens issued for it", async () => {
    const { code, verifier } = await authorizeWithPkce();
    const exchange = { grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier };
    const first = tokenSchema.parse(await (await postForm(discovery.token_endpoint, exchange)).json());

    const replay = await postForm(discovery.token_endpoint, exchange);
    expect(replay.status).toBe(400);
    expect(errorSchema.parse(await replay.json()).error).toBe("invalid_grant");

    // oidc-provider treats the replay as a stolen code (RFC 6749 §4.1.2): the grant dies.
    const introspection = await postForm(discovery.introspection_endpoint, { token: first.access_token });
    expect(z.object({ active: z.boolean() }).parse(await introspection.json()).active).toBe(false);
    const refresh = await postForm(discovery.token_endpoint, { grant_type: "refresh_token", refresh_token: first.refresh_token ?? "" });
    expect(errorSchema.parse(await refresh.json()).error).toBe("invalid_grant");
  });

  it("revokes a token (RFC 7009) so introspection reports it inactive", async () => {
    const issued = await postForm(discovery.token_endpoint, { grant_type: "client_credentials" });
    const token = tokenSchema.parse(await issued.json()).access_token;
    const revoked = await postForm(discovery.revocation_endpoint, { token, token_type_hint: "access_token" });
    expect(revoked.status).toBe(200);
    const introspection = await postForm(discovery.introspection_endpoint, { token });
    expect(z.object({ active: z.boolean() }).parse(await introspection.json()).active).toBe(false);
  });

  it("refuses to bind a non-loopback host", async () => {
    await expect(
      startDemoProvider({ host: "0.0.0.0", port: 0, clients: demoClients({ redirectUris: [redirectUri], clientSecret }) }),
    ).rejects.toThrow(/loopback/);
  });
});

describe("signing keys in a jwksFile", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "authpulse-demo-jwks-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function publishedKids(issuer: string): Promise<string[]> {
    const response = await fetch(`${issuer}/jwks`);
    const jwks = z.object({ keys: z.array(z.looseObject({ kid: z.string(), alg: z.string() })) }).parse(await response.json());
    expect(jwks.keys.some((key) => "d" in key)).toBe(false);
    return jwks.keys.map((key) => `${key.alg}:${key.kid}`).sort();
  }

  it("creates the file with mode 0600 and reuses its keys after a restart", async () => {
    const jwksFile = join(dir, "nested", "demo-provider-jwks.json");
    const clients = demoClients({ redirectUris: [redirectUri], clientSecret });

    const first = await startDemoProvider({ port: 0, clients, jwksFile });
    let kids: string[];
    try {
      kids = await publishedKids(first.issuer);
    } finally {
      await first.close();
    }
    expect(kids).toHaveLength(2);
    expect(kids.map((kid) => kid.split(":")[0])).toEqual(["ES256", "RS256"]);
    expect((await stat(jwksFile)).mode & 0o777).toBe(0o600);

    const second = await startDemoProvider({ port: 0, clients, jwksFile });
    try {
      expect(await publishedKids(second.issuer)).toEqual(kids);
    } finally {
      await second.close();
    }
  });
});

describe("bin/demo-provider.ts", () => {
  let blocker: Server;
  let port: number;

  beforeAll(async () => {
    blocker = createServer();
    port = await new Promise<number>((resolve, reject) => {
      blocker.once("error", reject);
      blocker.listen({ host: "127.0.0.1", port: 0 }, () => {
        const address = blocker.address();
        if (address === null || typeof address === "string") reject(new Error("no TCP address"));
        else resolve(address.port);
      });
    });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  });

  it("exits 1 with a one-line message when its port is taken", async () => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "bin/demo-provider.ts"], {
      cwd: root,
      env: {
        ...process.env,
        DEMO_PROVIDER_PORT: String(port),
        DEMO_PROVIDER_ISSUER: "",
        DEMO_PROVIDER_CLIENT_SECRET: clientSecret,
        DEMO_PROVIDER_REDIRECT_URIS: redirectUri,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

    expect(exitCode).toBe(1);
    expect(stderr).toContain(`port ${port} is in use; set DEMO_PROVIDER_PORT`);
    expect(`${stdout}${stderr}`).not.toMatch(/\n\s+at /);
    expect(`${stdout}${stderr}`).not.toContain(clientSecret);
  });
});
