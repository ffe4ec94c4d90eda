// The credentials list's filters and sort, read from and written to the URL query so a filtered
// view can be shared as a link. Unknown values are ignored rather than failing the page.

import { isFormMethod, type FormMethod } from "./credential-form-fields";

type Params = Record<string, string | string[] | undefined>;

export type ListFilters = { method?: FormMethod; environment?: "prod" | "staging" | "dev"; ownerId?: string; workflow?: string; overdue?: boolean };
export type ListSort = "rotation_age" | "name";
export type ListQuery = { filters: ListFilters; sort: ListSort };

const one = (value: string | string[] | undefined): string => (typeof value === "string" ? value.trim() : "");

export function parseListQuery(params: Params): ListQuery {
  const filters: ListFilters = {};
  const method = one(params.method);
  if (isFormMethod(method)) filters.method = method;
  const environment = one(params.environment);
  if (environment === "prod" || environment === "staging" || environment === "dev") filters.environment = environment;
  const ownerId = one(params.owner);
  if (ownerId && ownerId.length <= 64) filters.ownerId = ownerId;
  const workflow = one(params.workflow);
  if (workflow && workflow.length <= 120) filters.workflow = workflow;
  const overdue = one(params.overdue);
  if (overdue === "1" || overdue === "0") filters.overdue = overdue === "1";
  return { filters, sort: one(params.sort) === "name" ? "name" : "rotation_age" };
}

export const hasFilters = (filters: ListFilters) => Object.values(filters).some((v) => v !== undefined);

/** The list URL for a query (defaults left out, so the plain list is just /credentials). */
export function listHref(query: ListQuery): string {
  const search = new URLSearchParams();
  const { method, environment, ownerId, workflow, overdue } = query.filters;
  if (method) search.set("method", method);
  if (environment) search.set("environment", environment);
  if (ownerId) search.set("owner", ownerId);
  if (workflow) search.set("workflow", workflow);
  if (overdue !== undefined) search.set("overdue", overdue ? "1" : "0");
  if (query.sort !== "rotation_age") search.set("sort", query.sort);
  const text = search.toString();
  return text ? `/credentials?${text}` : "/credentials";
}
