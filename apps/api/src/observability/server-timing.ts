/**
 * The API's own cost per request, apart from the time it waits for Temporal: with API_SERVER_TIMING=1
 * every answer carries `Server-Timing: api;dur=<ms>, temporal;dur=<ms>` (the benchmark reads it, as
 * "API work per action"). Off by default: a production answer says nothing about where its time went.
 */
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from '@/libs/temporal/request-id';

export interface RequestTiming {
  startedAt: number;
  /** Milliseconds spent awaiting Temporal calls wrapped in awaitingTemporal. */
  temporalMs: number;
}

export type TimedRequest = Request & { timing?: RequestTiming };

export function serverTiming(req: TimedRequest, res: Response, next: NextFunction): void {
  const timing: RequestTiming = { startedAt: performance.now(), temporalMs: 0 };
  req.timing = timing;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
  // The last moment a header can be added: every byte of the handler's work (the audit record
  // included) is done by then.
  res.writeHead = ((...args: unknown[]) => {
    if (!res.headersSent) {
      const total = performance.now() - timing.startedAt;
      const api = Math.max(0, total - timing.temporalMs);
      res.setHeader('Server-Timing', `api;dur=${api.toFixed(2)}, temporal;dur=${timing.temporalMs.toFixed(2)}`);
    }
    return writeHead(...args);
  }) as Response['writeHead'];
  next();
}

/** Awaits a Temporal call, counting its time as Temporal's (not the API's) when the request is timed. */
export async function awaitingTemporal<T>(call: () => Promise<T>): Promise<T> {
  const timing = requestContext.getStore()?.timing;
  if (!timing) return call();
  const started = performance.now();
  try {
    return await call();
  } finally {
    timing.temporalMs += performance.now() - started;
  }
}
