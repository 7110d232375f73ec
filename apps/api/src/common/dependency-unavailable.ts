/**
 * A request that failed because PostgreSQL or Temporal could not be reached is the server's
 * temporary condition, not a bug: 503 with a message naming the dependency and where it was looked
 * for, so an operator knows what to restart and a client knows to retry (with the same
 * Idempotency-Key / requestId, which makes the retry safe).
 */
import { ServiceConfig, redactUrl } from '@/libs/config/config';
import type { ErrorBody } from './api-error';

/** Socket errors of a connection that could not be made or was cut. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** SQLSTATEs of a server that is going away, starting, or full (class 08 = connection exception). */
const POSTGRES_UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const POSTGRES_UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error and everything it wraps (TypeORM's driverError, causes, AggregateError members). */
function* chain(error: unknown, depth = 0): Generator<ErrorLike> {
  if (!error || typeof error !== 'object' || depth > 5) return;
  const e = error as ErrorLike;
  yield e;
  yield* chain(e.driverError, depth + 1);
  yield* chain(e.cause, depth + 1);
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* chain(inner, depth + 1);
}

function isTemporalError(error: unknown): boolean {
  for (const e of chain(error)) {
    const name = (e as Error).constructor?.name ?? '';
    if (['ServiceError', 'WorkflowUpdateRPCTimeoutOrCancelledError'].includes(name)) return true;
    // grpc status 14 UNAVAILABLE / 4 DEADLINE_EXCEEDED, as @grpc/grpc-js reports them
    if ((e as { details?: unknown }).details !== undefined && (e.code === 14 || e.code === 4)) return true;
  }
  return false;
}

function isPostgresUnavailable(error: unknown): boolean {
  if (isTemporalError(error)) return false;
  for (const e of chain(error)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE_STATES.has(code) || code.startsWith('08')) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (POSTGRES_UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}

function isTemporalUnavailable(error: unknown): boolean {
  for (const e of chain(error)) {
    // A namespace Temporal does not know is a misconfigured (or not yet restored) engine: unavailable
    // to every request alike until the operator mends it, not a fault of this request.
    if ((e as Error).constructor?.name === 'NamespaceNotFoundError') return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (
      e.code === 14 ||
      /\b(UNAVAILABLE|DEADLINE_EXCEEDED)\b|Failed to connect|connection refused|Timed out while waiting for (the )?update/i.test(
        message,
      )
    ) {
      if (isTemporalError(error) || e.code === 14) return true;
    }
  }
  return false;
}

export function dependencyUnavailable(error: unknown, config: ServiceConfig): { status: 503; body: ErrorBody } | null {
  const reason = (error as Error | undefined)?.message?.split('\n')[0] ?? String(error);
  if (isPostgresUnavailable(error)) {
    return {
      status: 503,
      body: {
        statusCode: 503,
        code: 'databaseUnavailable',
        message: `the database (PostgreSQL at ${redactUrl(config.databaseUrl)}, DATABASE_URL) is unavailable: ${reason}. Retry later; a retry with the same Idempotency-Key or requestId applies once`,
      },
    };
  }
  if (isTemporalUnavailable(error)) {
    return {
      status: 503,
      body: {
        statusCode: 503,
        code: 'temporalUnavailable',
        message: `the workflow engine (Temporal at ${config.temporalAddress}, TEMPORAL_ADDRESS) is unavailable: ${reason}. Retry later; a retry with the same Idempotency-Key or requestId applies once`,
      },
    };
  }
  return null;
}
