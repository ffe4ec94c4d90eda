// Adds a master key and rewraps every sealed value with it (npm run keys:rotate).
// Resumable, safe while the app serves. See docs/decisions/0006-master-key-rotation.md.
//   npm run keys:rotate                   add a key (or resume an unfinished rewrap) and rewrap
//   npm run keys:rotate -- --retire-old   finish the rewrap, then remove the old keys
//   npm run keys:rotate -- --status       report which key seals how many values; change nothing
// Options: --batch-size N (default 200).
// Exit codes: 0 done; 1 refused or some values could not be opened; 2 stopped early or values
// remain (rows locked by the app, interrupted): run it again.
import { parseArgs } from "node:util";
import pg from "pg";
import { z } from "zod";
import { databaseUrlSchema, describeEnvIssues } from "../lib/server/env";
import { KeyringError } from "../lib/server/vault/keyring";
import { masterKeySource } from "../lib/server/vault/master-key-source";
import { DEFAULT_BATCH_SIZE, rotateMasterKey, RotationError, type RotateMode, type RotateResult } from "../lib/server/vault/rotation/rotate-master-key";

const USAGE = "Usage: npm run keys:rotate [-- --retire-old | --status] [--batch-size N]";

const envSchema = z.object({
  DATABASE_URL: databaseUrlSchema,
  AUTHPULSE_DATA_DIR: z.string().min(1).default(".authpulse"),
  AUTHPULSE_MASTER_KEY_FILE: z.string().min(1).optional(),
  AUTHPULSE_MASTER_KEY: z.string().optional(),
});

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    options: {
      "retire-old": { type: "boolean", default: false },
      status: { type: "boolean", default: false },
      "batch-size": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args["retire-old"] && args.status) fail(`--retire-old and --status cannot be combined.\n${USAGE}`);
const batchSize = args["batch-size"] === undefined ? DEFAULT_BATCH_SIZE : Number(args["batch-size"]);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) fail(`--batch-size must be a whole number from 1 to 10000.\n${USAGE}`);
const mode: RotateMode = args["retire-old"] ? "retire" : args.status ? "status" : "rotate";

const parsedEnv = envSchema.safeParse(process.env);
if (!parsedEnv.success) fail(`Invalid configuration:\n${describeEnvIssues(parsedEnv.error)}`);
const env = parsedEnv.data;
if (env.AUTHPULSE_MASTER_KEY?.trim()) {
  fail(
    "keys:rotate needs a key file: AUTHPULSE_MASTER_KEY holds a single key, and a rotation must keep the old key next to the new one.\n" +
      'Move the key to a file first: write {"version":1,"primary":"k1","keys":{"k1":"<the key>"}} to a file readable only by Authpulse (chmod 600), ' +
      "set AUTHPULSE_MASTER_KEY_FILE to it, remove AUTHPULSE_MASTER_KEY, restart Authpulse, then run keys:rotate.",
  );
}
const keyFile = masterKeySource(env).file!;

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(2);
    console.error(`${signal}: stopping after the current batch (nothing is lost; run keys:rotate again to continue).`);
    controller.abort();
  });
}

const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 3 });
pool.on("error", () => undefined); // an idle client dropped by the server; the next query reports it

let result: RotateResult;
try {
  result = await rotateMasterKey({ pool, keyFile, mode, batchSize, signal: controller.signal, log: (m) => console.log(m) });
} catch (error) {
  await pool.end().catch(() => undefined);
  if (error instanceof RotationError || error instanceof KeyringError) fail(`keys:rotate stopped: ${error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) fail(`keys:rotate stopped: cannot reach the database (${message}). Nothing is lost; run keys:rotate again once it is reachable.`);
  fail(`keys:rotate stopped: ${message}\nNothing is lost: values already rewrapped are committed, the rest still open with the old key. Run keys:rotate again.`);
}
await pool.end();

console.log(
  JSON.stringify(
    {
      primary: result.primary,
      added: result.added,
      resumed: result.resumed,
      columns: result.columns.map((c) => ({ table: c.table, column: c.column, rewrapped: c.rewrapped, remaining: c.remaining, failed: c.failed, keys: c.keys })),
      failures: result.failures.map((f) => ({ table: f.table, column: f.column, id: f.id, keyId: f.keyId })),
      oldKeys: result.oldKeys,
      retired: result.retired,
      complete: result.complete,
    },
    null,
    2,
  ),
);

if (result.failures.length > 0) {
  fail(
    `${result.failures.length} value(s) could not be opened and were left as they are (listed above). ` +
      "They were tampered with, moved to another row, or sealed with a key that is not in the key file. Restore them from a backup or clear them (e.g. reconnect), then run keys:rotate again.",
  );
}
if (result.retireRefused) fail(result.retireRefused);
if (result.aborted || (!result.complete && mode !== "status")) {
  fail(`Stopped before every value was rewrapped to ${result.primary} (rows in use by the app are skipped). Run keys:rotate again to finish.`, 2);
}
if (mode === "status") {
  console.log(result.complete ? `Every sealed value uses ${result.primary}.` : `Some values still use an old key; run keys:rotate to finish the rewrap to ${result.primary}.`);
} else if (result.retired.length > 0) {
  console.log(`Retired ${result.retired.join(", ")}: removed from ${keyFile} and from the database. ${result.primary} is the only master key.`);
} else if (result.oldKeys.length > 0) {
  console.log(
    `Every sealed value now uses ${result.primary}. Old key(s) ${result.oldKeys.join(", ")} are kept in ${keyFile}; ` +
      "once your backups hold the new file, remove them with: npm run keys:rotate -- --retire-old",
  );
} else {
  console.log(`Every sealed value uses ${result.primary}; there are no old keys.`);
}
