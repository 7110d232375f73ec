/**
 * Slowing down instead of locking out. A limit that refuses an account or a petition outright can
 * be tripped on purpose by anyone who knows its name or id, locking out the real user; a delay
 * costs a guesser time on every further try and costs the real user a few seconds at most.
 *
 * After `freeFailures` failures in the window, each further attempt waits 1 s, then 2 s, 4 s, …,
 * never more than `maxDelayMs`.
 */
export function slowDownDelayMs(failures: number, freeFailures: number, maxDelayMs: number): number {
  if (failures < freeFailures) return 0;
  const doublings = Math.min(failures - freeFailures, 30);
  return Math.min(1000 * 2 ** doublings, maxDelayMs);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
