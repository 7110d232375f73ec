/**
 * The Temporal worker: runs petition workflows and their activities. Stateless; run as many as
 * the load needs (they share the task queue). SIGTERM/SIGINT drain in-flight tasks, then exit.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from '@nestjs/common';
import { loadConfig, redactUrl } from '../../../libs/config/config';
import { connectWorker } from '../../../libs/temporal/connection';
import { bundlePetitionWorkflows, createPetitionWorker } from '../../../libs/temporal/worker';
import { ACTIVITY_CLASSES, WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const logger = new Logger('worker');
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forDatabase(config.databaseUrl), { logger: ['error', 'warn', 'log'] }).catch(
    (error: Error) => {
      throw new Error(`PostgreSQL is not reachable at ${redactUrl(config.databaseUrl)} (DATABASE_URL): ${error.message}`);
    },
  );
  const connection = await connectWorker(config.temporalAddress);
  const worker = await createPetitionWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    activities: ACTIVITY_CLASSES.map((cls) => app.get(cls)),
    workflowBundle: await bundlePetitionWorkflows(),
    overrides: { maxCachedWorkflows: config.worker.maxCachedWorkflows },
  });
  const stop = () => worker.shutdown();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  logger.log(`polling task queue "${config.taskQueue}" on ${config.temporalAddress} (namespace ${config.temporalNamespace}; up to ${config.worker.maxCachedWorkflows} cases cached)`);
  await worker.run();
  await connection.close();
  await app.close();
}

main().catch((error) => {
  console.error(`[worker] ${error.message}`);
  process.exit(1);
});
