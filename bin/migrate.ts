// Applies pending migrations from prisma/migrations to DATABASE_URL (npm run db:migrate).
// See docs/decisions/0001-migrator.md.
import path from "node:path";
import { databaseUrlSchema } from "../lib/server/env";
import { isMigrationError, migrateDatabase } from "../lib/server/migrate";

const parsed = databaseUrlSchema.safeParse(process.env.DATABASE_URL);
if (!parsed.success) {
  console.error(parsed.error.issues.map((issue) => issue.message).join("\n"));
  process.exit(1);
}

try {
  const result = await migrateDatabase({
    connectionString: parsed.data,
    migrationsDir: path.resolve("prisma/migrations"),
    log: (message) => console.log(message),
  });
  if (result.applied.length === 0) {
    console.log(`Database is up to date (${result.alreadyApplied} migrations already applied).`);
  } else {
    console.log(`Applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`);
  }
} catch (error) {
  if (!isMigrationError(error)) throw error;
  console.error(`Migration stopped (${error.code}): ${error.message}`);
  process.exit(1);
}
