/**
 * The Temporal worker: runs petition workflows and their activities. Stateless; run as many as
 * the load needs (they share the task queue). SIGTERM/SIGINT drain in-flight tasks, then exit.
 */
// First: traces need pg patched as it loads.
import './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from '@nestjs/common';
import { loadConfig, redactUrl, withLocalPayloadKeys } from '@/libs/config/config';
import { petitionDataConverter } from '@/libs/temporal/data-converter';
import { connectClient, connectWorker } from '@/libs/temporal/connection';
import { DataSource } from 'typeorm';
import { refuseOwnerConnection } from '@/libs/persistence/runtime-role';
import { HistoryArchiver } from '@/libs/audit/history-archiver';
import { archiverOptions } from './history-archiving';
import { ensureRetentionSchedule } from '@/libs/temporal/retention-schedule';
import { DefaultLogger, LogLevel, Runtime } from '@temporalio/worker';
import type { Logger as Pino } from 'pino';
import { PinoNestLogger, exitWithFatal, serviceLogger } from '@/libs/observability/log-format';
import { currentTracing } from '@/libs/observability/tracing';
import { prepareDocumentFonts } from '@/libs/documents';
import { createPetitionWorker, workflowBundleForWorker } from '@/libs/temporal/worker';
import { ACTIVITY_CLASSES, WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig(withLocalPayloadKeys());
  // One JSON format for every line: Nest's, the SDK's (workflow, activity, core) and our own.
  const pino = serviceLogger('petitions-worker', config.logLevel);
  Logger.overrideLogger(new PinoNestLogger(pino));
  const logger = new Logger('worker');
  installRuntime(pino, config.logLevel, config.workerMetricsPort);
  // A worker that cannot render notices must not take cases: a missing CJK font stops it here, saying what to install.
  prepareDocumentFonts();
  const app = await NestFactory.createApplicationContext(WorkerModule.forDatabase(config.databaseUrl, config.storage), {
    logger: new PinoNestLogger(pino),
  }).catch((error: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${redactUrl(config.databaseUrl)} (DATABASE_URL): ${error.message}`);
  });
  if (config.nodeEnv === 'production') await refuseOwnerConnection(app.get(DataSource), 'worker');
  const connection = await connectWorker(config.temporalAddress);
  const dataConverter = petitionDataConverter(config.payloadKeys);
  const worker = await createPetitionWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    activities: ACTIVITY_CLASSES.map((cls) => app.get(cls)),
    dataConverter,
    workflowBundle: await workflowBundleForWorker((message) => logger.warn(message)),
    overrides: { maxCachedWorkflows: config.worker.maxCachedWorkflows },
  });
  // Closed cases' complete histories go to PostgreSQL, beyond Temporal's retention.
  const archiveClient = await connectClient(config.temporalAddress, config.temporalNamespace, dataConverter);
  const archiver = new HistoryArchiver(
    archiveClient,
    app.get(DataSource),
    archiverOptions(config),
    config.historyArchiveIntervalMs,
  );
  if (config.historyArchiveIntervalMs > 0) archiver.start();
  // Retention (docs/operations.md): a Temporal Schedule, ensured at every start with the configured periods.
  await ensureRetentionSchedule(archiveClient, config.taskQueue, config.retention);
  const stop = () => worker.shutdown();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  logger.log(
    `polling task queue "${config.taskQueue}" on ${config.temporalAddress} (namespace ${config.temporalNamespace}; up to ${config.worker.maxCachedWorkflows} cases cached)`,
  );
  await worker.run();
  await archiver.stop();
  await archiveClient.connection.close();
  await connection.close();
  await app.close();
  // The last batch of spans (the drained tasks') goes out before the process ends.
  await currentTracing().shutdown();
}

/**
 * The SDK's runtime: its logs (workflow, activity and core) as JSON lines through pino, and its
 * metrics (task slots, poll latency, schedule-to-start, workflow and activity outcomes …) on a
 * Prometheus endpoint, WORKER_METRICS_PORT (http://<worker>:9464/metrics).
 */
function installRuntime(logger: Pino, level: string, metricsPort: number): void {
  const sdkLevel: LogLevel =
    level === 'trace'
      ? 'TRACE'
      : level === 'debug'
        ? 'DEBUG'
        : level === 'info'
          ? 'INFO'
          : level === 'warn'
            ? 'WARN'
            : 'ERROR';
  const levelOf = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  Runtime.install({
    logger: new DefaultLogger(sdkLevel, (entry) => logger[levelOf[entry.level]]({ ...entry.meta }, entry.message)),
    telemetryOptions: metricsPort ? { metrics: { prometheus: { bindAddress: `0.0.0.0:${metricsPort}` } } } : undefined,
  });
  if (metricsPort) logger.info({ metricsPort }, 'Temporal SDK metrics for Prometheus on /metrics');
}

main().catch((error: Error) => exitWithFatal('petitions-worker', error));
