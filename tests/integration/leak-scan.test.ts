import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import { createCredential } from "@/lib/server/credentials/create-credential";
import { rotateCredential } from "@/lib/server/credentials/rotate-credential";
import { createDb, type Db } from "@/lib/server/db";
import { ServiceError } from "@/lib/server/errors";
import { scanUpload } from "@/lib/server/leak-scan/scan-upload";
import { generateKeyringFile, parseKeyring, type Keyring } from "@/lib/server/vault/keyring";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { tablesContaining } from "./support/database-text";

// Secrets are generated at run time: nothing secret-looking is committed.
const rand = (n: number) => Array.from({ length: n }, () => "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[Math.floor(Math.random() * 57)]).join("");
const HUBSPOT_TOKEN = `pat-na1-${rand(8)}`.toLowerCase() + "-canary";
const CLAY_KEY = `clay_${rand(32)}`;
const OLD_CLAY_KEY = `clay_${rand(32)}`;
const STRIPE_UNKNOWN = `sk_live_${rand(28)}`;
const SLACK_UNKNOWN = `xoxb-${rand(12)}-${rand(12)}`;

let database: TestDatabase;
let db: Db;
const keyring: Keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
const clock = fixedClock("2026-12-01T10:00:00Z");
let ctx: { db: Db; clock: typeof clock; keyring: Keyring };
let workspaceId: string;
let adminId: string;
let hubspotId: string;
let clayId: string;

const scan = (fileName: string, text: string | Uint8Array) => scanUpload(ctx, { workspaceId, actorId: adminId, fileName, bytes: typeof text === "string" ? new TextEncoder().encode(text) : text });

/** An n8n workflow export as n8n writes it: nodes with HTTP Request parameters and a Code node. */
function n8nExport(): string {
  return JSON.stringify({
    name: "Lead routing",
    nodes: [
      { id: "a1", name: "Webhook", type: "n8n-nodes-base.webhook", typeVersion: 2, position: [0, 0], parameters: { path: "leads", httpMethod: "POST" } },
      {
        id: "b2",
        name: "Create HubSpot contact",
        type: "n8n-nodes-base.httpRequest",
        typeVersion: 4.2,
        position: [220, 0],
        parameters: {
          method: "POST",
          url: "https://api.hubapi.com/crm/v3/objects/contacts",
          sendHeaders: true,
          headerParameters: { parameters: [{ name: "Authorization", value: `Bearer ${HUBSPOT_TOKEN}` }, { name: "Content-Type", value: "application/json" }] },
        },
      },
      { id: "c3", name: "Enrich", type: "n8n-nodes-base.code", typeVersion: 2, position: [440, 0], parameters: { jsCode: `const res = await fetch('https://api.clay.com/v1/enrich', { headers: { 'x-api-key': '${CLAY_KEY}' } });\nreturn res;` } },
      { id: "d4", name: "Notify", type: "n8n-nodes-base.httpRequest", typeVersion: 4.2, position: [660, 0], parameters: { url: "https://slack.com/api/chat.postMessage", headerParameters: { parameters: [{ name: "Authorization", value: `Bearer ${SLACK_UNKNOWN}` }] } } },
      { id: "e5", name: "Uses a credential", type: "n8n-nodes-base.hubspot", typeVersion: 2, position: [880, 0], parameters: { authentication: "appToken" }, credentials: { hubspotAppToken: { id: "12", name: "HubSpot account" } } },
    ],
    connections: { Webhook: { main: [[{ node: "Create HubSpot contact", type: "main", index: 0 }]] } },
    settings: { executionOrder: "v1" },
  });
}

/** A Make scenario blueprint: modules with mapper fields. */
function makeBlueprint(): string {
  return JSON.stringify({
    name: "Invoice sync",
    flow: [
      { id: 1, module: "http:ActionSendData", version: 3, mapper: { url: "https://api.stripe.com/v1/invoices", method: "get", headers: [{ name: "Authorization", value: `Bearer ${STRIPE_UNKNOWN}` }] } },
      { id: 2, module: "http:ActionSendData", version: 3, mapper: { url: "https://api.clay.com/v1/rows", qs: [{ name: "api_key", value: OLD_CLAY_KEY }] } },
    ],
    metadata: { version: 1, scenario: { roundtrips: 1 } },
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  ctx = { db, clock, keyring };
  const ws = await db.workspace.create({ data: { name: "Acme", slug: "acme" } });
  const admin = await db.user.create({ data: { email: "admin@acme.example", name: "Admin" } });
  await db.membership.create({ data: { workspaceId: ws.id, userId: admin.id, role: "admin" } });
  workspaceId = ws.id;
  adminId = admin.id;
  hubspotId = (await createCredential(ctx, { actorId: adminId, workspaceId, input: { name: "HubSpot private app", provider: "HubSpot", method: "bearer", token: HUBSPOT_TOKEN } as never })).credential.id;
  clayId = (await createCredential(ctx, { actorId: adminId, workspaceId, input: { name: "Clay API key", provider: "Clay", method: "api_key", secret: OLD_CLAY_KEY, placement: "header", headerName: "x-api-key", headerScheme: null } as never })).credential.id;
  // The key in the Make blueprint is the one rotated away from: still found, marked retired once the overlap ends.
  await rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId: clayId, newSecret: CLAY_KEY, overlapHours: 24 });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("the leak scanner", () => {
  it("finds a stored HubSpot token and Clay key in an n8n export, by fingerprint, with the path of each", async () => {
    const result = await scan("lead-routing.json", n8nExport());
    expect(result.format).toBe("json");
    const stored = result.hits.filter((h) => h.kind === "stored_credential").map((h) => [h.path, h.credentialId, h.severity]);
    expect(stored).toEqual(
      expect.arrayContaining([
        ["$.nodes[1].parameters.headerParameters.parameters[0].value", hubspotId, "critical"],
        ["$.nodes[2].parameters.jsCode", clayId, "critical"],
      ]),
    );
    const slack = result.hits.find((h) => h.kind === "pattern" && h.path === "$.nodes[3].parameters.headerParameters.parameters[0].value");
    expect(slack).toMatchObject({ label: "Slack token", severity: "critical", preview: `xoxb-…${SLACK_UNKNOWN.slice(-4)}` });
    // The n8n credential reference (an id and a name) is not a leak.
    expect(result.hits.some((h) => h.path.includes("nodes[4]"))).toBe(false);
  });

  it("finds an unknown Stripe live key and a rotated-away Clay key in a Make blueprint", async () => {
    const result = await scan("invoice-sync.blueprint.json", makeBlueprint());
    expect(result.hits.find((h) => h.path === "$.flow[0].mapper.headers[0].value")).toMatchObject({ kind: "pattern", label: "Stripe live secret or restricted key", preview: `sk_live_…${STRIPE_UNKNOWN.slice(-4)}` });
    expect(result.hits.find((h) => h.path === "$.flow[1].mapper.qs[0].value")).toMatchObject({ kind: "stored_credential", credentialId: clayId, state: "overlap" });
  });

  it("reads .env files and Clay CSV exports, and flags a PEM private key in plain text", async () => {
    const env = await scan(".env", `# prod\nHUBSPOT_TOKEN=${HUBSPOT_TOKEN}\nDEBUG=true\n`);
    expect(env.hits).toEqual([expect.objectContaining({ path: "line 2 (HUBSPOT_TOKEN)", credentialId: hubspotId })]);
    const csv = await scan("clay-table.csv", `Company,Enrichment key\nAcme,${CLAY_KEY}\n`);
    expect(csv.hits).toEqual([expect.objectContaining({ path: 'row 1, column "Enrichment key"', credentialId: clayId })]);
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const pem = privateKey.export({ type: "sec1", format: "pem" }).toString();
    const text = await scan("notes.txt", `deploy notes\n${pem}`);
    expect(text.hits).toEqual([expect.objectContaining({ path: "line 2", kind: "pattern", label: "PEM private key", preview: "-----BEGIN … PRIVATE KEY-----" })]);
  });

  it("refuses oversized, empty and binary files with a clear error, storing nothing", async () => {
    const before = await db.leakScan.count();
    const big = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x61);
    const errors = await Promise.all([scan("big.txt", big), scan("empty.txt", ""), scan("image.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]))].map((p) => p.then(() => null, (e: unknown) => e)));
    expect(errors.map((e) => (e instanceof ServiceError ? [e.status, e.message.slice(0, 20)] : e))).toEqual([
      [413, "The file is larger t"],
      [400, "The file is empty."],
      [400, "The file is not UTF-"],
    ]);
    expect(await db.leakScan.count()).toBe(before);
  });

  it("keeps only paths, labels and masked previews: no uploaded secret reaches the database", async () => {
    const scans = await db.leakScan.findMany({ orderBy: { createdAt: "asc" } });
    expect(scans.length).toBe(5);
    expect(scans[0]).toMatchObject({ fileName: "lead-routing.json", format: "json", storedHits: 2 });
    for (const secret of [HUBSPOT_TOKEN, CLAY_KEY, OLD_CLAY_KEY, STRIPE_UNKNOWN, SLACK_UNKNOWN]) expect(await tablesContaining(database.url, secret.slice(6, -4))).toEqual([]);
    expect(await db.auditLog.count({ where: { action: "leak_scan.run" } })).toBe(5);
  });
});
