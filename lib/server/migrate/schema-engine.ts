// Dev/test only: Prisma's schema engine compiled to wasm (@prisma/schema-engine-wasm is a
// devDependency). Never import this from the runtime app path.
import "server-only";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";

export type { SchemaEngine };

/** A started engine and the pool it runs on; always call dispose(). */
export interface SchemaEngineHandle {
  engine: SchemaEngine;
  /** Frees the engine and closes its connections (free() alone leaves them open). */
  dispose(): Promise<void>;
}

let engineClass: Promise<typeof SchemaEngine> | undefined;

type ScriptRunner = { executeScript(script: string): Promise<void> };
type AdapterInternals = { client: { query(text: string): Promise<unknown> }; onError(error: unknown): never };

/**
 * @prisma/adapter-pg's executeScript splits a script on every ";", which cuts a $$-quoted
 * function body (our rollup triggers) in pieces. Postgres runs a whole multi-statement script
 * in one simple-protocol query, which is what Prisma's native engine sends; do the same.
 */
function runWholeScripts<T extends ScriptRunner>(adapter: T): T {
  const internals = adapter as unknown as AdapterInternals;
  adapter.executeScript = async (script: string) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}

class WholeScriptPg extends PrismaPg {
  override async connect() {
    return runWholeScripts(await super.connect());
  }
  override async connectToShadowDb() {
    return runWholeScripts(await super.connectToShadowDb());
  }
}

/**
 * Instantiates schema_engine_bg.wasm ourselves instead of importing the package entry,
 * whose `import * as wasm from "./x.wasm"` needs `node --experimental-wasm-modules` on
 * Node 20 (and would need it inside vitest workers too).
 */
async function loadEngineClass(): Promise<typeof SchemaEngine> {
  const require = createRequire(import.meta.url);
  const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
  const glue: Record<string, unknown> = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const imports: WebAssembly.Imports = { "./schema_engine_bg.js": glue as WebAssembly.ModuleImports };
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), imports);
  const setWasm = glue.__wbg_set_wasm;
  const start = instance.exports.__wbindgen_start;
  if (typeof setWasm !== "function" || typeof start !== "function" || typeof glue.SchemaEngine !== "function") {
    throw new Error("@prisma/schema-engine-wasm changed shape: __wbg_set_wasm, __wbindgen_start or SchemaEngine missing");
  }
  setWasm(instance.exports);
  start();
  return glue.SchemaEngine as typeof SchemaEngine;
}

/**
 * Starts the wasm schema engine for `schema` (schema.prisma text) on a pg driver adapter.
 * It needs a reachable Postgres even for work that never touches the database.
 */
export async function createSchemaEngine(options: {
  connectionString: string;
  schema: string;
  log?: (line: string) => void;
}): Promise<SchemaEngineHandle> {
  engineClass ??= loadEngineClass();
  const Engine = await engineClass;
  // Our own pool, so dispose() can close it: the engine neither closes its connections on
  // free() nor releases the advisory lock that applyMigrations takes (it lingers until the
  // pool's idle timeout).
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 1 });
  pool.on("error", () => undefined);
  // The engine wants the migration-aware, error-capturing wrapper, not the bare factory.
  const adapter = bindMigrationAwareSqlAdapterFactory(new WholeScriptPg(pool));
  let engine: SchemaEngine;
  try {
    engine = await Engine.new({ datamodels: [["schema.prisma", options.schema]] }, options.log ?? (() => undefined), adapter);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return {
    engine,
    dispose: async () => {
      engine.free();
      await pool.end().catch(() => undefined);
    },
  };
}
