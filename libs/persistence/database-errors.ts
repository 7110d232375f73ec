/**
 * What may be said about a failed SQL statement in a log or an error message: the SQLSTATE and
 * the names of the constraint, table and column. Never the statement's parameters, nor the server's
 * DETAIL ("Failing row contains (…)"), which repeat the values: a petition's summary, a reason, a
 * name. TypeORM's QueryFailedError carries both (`parameters`, `driverError.detail`), so neither
 * it nor its message is logged as it is.
 */
import type { Logger as TypeOrmLogger } from 'typeorm';

export interface DatabaseErrorSummary {
  sqlstate: string | null;
  constraint: string | null;
  table: string | null;
  column: string | null;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
const named = (value: unknown): string | null => (typeof value === 'string' && NAME.test(value) ? value : null);

export function summarizeDatabaseError(error: unknown): DatabaseErrorSummary {
  const e = (error ?? {}) as {
    driverError?: unknown;
    code?: unknown;
    constraint?: unknown;
    table?: unknown;
    column?: unknown;
  };
  const pg = (e.driverError ?? e) as typeof e;
  const code = typeof pg.code === 'string' && /^[0-9A-Z]{5}$/.test(pg.code) ? pg.code : null;
  return { sqlstate: code, constraint: named(pg.constraint), table: named(pg.table), column: named(pg.column) };
}

/** One line, names only: `SQLSTATE 23502 (table petitions, column category)`. */
export function describeDatabaseError(error: unknown): string {
  const s = summarizeDatabaseError(error);
  const where = [
    s.table && `table ${s.table}`,
    s.column && `column ${s.column}`,
    s.constraint && `constraint ${s.constraint}`,
  ]
    .filter(Boolean)
    .join(', ');
  if (!s.sqlstate) return `${error instanceof Error ? error.name : 'error'} without a SQLSTATE`;
  return `SQLSTATE ${s.sqlstate}${where ? ` (${where})` : ''}`;
}

/**
 * TypeORM's logger for the API, the worker and the scripts: a failed query is reported by its
 * SQLSTATE and names, without the SQL's parameters; everything else TypeORM would log is off.
 */
export class NamesOnlyQueryLogger implements TypeOrmLogger {
  constructor(private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}
  logQuery(): void {}
  logQueryError(error: string | Error): void {
    this.write(`[database] query failed: ${describeDatabaseError(error)}`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
