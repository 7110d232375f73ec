/**
 * The one JSON log format of the API and the worker (pino): a line per event with `time` as an ISO
 * instant, `service`, the numeric pino `level`, `msg`, and the `trace_id`/`span_id` of the span the
 * line was written in, so a line leads to its trace (docs/operations.md, "Reading a trace").
 */
import { type LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { activeTraceIds } from './tracing';

export type LogService = 'petitions-api' | 'petitions-worker';

/** The options every pino logger of the service shares. */
export function logFormat(service: LogService): Pick<LoggerOptions, 'base' | 'timestamp' | 'mixin'> {
  return {
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Called for every line: the ids of the active span (none when tracing is off).
    mixin: () => activeTraceIds(),
  };
}

export function serviceLogger(service: LogService, level: string, stream?: DestinationStream): Logger {
  return pino({ level, ...logFormat(service) }, stream ?? process.stdout);
}

/**
 * The line a process ends with when it cannot start: on stderr, written before it exits (a
 * synchronous write: process.exit would drop a buffered one), then exit code 1.
 */
export function exitWithFatal(service: LogService, error: Error): never {
  const logger = pino({ ...logFormat(service) }, pino.destination({ dest: 2, sync: true }));
  logger.fatal(error.message);
  process.exit(1);
}

/**
 * Nest's logger interface on a pino logger, so the framework's own lines (module start-up,
 * warnings of the services) come out in the same JSON as the rest rather than Nest's coloured text.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes the context (the logger's name) last, and an error's stack before it. */
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : undefined;
    const fields = { ...(context ? { context } : {}), ...(stack ? { stack } : {}) };
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}
