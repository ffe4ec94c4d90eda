// First-load JavaScript of an app-router page, from the production build's manifests: the root
// main files (runtime, React, Next's client) plus every entry chunk the page's client-reference
// manifest lists for its layouts, page and boundaries (an upper bound: boundaries may load late).
// Lazy chunks (next/dynamic, e.g. recharts) are not in these lists, which is the point of lazy loading.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

type RscManifest = { entryJSFiles?: Record<string, string[]> };

/** Gzipped bytes of the JS a first visit to `route` (e.g. "/(dashboard)/overview/page") downloads. */
export function firstLoadJs(root: string, route: string): { route: string; files: number; rawKiB: number; gzipKiB: number; method: string } {
  const next = join(root, ".next");
  const build = JSON.parse(readFileSync(join(next, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, RscManifest> } = {};
  sandbox.globalThis = sandbox;
  runInNewContext(readFileSync(join(next, "server", "app", `${route}_client-reference-manifest.js`), "utf8"), sandbox);
  const manifest = sandbox.__RSC_MANIFEST?.[route];
  if (!manifest?.entryJSFiles) throw new Error(`no client-reference manifest for ${route}`);
  const files = new Set([...build.rootMainFiles, ...Object.values(manifest.entryJSFiles).flat()]);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(next, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  const kib = (n: number) => Math.round((n / 1024) * 10) / 10;
  return { route, files: files.size, rawKiB: kib(raw), gzipKiB: kib(gzip), method: "rootMainFiles + all entryJSFiles of the page's client-reference manifest, gzip -9 each" };
}
