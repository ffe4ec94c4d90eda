import { z } from "zod";

// The filters every dashboard list shares (issue 7): they live in the URL so a link can be
// shared. The workspace is the one chosen in the sidebar; `ws` carries its slug in shared
// links so a colleague in another workspace is told to switch instead of seeing other data.

const text = (max: number) => z.string().trim().min(1).max(max);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

export const dashboardFiltersSchema = z.object({
  ws: optional(z.string().trim().regex(/^[a-z0-9-]{1,64}$/, "Not a workspace slug.")),
  env: optional(text(32)),
  provider: optional(text(64)),
  // a user id, or "none" for items without an owner
  owner: optional(text(64)),
  workflow: optional(text(120)),
});

export type DashboardFilters = z.infer<typeof dashboardFiltersSchema>;

export const FILTER_KEYS = ["env", "provider", "owner", "workflow"] as const satisfies readonly (keyof DashboardFilters)[];

/** Reads the shared filters from a query string; a malformed value throws a ZodError (400 in routes). */
export function parseDashboardFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): DashboardFilters {
  const get = (key: string) => {
    if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
    const value = params[key];
    return Array.isArray(value) ? value[0] : value;
  };
  return dashboardFiltersSchema.parse({ ws: get("ws"), env: get("env"), provider: get("provider"), owner: get("owner"), workflow: get("workflow") });
}

/** The same, for pages: a malformed value is dropped instead of failing the page. */
export function readDashboardFilters(params: Record<string, string | string[] | undefined>): DashboardFilters {
  const out: DashboardFilters = {};
  for (const key of ["ws", ...FILTER_KEYS] as const) {
    const value = params[key];
    const parsed = dashboardFiltersSchema.shape[key].safeParse(Array.isArray(value) ? value[0] : value);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out;
}

/** Query-string pairs for the filters that are set (plus any extra pairs such as a range). */
export function filterSearchParams(filters: DashboardFilters, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["ws", ...FILTER_KEYS] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  return params;
}

/** `path?query` with the filters (no trailing `?` when none are set). */
export function withFilters(path: string, filters: DashboardFilters, extra: Record<string, string | undefined> = {}): string {
  const query = filterSearchParams(filters, extra).toString();
  return query ? `${path}?${query}` : path;
}

export function hasFilters(filters: DashboardFilters): boolean {
  return FILTER_KEYS.some((key) => Boolean(filters[key]));
}
