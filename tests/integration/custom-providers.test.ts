import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fixedClock } from "@/lib/clock";
import { addCustomProviderFromDiscovery, addCustomProviderFromEndpoints, type CustomProviderContext } from "@/lib/server/connect/custom/add-custom-provider";
import { endpointFormValues, endpointInputFromForm } from "@/lib/server/connect/custom/custom-provider-form";
import { deleteCustomProvider } from "@/lib/server/connect/custom/delete-custom-provider";
import { allowsHttpLoopback, type AppRuntime } from "@/lib/server/connect/custom/http-loopback-policy";
import { listCustomProviders } from "@/lib/server/connect/custom/list-custom-providers";
import { registerOAuthApp } from "@/lib/server/connect/oauth-apps";
import { availableProviders, findEntry, toConnectProvider } from "@/lib/server/connect/resolve-provider";
import { createDb, type Db } from "@/lib/server/db";
import { demoClients } from "@/lib/server/demo-provider/demo-clients";
import { startDemoProvider, type DemoProvider } from "@/lib/server/demo-provider/start-demo-provider";
import { isServiceError, type ServiceError } from "@/lib/server/errors";
import { demoProviderEntry, findProvider } from "@/lib/server/providers/catalog";
import type { CustomProviderInput } from "@/lib/server/providers/custom-provider-entry";
import { isProviderDiscoveryError } from "@/lib/server/providers/provider-discovery-error";
import { generateKeyringFile, parseKeyring } from "@/lib/server/vault/keyring";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const localDev: AppRuntime = { nodeEnv: "development", appUrl: "http://localhost:3000" };
const publicProduction: AppRuntime = { nodeEnv: "production", appUrl: "https://authpulse.acme.example" };
const localProduction: AppRuntime = { nodeEnv: "production", appUrl: "http://127.0.0.1:3000" };

const typed: CustomProviderInput = {
  name: "Acme CRM",
  authorizationUrl: "https://login.acme.example/oauth/authorize",
  tokenUrl: "https://login.acme.example/oauth/token",
  revocationUrl: "https://login.acme.example/oauth/revoke",
  defaultScopes: ["crm.read", "offline"],
};

let database: TestDatabase;
let db: Db;
let demo: DemoProvider;
const clock = fixedClock("2026-11-23T10:00:00Z");
const keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
let ctx: CustomProviderContext;
let workspaceId: string;
let otherWorkspaceId: string;
let actorId: string;
let slug = 0;

async function newWorkspace(): Promise<string> {
  slug++;
  return (await db.workspace.create({ data: { name: `W${slug}`, slug: `custom-${slug}` } })).id;
}

async function failure(run: () => Promise<unknown>): Promise<ServiceError> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  if (!isServiceError(error)) throw new Error(`expected a ServiceError, got ${String(error)}`);
  return error;
}

const storedCount = (workspace: string) => db.customProvider.count({ where: { workspaceId: workspace } });

beforeAll(async () => {
  // findEntry and availableProviders read the env for the demo provider; this file runs without one.
  vi.stubEnv("DATABASE_URL", "postgresql://unused@127.0.0.1:5432/unused");
  vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
  vi.stubEnv("NEXTAUTH_SECRET", randomBytes(32).toString("hex"));
  vi.stubEnv("DEMO_PROVIDER_URL", undefined);
  database = await createTestDatabase();
  db = createDb(database.url);
  ctx = { db, clock, runtime: localDev };
  demo = await startDemoProvider({
    port: 0,
    clients: demoClients({ redirectUris: ["http://localhost:3000/api/oauth/callback"], clientSecret: randomBytes(32).toString("base64url") }),
  });
  workspaceId = await newWorkspace();
  otherWorkspaceId = await newWorkspace();
  actorId = (await db.user.create({ data: { email: "admin@acme.example", name: "Admin" } })).id;
});

afterAll(async () => {
  await demo?.close();
  await db?.$disconnect();
  await database?.drop();
  vi.unstubAllEnvs();
});

