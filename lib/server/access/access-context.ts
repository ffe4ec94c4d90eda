import "server-only";
import { vaultContext } from "@/lib/server/connect/connect-context";
import { logger } from "@/lib/server/logger";
import { ResolveCache } from "@/lib/server/refresh/token-source";
import type { FreshAccessTokenContext } from "./fresh-access-token";

let cache: ResolveCache | undefined;

/** The context of the public token API and proxy in the app: db, clock, keyring, logger, and a shared provider/app cache like the workers'. */
export function accessContext(): FreshAccessTokenContext {
  cache ??= new ResolveCache();
  return { ...vaultContext(), log: logger(), cache };
}
