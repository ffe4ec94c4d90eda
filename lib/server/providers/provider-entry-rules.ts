import "server-only";
import type { z } from "zod";
import { isLoopbackHost } from "@/lib/server/demo-provider/loopback-host";
import type { ProviderEntry } from "./provider-entry-schema";
import { fillProviderUrl, ProviderUrlTemplateError, tokenPlaceholder, urlTemplatePlaceholders } from "./provider-url-template";

type Path = (string | number)[];

/** Every URL of an entry with where it sits, so an issue points at the right field. */
function entryUrls(entry: ProviderEntry): { path: Path; url: string }[] {
  const urls: { path: Path; url: string }[] = [
    { path: ["authorizationUrl"], url: entry.authorizationUrl },
    { path: ["tokenUrl"], url: entry.tokenUrl },
    { path: ["docs", "oauth"], url: entry.docs.oauth },
  ];
  const optional: [Path, string | undefined][] = [
    [["revocation", "url"], entry.revocation?.url],
    [["tokenInspection", "url"], entry.tokenInspection?.url],
    [["userinfoUrl"], entry.userinfoUrl],
    [["issuer"], entry.issuer],
    [["accountIdentity", "endpoint"], entry.accountIdentity.endpoint],
    [["docs", "scopes"], entry.docs.scopes],
    [["docs", "refresh"], entry.docs.refresh],
    [["api", "baseUrl"], entry.api?.baseUrl],
    [["api", "doc"], entry.api?.doc],
  ];
  for (const [path, url] of optional) if (url !== undefined) urls.push({ path, url });
  entry.docs.references?.forEach((url, index) => urls.push({ path: ["docs", "references", index], url }));
  return urls;
}

/** Why a filled-in URL is not acceptable, or undefined when it is. */
export function urlProblem(value: string, allowsLoopbackHttp: boolean, allowsFragment = false): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username !== "" || url.password !== "") return "must not carry credentials";
  if (url.hash !== "" && !allowsFragment) return "must not have a fragment";
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:") {
    if (!allowsLoopbackHttp) return "must use https";
    return isLoopbackHost(url.hostname) ? undefined : "may use http only on a loopback host (127.0.0.1, ::1, localhost)";
  }
  return "must use https";
}

/** The API base is joined with proxied paths and queries, so it carries no query of its own. */
function apiBaseUrlProblem(path: Path, filled: string): string | undefined {
  if (path.join(".") !== "api.baseUrl") return undefined;
  return new URL(filled).search === "" && !filled.includes("?") ? undefined : "must not have a query";
}

function checkUrls(entry: ProviderEntry, ctx: z.RefinementCtx): void {
  const allowsLoopbackHttp = entry.demo === true || entry.allowsLoopbackHttp === true;
  const variables = entry.urlTemplateVariables ?? [];
  const names = variables.map((variable) => variable.name);
  if (new Set(names).size !== names.length) {
    ctx.addIssue({ code: "custom", message: "URL template variables must have distinct names", path: ["urlTemplateVariables"] });
  }
  const tokenPaths = new Set(["revocation.url", "tokenInspection.url"]);
  for (const { path, url } of entryUrls(entry)) {
    const usesToken = urlTemplatePlaceholders(url).includes(tokenPlaceholder);
    if (usesToken && !tokenPaths.has(path.join("."))) {
      ctx.addIssue({ code: "custom", message: "{token} may appear only in revocation and inspection URLs", path });
      continue;
    }
    let filled: string;
    try {
      filled = fillProviderUrl(url, variables, {}, "TOKEN");
    } catch (error) {
      if (!(error instanceof ProviderUrlTemplateError)) throw error;
      ctx.addIssue({ code: "custom", message: error.message, path });
      continue;
    }
    // Documentation links may point at a section (#anchor); endpoints may not.
    const isDoc = path[0] === "docs" || path.join(".") === "api.doc";
    const problem = urlProblem(filled, allowsLoopbackHttp, isDoc) ?? apiBaseUrlProblem(path, filled);
    if (problem) ctx.addIssue({ code: "custom", message: `${path.join(".")} ${problem}`, path });
  }
  for (const [key, inspection] of [["revocation", entry.revocation], ["tokenInspection", entry.tokenInspection]] as const) {
    if (inspection === undefined) continue;
    const inPath = urlTemplatePlaceholders(inspection.url).includes(tokenPlaceholder);
    if ((inspection.tokenPlacement === "path") !== inPath) {
      ctx.addIssue({
        code: "custom",
        message: 'the URL contains {token} exactly when tokenPlacement is "path"',
        path: [key, "url"],
      });
    }
  }
}

