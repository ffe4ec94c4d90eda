import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument, type HttpMethod, type Operation } from "@/lib/server/api-docs/openapi";

const ROOT = join(import.meta.dirname, "..", "..");
const V1 = join(ROOT, "app", "api", "v1");
const METHODS: HttpMethod[] = ["get", "post", "put", "patch", "delete"];

function routeFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) routeFiles(full, out);
    else if (entry === "route.ts") out.push(full);
  }
  return out;
}

/** app/api/v1/proxy/[connectionId]/[...path]/route.ts → /api/v1/proxy/{connectionId}/{path} */
function urlPathOf(file: string): string {
  const folders = relative(join(ROOT, "app"), file).split(sep).slice(0, -1);
  return `/${folders.map((f) => f.replace(/^\[\.\.\.(\w+)\]$/, "{$1}").replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
}

/** The HTTP methods a route file exports (export const GET = …, export function GET, export async function GET). */
function exportedMethods(file: string): HttpMethod[] {
  const source = readFileSync(file, "utf8");
  return METHODS.filter((m) => new RegExp(`export\\s+(const|(async\\s+)?function)\\s+${m.toUpperCase()}\\b`).test(source));
}

const routes = new Map(routeFiles(V1).map((file) => [urlPathOf(file), file]));
const text = JSON.stringify(openApiDocument);
const doc = JSON.parse(text) as typeof openApiDocument;
const operations = Object.entries(doc.paths).flatMap(([path, item]) => METHODS.flatMap((m) => (item[m] ? [{ path, method: m, op: item[m] as Operation }] : [])));

function resolve(pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  return pointer
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), doc);
}

function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.push(value);
      else refsIn(value, out);
    }
  }
  return out;
}

function paramsOf(op: Operation, path: string) {
  const item = doc.paths[path]!;
  return [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => ("$ref" in p ? (resolve(p.$ref) as { name: string; in: string }) : p));
}

describe("the OpenAPI document of /api/v1", () => {
  it("is an OpenAPI 3.1 JSON document with a bearer security scheme for ap_live_ keys", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.components.securitySchemes.apiKeyBearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(JSON.stringify(doc.components.securitySchemes)).toContain("ap_live_");
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it("finds the v1 route files", () => {
    expect([...routes.keys()].sort()).toEqual(
      expect.arrayContaining(["/api/v1/credentials/{credentialId}", "/api/v1/connections/{connectionId}/access-token", "/api/v1/proxy/{connectionId}/{path}", "/api/v1/events", "/api/v1/openapi.json"]),
    );
  });

  for (const [path, file] of routes) {
    it(`documents ${path} with exactly the methods ${relative(ROOT, file)} exports`, () => {
      expect(doc.paths[path], `${path} is not documented`).toBeDefined();
      const documented = METHODS.filter((m) => doc.paths[path]![m]);
      expect(documented).toEqual(exportedMethods(file));
    });
  }

  it("has a route file for every documented path", () => {
    for (const path of Object.keys(doc.paths)) expect(routes.has(path), `${path} has no route file`).toBe(true);
  });

  it("declares every path template parameter, gives every operation a unique id and responses, and every $ref resolves", () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations) {
      const declared = paramsOf(op, path).filter((p) => p.in === "path").map((p) => p.name).sort();
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(declared, `${method} ${path}`).toEqual(templated);
      expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(0);
      for (const status of Object.keys(op.responses)) expect(status).toMatch(/^[1-5]\d\d$/);
    }
    for (const pointer of refsIn(doc)) expect(resolve(pointer), pointer).toBeDefined();
  });

  it("requires the API key everywhere except on the document itself", () => {
    for (const { path, op } of operations) {
      if (path === "/api/v1/openapi.json") expect(op.security).toEqual([]);
      else expect(op.security).toBeUndefined();
    }
    expect(doc.security.length).toBeGreaterThan(0);
  });

  it("shows only obviously fake secrets in its examples", () => {
    expect(text).not.toMatch(/ap_(live|test)_[A-Za-z0-9_-]{43}/);
    for (const match of text.matchAll(/"accessToken":"([^"]*)"/g)) expect(match[1]).toMatch(/example/);
  });
});