describe("adding a provider from a discovery URL", () => {
  it("adds the demo provider's endpoints, which Connect then lists and resolves", async () => {
    const { providerKey } = await addCustomProviderFromDiscovery(ctx, { actorId, workspaceId, url: demo.issuer, name: "Local IdP" });
    expect(providerKey).toBe("local-idp");

    const entry = await findEntry(ctx, { workspaceId, providerKey });
    const expected = demoProviderEntry(demo.issuer);
    expect(entry.name).toBe("Local IdP");
    expect(entry.kind).toBe("oidc");
    expect(entry.issuer).toBe(demo.issuer);
    expect(entry.authorizationUrl).toBe(expected.authorizationUrl);
    expect(entry.tokenUrl).toBe(expected.tokenUrl);
    expect(entry.allowsLoopbackHttp).toBe(true);
    expect(entry.revocation?.url).toBe(expected.revocation?.url);
    expect(toConnectProvider(entry).tokenUrl).toBe(expected.tokenUrl);

    const listed = await availableProviders(ctx, { workspaceId });
    expect(listed.filter((p) => p.id === providerKey).map((p) => p.tokenUrl)).toEqual([expected.tokenUrl]);

    const audit = await db.auditLog.findFirstOrThrow({ where: { workspaceId, action: "custom_provider.added", details: { path: ["provider"], equals: providerKey } } });
    expect(audit.actorId).toBe(actorId);
    expect(audit.details).toMatchObject({ source: "discovery", name: "Local IdP", authorizationHost: new URL(demo.issuer).host });
  });

  it("names the key after the issuer's host when no name is given, also from a full .well-known URL", async () => {
    const workspace = await newWorkspace();
    const { providerKey } = await addCustomProviderFromDiscovery(ctx, { actorId, workspaceId: workspace, url: `${demo.issuer}/.well-known/openid-configuration` });
    expect(providerKey).toBe("127-0-0-1");
    expect((await findEntry(ctx, { workspaceId: workspace, providerKey })).name).toBe("127.0.0.1");
  });

  it("refuses an http URL on a public host with a field error and stores nothing", async () => {
    const before = await storedCount(workspaceId);
    const error = await failure(() => addCustomProviderFromDiscovery(ctx, { actorId, workspaceId, url: "http://login.acme.example" }));
    expect(isProviderDiscoveryError(error, "insecure_url")).toBe(true);
    expect(error.fieldErrors?.url).toMatch(/loopback hosts .* may use http; use https/);
    expect(await storedCount(workspaceId)).toBe(before);
  });

  it("asks for a URL when the field is empty", async () => {
    const error = await failure(() => addCustomProviderFromDiscovery(ctx, { actorId, workspaceId, url: "  " }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors).toEqual({ url: "Enter the issuer or its discovery URL." });
  });

  it("refuses the demo's loopback http when the app is deployed in production on a public host", async () => {
    const workspace = await newWorkspace();
    const error = await failure(() => addCustomProviderFromDiscovery({ ...ctx, runtime: publicProduction }, { actorId, workspaceId: workspace, url: demo.issuer }));
    expect(isProviderDiscoveryError(error, "insecure_url")).toBe(true);
    expect(error.fieldErrors?.url).toBe("The discovery URL must use https.");
    expect(await storedCount(workspace)).toBe(0);
  });

  it("accepts the demo's loopback http for a production build served on loopback (npm start)", async () => {
    const workspace = await newWorkspace();
    const { providerKey } = await addCustomProviderFromDiscovery({ ...ctx, runtime: localProduction }, { actorId, workspaceId: workspace, url: demo.issuer, name: "Demo again" });
    expect((await findEntry(ctx, { workspaceId: workspace, providerKey })).issuer).toBe(demo.issuer);
  });
});

describe("the loopback http rule", () => {
  it("allows http loopback outside production, or in production only when the app itself is on loopback", () => {
    expect(allowsHttpLoopback({ nodeEnv: "test", appUrl: "https://authpulse.acme.example" })).toBe(true);
    expect(allowsHttpLoopback({ nodeEnv: "development", appUrl: "http://localhost:3000" })).toBe(true);
    expect(allowsHttpLoopback(localProduction)).toBe(true);
    expect(allowsHttpLoopback({ nodeEnv: "production", appUrl: "http://[::1]:3000" })).toBe(true);
    expect(allowsHttpLoopback(publicProduction)).toBe(false);
    expect(allowsHttpLoopback({ nodeEnv: "production", appUrl: "http://127.0.0.1.nip.io:3000" })).toBe(false);
  });
});

describe("adding a provider by typing its endpoints", () => {
  it("adds an entry that findEntry and the Connect list return", async () => {
    const workspace = await newWorkspace();
    const { providerKey } = await addCustomProviderFromEndpoints(ctx, { actorId, workspaceId: workspace, input: typed });
    expect(providerKey).toBe("acme-crm");
    const entry = await findEntry(ctx, { workspaceId: workspace, providerKey });
    expect(entry.tokenUrl).toBe(typed.tokenUrl);
    expect(entry.revocation?.url).toBe(typed.revocationUrl);
    // All https: the entry does not carry the loopback exception.
    expect(entry.allowsLoopbackHttp).toBeUndefined();
    expect((await availableProviders(ctx, { workspaceId: workspace })).map((p) => p.id)).toContain("acme-crm");
    const audit = await db.auditLog.findFirstOrThrow({ where: { workspaceId: workspace, action: "custom_provider.added" } });
    expect(audit.details).toMatchObject({ provider: "acme-crm", source: "endpoints", authorizationHost: "login.acme.example" });
  });

  it("reads the form: scope separator, scopes, auth method, PKCE, and openid makes it OIDC", async () => {
    const workspace = await newWorkspace();
    const form = new FormData();
    const fields: Record<string, string> = {
      name: "Acme SSO",
      authorizationUrl: "https://sso.acme.example/authorize",
      tokenUrl: "https://sso.acme.example/token",
      revocationUrl: "",
      userinfoUrl: "https://sso.acme.example/userinfo",
      issuer: "https://sso.acme.example",
      scopeSeparator: "comma",
      defaultScopes: "openid, email  offline_access",
      tokenEndpointAuthMethod: "client_secret_post",
      pkce: "required",
    };
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    const { providerKey } = await addCustomProviderFromEndpoints(ctx, { actorId, workspaceId: workspace, input: endpointInputFromForm(endpointFormValues(form)) });
    const entry = await findEntry(ctx, { workspaceId: workspace, providerKey });
    expect(entry).toMatchObject({ id: "acme-sso", kind: "oidc", scopeSeparator: ",", defaultScopes: ["openid", "email", "offline_access"], tokenEndpointAuthMethod: "client_secret_post", pkce: "required", issuer: "https://sso.acme.example", userinfoUrl: "https://sso.acme.example/userinfo" });
    expect(entry.revocation).toBeUndefined();
  });

  it("refuses an http endpoint on a public host with a field error and stores nothing", async () => {
    const before = await storedCount(workspaceId);
    const error = await failure(() => addCustomProviderFromEndpoints(ctx, { actorId, workspaceId, input: { ...typed, tokenUrl: "http://login.acme.example/oauth/token" } }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors).toEqual({ tokenUrl: "tokenUrl may use http only on a loopback host (127.0.0.1, ::1, localhost)" });
    expect(await storedCount(workspaceId)).toBe(before);
  });

  it("refuses loopback http in a public production deployment", async () => {
    const local = { ...typed, authorizationUrl: "http://127.0.0.1:9000/authorize", tokenUrl: "http://127.0.0.1:9000/token", revocationUrl: undefined };
    const error = await failure(() => addCustomProviderFromEndpoints({ ...ctx, runtime: publicProduction }, { actorId, workspaceId, input: local }));
    expect(error.fieldErrors).toMatchObject({ authorizationUrl: "authorizationUrl must use https", tokenUrl: "tokenUrl must use https" });
    const workspace = await newWorkspace();
    const { providerKey } = await addCustomProviderFromEndpoints(ctx, { actorId, workspaceId: workspace, input: local });
    expect((await findEntry(ctx, { workspaceId: workspace, providerKey })).allowsLoopbackHttp).toBe(true);
  });

  it("puts each missing field's error under that field", async () => {
    const error = await failure(() => addCustomProviderFromEndpoints(ctx, { actorId, workspaceId, input: { ...typed, name: "", authorizationUrl: "" } }));
    expect(error.fieldErrors).toEqual({ name: "Give the provider a name.", authorizationUrl: "The authorization URL is required." });
  });
});

describe("provider keys", () => {
  it("gives a duplicate name a distinct key, and both stay reachable", async () => {
    const workspace = await newWorkspace();
    const first = await addCustomProviderFromEndpoints(ctx, { actorId, workspaceId: workspace, input: typed });
    const second = await addCustomProviderFromEndpoints(ctx, { actorId, workspaceId: workspace, input: { ...typed, tokenUrl: "https://eu.acme.example/oauth/token" } });
    expect([first.providerKey, second.providerKey]).toEqual(["acme-crm", "acme-crm-2"]);
    expect((await findEntry(ctx, { workspaceId: workspace, providerKey: "acme-crm-2" })).tokenUrl).toBe("https://eu.acme.example/oauth/token");
    expect((await findEntry(ctx, { workspaceId: workspace, providerKey: "acme-crm" })).tokenUrl).toBe(typed.tokenUrl);
  });

  it("gives simultaneous adds of one name distinct keys", async () => {
    const workspace = await newWorkspace();
    const added = await Promise.all([1, 2, 3, 4].map(() => addCustomProviderFromEndpoints(ctx, { actorId, workspaceId: workspace, input: typed })));
    expect(added.map((a) => a.providerKey).sort()).toEqual(["acme-crm", "acme-crm-2", "acme-crm-3", "acme-crm-4"]);
  });

  it("never shadows a catalog provider, the demo provider or the add-provider page", async () => {
    const workspace = await newWorkspace();
    const keys = [];
    for (const name of ["HubSpot", "Authpulse demo", "Custom"]) {
      keys.push((await addCustomProviderFromEndpoints(ctx, { actorId, workspaceId: workspace, input: { ...typed, name } })).providerKey);
    }
    expect(keys).toEqual(["hubspot-custom", "authpulse-demo-custom", "custom-custom"]);
    expect(await findEntry(ctx, { workspaceId: workspace, providerKey: "hubspot" })).toBe(findProvider("hubspot"));
    expect((await findEntry(ctx, { workspaceId: workspace, providerKey: "hubspot-custom" })).tokenUrl).toBe(typed.tokenUrl);
  });
});

describe("listing and deleting", () => {
  it("refuses to delete a provider an OAuth app or a connection uses, and says which", async () => {
    const workspace = await newWorkspace();
    const { providerKey } = await addCustomProviderFromEndpoints(ctx, { actorId, workspaceId: workspace, input: typed });
    await registerOAuthApp({ db, clock, keyring }, { actorId, workspaceId: workspace, providerKey, clientId: "acme-client", clientSecret: "acme-secret-value", authMethod: "client_secret_basic" });

    const byApp = await failure(() => deleteCustomProvider(ctx, { actorId, workspaceId: workspace, providerKey }));
    expect(byApp.code).toBe("CONFLICT");
    expect(byApp.message).toBe("Acme CRM cannot be deleted: an OAuth app is registered for it. Authpulse keeps a provider while anything refers to it.");

    await db.oAuthApp.deleteMany({ where: { workspaceId: workspace } });
    await db.connection.createMany({ data: [1, 2].map((n) => ({ workspaceId: workspace, providerKey, method: "authorization_code" as const, label: `Acme ${n}`, status: "disconnected" as const })) });
    const [view] = await listCustomProviders(ctx, { workspaceId: workspace });
    expect(view).toMatchObject({ providerKey, hasOAuthApp: false, connectionCount: 2, isValid: true });
    const byConnections = await failure(() => deleteCustomProvider(ctx, { actorId, workspaceId: workspace, providerKey }));
    expect(byConnections.code).toBe("CONFLICT");
    expect(byConnections.message).toMatch(/: 2 connections use it\./);
    expect(await storedCount(workspace)).toBe(1);
  });

  it("deletes an unused provider, which then disappears from Connect", async () => {
    const workspace = await newWorkspace();
    const { providerKey } = await addCustomProviderFromEndpoints(ctx, { actorId, workspaceId: workspace, input: typed });
    expect(await deleteCustomProvider(ctx, { actorId, workspaceId: workspace, providerKey })).toEqual({ providerKey, name: "Acme CRM" });
    expect((await failure(() => findEntry(ctx, { workspaceId: workspace, providerKey }))).code).toBe("NOT_FOUND");
    expect(await listCustomProviders(ctx, { workspaceId: workspace })).toEqual([]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { workspaceId: workspace, action: "custom_provider.deleted" } });
    expect(audit.details).toEqual({ provider: providerKey, name: "Acme CRM" });
  });

  it("keeps one workspace's provider invisible and undeletable from another (404)", async () => {
    const { providerKey } = await addCustomProviderFromEndpoints(ctx, { actorId, workspaceId, input: { ...typed, name: "Private CRM" } });
    expect(await listCustomProviders(ctx, { workspaceId: otherWorkspaceId })).toEqual([]);
    expect((await availableProviders(ctx, { workspaceId: otherWorkspaceId })).map((p) => p.id)).not.toContain(providerKey);
    expect((await failure(() => findEntry(ctx, { workspaceId: otherWorkspaceId, providerKey }))).code).toBe("NOT_FOUND");

    const refused = await failure(() => deleteCustomProvider(ctx, { actorId, workspaceId: otherWorkspaceId, providerKey }));
    expect(refused.code).toBe("NOT_FOUND");
    expect(refused.message).toBe("Custom provider not found.");
    expect((await findEntry(ctx, { workspaceId, providerKey })).name).toBe("Private CRM");
  });
});
