import { DataSource, DataSourceOptions } from 'typeorm';
import { NamesOnlyQueryLogger } from './database-errors';
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
    // Failed queries by SQLSTATE and names only: TypeORM's own logger prints their parameters.
    logging: ['error'],
    logger: new NamesOnlyQueryLogger(),
    extra: {
      max: 10,
      connectionTimeoutMillis: 5000,
      ...(applicationName ? { application_name: applicationName } : {}),
    },
  };
}

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl));
}
