// The dashboard APIs bench:dashboard measures. Add an entry per new dashboard endpoint; routes
// under app/api/dashboard that need no parameters and are not listed are found and measured too
// (with no query string), so a new screen's API is never silently left out.
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

export type BenchEndpoint = { name: string; path: string };

/** `ids` come from the seeded data (e.g. a connection that has errors, for the drill-down). */
export function dashboardEndpoints(ids: { erroringConnectionId: string }): BenchEndpoint[] {
  return [
    { name: "errors.series 24h", path: "/api/dashboard/errors/series?range=24h" },
    { name: "errors.series 7d (6h buckets)", path: "/api/dashboard/errors/series?range=7d" },
    { name: "errors.series 7d hourly", path: "/api/dashboard/errors/series?range=7d&bucket=1h" },
    { name: "errors.by-integration 24h", path: "/api/dashboard/errors/by-integration?range=24h" },
    { name: "errors.by-integration 7d", path: "/api/dashboard/errors/by-integration?range=7d" },
    { name: "errors.by-integration 7d env=prod", path: "/api/dashboard/errors/by-integration?range=7d&env=prod" },
    { name: "errors.events 7d (drill-down, first page)", path: `/api/dashboard/errors/events?range=7d&connection=${ids.erroringConnectionId}` },
    { name: "rotation (histogram + overdue by age)", path: "/api/dashboard/rotation?sort=age" },
    { name: "scopes (flagged connections)", path: "/api/dashboard/scopes?show=flagged" },
    { name: "overview (24 h trend)", path: "/api/dashboard/overview" },
    { name: "overview (7 d trend, erroring list)", path: "/api/dashboard/overview?trend=7d&state=erroring" },
    { name: "expiring 7 days", path: "/api/dashboard/expiring" },
    { name: "expiring 90 days env=prod", path: "/api/dashboard/expiring?days=90&env=prod" },
  ];
}

/** API paths of app/api/dashboard route handlers without dynamic segments. */
export function discoverDashboardRoutes(root: string): string[] {
  const base = join(root, "app", "api", "dashboard");
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/^route\.tsx?$/.test(entry)) {
        const rel = relative(join(root, "app"), dir).split(sep).join("/");
        if (!rel.includes("[")) found.push(`/${rel}`);
      }
    }
  };
  walk(base);
  return found.sort();
}

/** The listed endpoints plus discovered routes whose path no listed entry covers. */
export function allEndpoints(root: string, ids: { erroringConnectionId: string }): BenchEndpoint[] {
  const listed = dashboardEndpoints(ids);
  const covered = new Set(listed.map((e) => e.path.split("?")[0]));
  const extra = discoverDashboardRoutes(root)
    .filter((path) => !covered.has(path))
    .map((path) => ({ name: `${path.replace("/api/dashboard/", "").replace(/\//g, ".")} (discovered, no params)`, path }));
  return [...listed, ...extra];
}
