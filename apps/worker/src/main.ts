/**
 * The Temporal worker: runs petition workflows and their activities. Stateless; run as many as
 * the load needs (they share the task queue). SIGTERM/SIGINT drain in-flight tasks, then exit.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from '@nestjs/common';
import { loadConfig, redactUrl, withLocalPayloadKeys } from '../../../libs/config/config';
import { petitionDataConverter } from '../../../libs/temporal/data-converter';
import { connectClient, connectWorker } from '../../../libs/temporal/connection';
import { DataSource } from 'typeorm';
import { HistoryArchiver } from '../../../libs/audit/history-archiver';
import { archiverOptions } from './history-archiving';
import { prepareDocumentFonts } from '../../../libs/documents';
import { bundlePetitionWorkflows, createPetitionWorker } from '../../../libs/temporal/worker';
import { ACTIVITY_CLASSES, WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const logger = new Logger('worker');
  const config = loadConfig(withLocalPayloadKeys());
  // A worker that cannot render notices must not take cases: a missing CJK font stops it here, saying what to install.
  prepareDocumentFonts();
  const app = await NestFactory.createApplicationContext(WorkerModule.forDatabase(config.databaseUrl), { logger: ['error', 'warn', 'log'] }).catch(
    (error: Error) => {
      throw new Error(`PostgreSQL is not reachable at ${redactUrl(config.databaseUrl)} (DATABASE_URL): ${error.message}`);
    },
  );
  const connection = await connectWorker(config.temporalAddress);
  const dataConverter = petitionDataConverter(config.payloadKeys);
  const worker = await createPetitionWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    activities: ACTIVITY_CLASSES.map((cls) => app.get(cls)),
    dataConverter,
    workflowBundle: await bundlePetitionWorkflows(),
  });
  // Closed cases' complete histories go to PostgreSQL, beyond Temporal's retention.
  const archiveClient = await connectClient(config.temporalAddress, config.temporalNamespace, dataConverter);
  const archiver = new HistoryArchiver(archiveClient, app.get(DataSource), archiverOptions(config), config.historyArchiveIntervalMs);
  if (config.historyArchiveIntervalMs > 0) archiver.start();
  const stop = () => worker.shutdown();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  logger.log(`polling task queue "${config.taskQueue}" on ${config.temporalAddress} (namespace ${config.temporalNamespace})`);
  await worker.run();
  await archiver.stop();
  await archiveClient.connection.close();
  await connection.close();
  await app.close();
}

main().catch((error) => {
  console.error(`[worker] ${error.message}`);
  process.exit(1);
});
