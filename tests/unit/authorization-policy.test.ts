import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

function walk(dir: string, match: (file: string) => boolean, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, match, out);
    else if (match(full)) out.push(full);
  }
  return out;
}

/** Exported async functions of a file with the text of their bodies. */
function exportedFunctions(source: string): { name: string; body: string }[] {
  const found: { name: string; body: string }[] = [];
  const pattern = /export async function (\w+)\s*\([^)]*\)[^{]*\{/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(source))) {
    let depth = 1;
    let i = pattern.lastIndex;
    while (depth > 0 && i < source.length) {
      if (source[i] === "{") depth++;
      if (source[i] === "}") depth--;
      i++;
    }
    found.push({ name: match[1]!, body: source.slice(pattern.lastIndex, i) });
  }
  return found;
}

// Server actions any signed-in member (or an anonymous visitor with a one-time token) may call.
const NOT_ADMIN_ONLY: Record<string, string> = {
  completeSetupAction: "anonymous: guarded by the one-time set-up token",
  acceptInviteAction: "anonymous or member: guarded by the one-time invite token",
  switchWorkspaceAction: "any member: only to workspaces they belong to",
  createWorkspaceAction: "any member: creates a workspace they alone administer",
};

describe("every server action checks the role on the server", () => {
  const files = walk(join(ROOT, "lib", "server", "actions"), (f) => f.endsWith(".ts") && readFileSync(f, "utf8").startsWith('"use server"'));
  const actions = files.flatMap((file) => exportedFunctions(readFileSync(file, "utf8")).map((fn) => ({ file: relative(ROOT, file), ...fn })));

  it("finds the server actions", () => {
    expect(actions.length).toBeGreaterThanOrEqual(9);
  });

  for (const action of actions) {
    it(`${action.name} (${action.file}) is admin-only or has a stated reason`, () => {
      const firstStatement = action.body.trim().split("\n")[0] ?? "";
      if (NOT_ADMIN_ONLY[action.name]) {
        expect(action.body).toMatch(/requirePageContext\(\)|getCurrentUser\(\)|completeSetup\(|acceptInvite\(/);
      } else {
        expect(firstStatement).toContain('await requirePageContext({ role: "admin" })');
      }
    });
  }
});

describe("every route handler goes through the one wrapper and checks who is calling", () => {
  const PUBLIC_ROUTES: Record<string, string> = {
    "app/api/health/route.ts": "load balancers and uptime checks; reveals no hostnames or data",
    "app/api/auth/[...nextauth]/route.ts": "next-auth's own endpoints (login, logout, CSRF token)",
    "app/api/oauth/callback/route.ts": "the OAuth redirect target: requires the session itself and the state bound to it",
    "app/api/v1/credentials/[credentialId]/route.ts": "authenticated by Authpulse API key (lib/server/api-keys)",
    "app/api/v1/connections/[connectionId]/access-token/route.ts": "authenticated by Authpulse API key scoped to the connection (apiRoute)",
    "app/api/v1/proxy/[connectionId]/[...path]/route.ts": "authenticated by Authpulse API key scoped to the connection (apiRoute)",
    "app/api/v1/events/route.ts": "authenticated by Authpulse API key scoped to the connection (apiRoute)",
    "app/api/webhooks/[sourceId]/route.ts": "inbound webhooks: authenticated by the sender's signature with the source's vault secret (lib/server/webhooks)",
    // Public on purpose: the API's description, no data; integrators read it before they have a key.
    "app/api/v1/openapi.json/route.ts": "the public API's OpenAPI document: static, describes endpoints, never data",
  };
  const routes = walk(join(ROOT, "app"), (f) => f.endsWith("route.ts")).map((f) => relative(ROOT, f));

  for (const file of routes) {
    it(`${file} is authenticated or explicitly public`, () => {
      const source = readFileSync(join(ROOT, file), "utf8");
      if (PUBLIC_ROUTES[file]) {
        // API-key routes must still authenticate: through apiRoute (or a handler factory built on it).
        if (file.startsWith("app/api/v1/") && !file.endsWith("openapi.json/route.ts")) expect(source).toMatch(/Handler\(|apiRoute\(/);
        return expect(PUBLIC_ROUTES[file]).toBeTruthy();
      }
      // Dashboard reads go through dashboardRoute, which is route() + requireApiContext() (checked below).
      if (/= dashboardRoute\(/.test(source)) return;
      expect(source).toMatch(/= route(<[^>]*>)?\(/);
      expect(source).toMatch(/await requireApiContext\(/);
    });
  }

  it("dashboardRoute is route() plus requireApiContext()", () => {
    const source = readFileSync(join(ROOT, "lib/server/dashboard/dashboard-route.ts"), "utf8");
    expect(source).toMatch(/return route\(async/);
    expect(source).toMatch(/await requireApiContext\(\)/);
  });
});

describe("pages under the dashboard require a workspace context", () => {
  const pages = walk(join(ROOT, "app", "(dashboard)"), (f) => f.endsWith("page.tsx")).map((f) => relative(ROOT, f));
  const ADMIN_PAGES = ["app/(dashboard)/settings/members/page.tsx", "app/(dashboard)/settings/api-keys/page.tsx", "app/(dashboard)/settings/alerts/page.tsx"];

  it("finds the dashboard pages", () => {
    expect(pages.length).toBeGreaterThanOrEqual(9);
  });

  for (const file of pages) {
    it(`${file} calls requirePageContext${ADMIN_PAGES.includes(file) ? " with the admin role" : ""}`, () => {
      const source = readFileSync(join(ROOT, file), "utf8");
      expect(source).toContain(ADMIN_PAGES.includes(file) ? 'requirePageContext({ role: "admin" })' : "requirePageContext(");
    });
  }
});
