// First-load JavaScript of a built page (gzip), from the production build's manifests: the
// root main files plus every client entry the route's layouts and page need. Lazy chunks
// (next/dynamic, e.g. recharts) are reported apart. Run after `next build`:
//   node --import tsx tests/bench/first-load-js.ts "/(dashboard)/overview"
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

const route = process.argv[2] ?? "/(dashboard)/overview";
const dir = join(".next", "server", "app", route);
const sandbox: { globalThis: { __RSC_MANIFEST: Record<string, { entryJSFiles: Record<string, string[]> }> } } = { globalThis: { __RSC_MANIFEST: {} } };
runInNewContext(readFileSync(join(dir, "page_client-reference-manifest.js"), "utf8"), sandbox);
const manifest = Object.values(sandbox.globalThis.__RSC_MANIFEST)[0]!;
const build = JSON.parse(readFileSync(join(dir, "page", "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
const lazy = JSON.parse(readFileSync(join(dir, "page", "react-loadable-manifest.json"), "utf8")) as Record<string, { files: string[] }>;
const gzipKb = (files: Iterable<string>) => +([...new Set(files)].reduce((sum, f) => sum + gzipSync(readFileSync(join(".next", f))).length, 0) / 1024).toFixed(1);
const firstLoad = [...build.rootMainFiles, ...Object.values(manifest.entryJSFiles).flat()];
console.log(JSON.stringify({ route, firstLoadGzipKB: gzipKb(firstLoad), targetKB: 300, lazyGzipKB: gzipKb(Object.values(lazy).flatMap((l) => l.files)) }));