function checkScopes(entry: ProviderEntry, ctx: z.RefinementCtx): void {
  const { defaultScopes, minimumScopes, scopeParameter } = entry;
  if (new Set(defaultScopes).size !== defaultScopes.length) {
    ctx.addIssue({ code: "custom", message: "defaultScopes has duplicates", path: ["defaultScopes"] });
  }
  if (scopeParameter === "not_used") {
    // Nothing is sent: the vendor's console decides, and minimumScopes says what it must grant.
    if (defaultScopes.length > 0) {
      ctx.addIssue({ code: "custom", message: 'defaultScopes must be empty when scopeParameter is "not_used"', path: ["defaultScopes"] });
    }
    return;
  }
  if (scopeParameter === "required" && defaultScopes.length === 0) {
    ctx.addIssue({ code: "custom", message: "this provider requires scopes: defaultScopes must not be empty", path: ["defaultScopes"] });
  }
  for (const scope of minimumScopes) {
    if (!defaultScopes.includes(scope)) {
      ctx.addIssue({ code: "custom", message: `minimum scope "${scope}" is missing from defaultScopes`, path: ["minimumScopes"] });
    }
  }
  if (entry.kind === "oidc" && !defaultScopes.includes("openid")) {
    ctx.addIssue({ code: "custom", message: 'an OIDC entry asks for the "openid" scope', path: ["defaultScopes"] });
  }
  if (entry.refreshTokenPolicy.issued === "with_offline_access") {
    const asksOffline =
      (entry.offlineScope !== undefined && defaultScopes.includes(entry.offlineScope)) ||
      entry.extraAuthorizationParams["access_type"] === "offline";
    if (!asksOffline) {
      ctx.addIssue({
        code: "custom",
        message: "refresh tokens need offline access: put offlineScope in defaultScopes or set access_type=offline",
        path: ["defaultScopes"],
      });
    }
  }
}

function checkConsistency(entry: ProviderEntry, ctx: z.RefinementCtx): void {
  const rotates = entry.refreshTokenRotates;
  if ((rotates === "sometimes" || rotates === "undocumented") && entry.refreshTokenRotationNote === undefined) {
    ctx.addIssue({ code: "custom", message: `refreshTokenRotates "${rotates}" needs a refreshTokenRotationNote`, path: ["refreshTokenRotationNote"] });
  }
  if (entry.refreshTokenPolicy.issued === "never" && rotates !== false) {
    ctx.addIssue({ code: "custom", message: "no refresh tokens, so refreshTokenRotates must be false", path: ["refreshTokenRotates"] });
  }
  const identity = entry.accountIdentity;
  if (identity.source === "api_endpoint" && identity.endpoint === undefined) {
    ctx.addIssue({ code: "custom", message: "an api_endpoint identity names its endpoint", path: ["accountIdentity", "endpoint"] });
  }
  if (identity.source === "userinfo" && entry.userinfoUrl === undefined) {
    ctx.addIssue({ code: "custom", message: "a userinfo identity needs userinfoUrl", path: ["accountIdentity", "source"] });
  }
  if (identity.source === "id_token" && entry.kind !== "oidc") {
    ctx.addIssue({ code: "custom", message: "only OIDC entries get an id_token", path: ["accountIdentity", "source"] });
  }
  if (entry.api !== undefined && entry.api.baseUrl === undefined && entry.api.baseUrlFromTokenResponse === undefined) {
    ctx.addIssue({ code: "custom", message: "api needs a baseUrl, a baseUrlFromTokenResponse, or both", path: ["api"] });
  }
  const inspected = ["introspection", "token_info"] as const;
  const needsInspection =
    identity.source === "introspection" || (inspected as readonly string[]).includes(entry.grantedScopesSource.source);
  if (needsInspection && entry.tokenInspection === undefined) {
    ctx.addIssue({ code: "custom", message: "introspection or token info needs a tokenInspection endpoint", path: ["tokenInspection"] });
  }
}

/** superRefine callback of providerEntrySchema: the rules a single field cannot express. */
export function checkProviderEntryRules(entry: ProviderEntry, ctx: z.RefinementCtx): void {
  checkUrls(entry, ctx);
  checkScopes(entry, ctx);
  checkConsistency(entry, ctx);
}
