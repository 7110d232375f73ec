/**
 * An instant as ISO-8601 with the Asia/Shanghai offset (+08:00), as every instant on the wire.
 * Local until libs/process has the shared formatInstant (branch refactor); then this file goes.
 */
export function formatInstant(ms: number): string {
  const shifted = new Date(ms + 8 * 3_600_000).toISOString(); // e.g. 2026-12-08T00:00:00.000Z in Shanghai wall time
  return `${shifted.slice(0, 19)}+08:00`;
}
