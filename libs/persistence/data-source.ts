import { DataSource, DataSourceOptions, Logger } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * Schema changes go through migrations only (`synchronize` stays off); the migrations are the schema, and
 * every table is read and written with SQL, so no entity classes are registered. `applicationName` shows in
 * pg_stat_activity which process holds a connection (e.g. "petitions-worker 1234").
 */
export function dataSourceOptions(databaseUrl: string, applicationName?: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [],
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    logger: PARAMETER_FREE_LOGGER,
    extra: { max: 10, connectionTimeoutMillis: 5000, ...(applicationName ? { application_name: applicationName } : {}) },
  };
}

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl));
}

/**
 * A failed query is logged by its SQLSTATE and the statement's first line only. TypeORM's own
 * logger writes the bound parameters too, and those are what a person wrote (a petitioner's name,
 * a summary, the text of a projection batch the database refused): no free text in the logs.
 */
const PARAMETER_FREE_LOGGER: Logger = {
  logQuery() {},
  logQueryError(error: string | Error, query: string) {
    const code = typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
    console.error(`query failed${typeof code === 'string' ? ` (SQLSTATE ${code})` : ''}: ${query.trim().split('\n')[0]}`);
  },
  logQuerySlow() {},
  logSchemaBuild() {},
  logMigration() {},
  log(level: 'log' | 'info' | 'warn', message: unknown) {
    if (level === 'warn') console.warn(String(message));
  },
};
