/** Injected wherever behaviour depends on time, so tests move the clock instead of sleeping. */
export type Clock = { now: () => Date };

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(start: Date | string): Clock & { advance: (ms: number) => void; set: (d: Date | string) => void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    advance: (ms: number) => {
      current = new Date(current.getTime() + ms);
    },
    set: (d: Date | string) => {
      current = new Date(d);
    },
  };
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
