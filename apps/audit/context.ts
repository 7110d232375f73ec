/**
 * What the audit CLI works with: the same configuration, database and Temporal client (with the
 * payload codec) as the service. Outside production, run beside `npm start`, it finds the
 * addresses and the key `npm start` noted under .data/.
 */
import 'reflect-metadata';
import type { Client } from '@temporalio/client';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { ServiceConfig, loadConfig, redactUrl, withLocalEndpoints, withLocalPayloadKeys } from '@/libs/config/config';
import { createDataSource } from '@/libs/persistence/data-source';
import { connectClient } from '@/libs/temporal/connection';
import { PetitionDataConverter, petitionDataConverter } from '@/libs/temporal/data-converter';

export interface AuditContext {
  config: ServiceConfig;
  dataSource: DataSource;
  converter: PetitionDataConverter;
  temporal(): Promise<Client>;
  close(): Promise<void>;
}

export async function openAuditContext(): Promise<AuditContext> {
  const config = loadConfig(withLocalPayloadKeys(withLocalEndpoints()));
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed already
  }
  const dataSource = createDataSource(config.databaseUrl);
  await dataSource.initialize().catch((error: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${redactUrl(config.databaseUrl)} (DATABASE_URL): ${error.message}`);
  });
  const converter = petitionDataConverter(config.payloadKeys);
  let client: Client | undefined;
  return {
    config,
    dataSource,
    converter,
    temporal: async () => (client ??= await connectClient(config.temporalAddress, config.temporalNamespace, converter)),
    close: async () => {
      await client?.connection.close();
      await dataSource.destroy();
    },
  };
}
