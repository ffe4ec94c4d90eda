import "server-only";
import type { ServiceContext } from "../../context";
import type { FetchFn } from "../../oauth/outbound-http";
import type { Keyring } from "../../vault/keyring";

/** What machine-connection services receive: db, clock, keyring, and (for tests) the fetch to call providers with. */
export type MachineContext = ServiceContext & { keyring: Keyring; fetch?: FetchFn; timeoutMs?: number };

/** Transport options for the oauth building blocks, taken from the context. */
export function transportOf(ctx: MachineContext): { fetch?: FetchFn; timeoutMs?: number; now: () => Date } {
  return { ...(ctx.fetch ? { fetch: ctx.fetch } : {}), ...(ctx.timeoutMs ? { timeoutMs: ctx.timeoutMs } : {}), now: () => ctx.clock.now() };
}
