import "server-only";
import type { Logger } from "pino";
import { claimDueConnections } from "./claim";
import { runClaimedRefresh, type AttemptOutcome, type RefreshEngineContext } from "./refresh-connection";

export type RefreshLoopOptions = {
  ctx: RefreshEngineContext;
  /** Who holds the leases (the worker id). */
  owner: string;
  /** Refreshes in flight at once in this process. */
  concurrency: number;
  /** How long a claim is exclusive; must outlast one provider call (timeout) plus the commit. */
  leaseMs: number;
  /** Sleep between polls when nothing is due. */
  idlePollMs: number;
  log: Logger;
  /** Test hook: called after every attempt. */
  onOutcome?: (outcome: AttemptOutcome) => void;
};

export type RefreshLoopStats = { claimed: number; refreshed: number; failed: number; fenced: number; gone: number; errors: number };

export type RefreshLoop = {
  stats: () => RefreshLoopStats;
  /** Takes no new work, lets in-flight attempts call and commit, then resolves. */
  stop: () => Promise<void>;
};

/**
 * The refresh engine's worker loop: claims due connections (SKIP LOCKED, fenced leases) up to the
 * concurrency, runs one attempt per claim, and claims again as slots free up or every poll.
 */
export function startRefreshLoop(options: RefreshLoopOptions): RefreshLoop {
  const { ctx, log } = options;
  const stats: RefreshLoopStats = { claimed: 0, refreshed: 0, failed: 0, fenced: 0, gone: 0, errors: 0 };
  const inflight = new Set<Promise<void>>();
  let stopping = false;
  let wake: (() => void) | null = null;
  const nudge = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const launch = (claim: Parameters<typeof runClaimedRefresh>[1]) => {
    const task = runClaimedRefresh(ctx, claim)
      .then((outcome) => {
        stats[outcome.result] += 1;
        options.onOutcome?.(outcome);
      })
      .catch((error: unknown) => {
        stats.errors += 1;
        log.error({ connectionId: claim.connectionId, err: { message: error instanceof Error ? error.message : String(error) } }, "refresh attempt failed unexpectedly");
      })
      .finally(() => {
        inflight.delete(task);
        nudge();
      });
    inflight.add(task);
  };

  const run = async () => {
    while (!stopping) {
      const free = options.concurrency - inflight.size;
      let claimedAll = false;
      if (free > 0) {
        try {
          const claims = await claimDueConnections(ctx.db, { owner: options.owner, now: ctx.clock.now(), limit: free, leaseMs: options.leaseMs });
          stats.claimed += claims.length;
          for (const claim of claims) launch(claim);
          claimedAll = claims.length === free;
        } catch (error) {
          stats.errors += 1;
          log.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, "could not claim refresh work; retrying");
        }
      }
      if (stopping) break;
      // Full: wait for a slot. Drained the due set: wait for a slot or the next poll.
      if (claimedAll && inflight.size < options.concurrency) continue;
      await pause(inflight.size >= options.concurrency ? 60_000 : options.idlePollMs);
    }
    await Promise.allSettled([...inflight]);
  };

  const done = run();
  return {
    stats: () => ({ ...stats }),
    stop: async () => {
      stopping = true;
      nudge();
      await done;
    },
  };
}
