/** Shared wiring for tests that run the real worker against real servers. */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ServiceConfig, loadConfig } from '../../libs/config/config';
import { TOOLS_BIN } from '../../libs/infra/local-servers';
import { generatePayloadKeyEntry } from '../../libs/temporal/payload-codec';
import { createDataSource } from '../../libs/persistence/data-source';
import { PetitionDataConverter, petitionDataConverter } from '../../libs/temporal/data-converter';
import { parsePayloadKeys } from '../../libs/temporal/payload-codec';
import { bundlePetitionWorkflows, createPetitionWorker } from '../../libs/temporal/worker';
import { PetitionProjectionActivities } from '../../activities/petition-projection.activities';
import { CampaignActivitiesImpl } from '../../activities/campaign.activities';
import { NoticeDocumentActivities } from '../../activities/notice-documents.activities';

let runtimeInstalled = false;
/** Keeps the SDK's own logging to warnings so test output shows test results. */
export function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed by an earlier test file in this process
  }
}

/** The servers global-setup started, with a task queue of the test file's own. */
export function testConfig(): ServiceConfig {
  quietTemporalRuntime();
  const config = loadConfig(process.env);
  // Tests sign in and call the query-code endpoints far more often than a person; the abuse-limit
  // test sets its own limits.
  const generous = 1_000_000;
  const rateLimits = {
    ...config.rateLimits,
    signInPerAddress: generous,
    signInPerAccount: generous,
    queryCodePerAddress: generous,
    queryCodePerPetition: generous,
  };
  return { ...config, rateLimits, taskQueue: `test-${randomUUID()}`, apiPort: 3000 };
}

/**
 * The service's data converter with the run's payload keys (global-setup sets PAYLOAD_CODEC_KEYS;
 * a workflow test file run on its own gets a key of its own).
 */
export function testDataConverter(): PetitionDataConverter {
  if (!process.env.PAYLOAD_CODEC_KEYS) process.env.PAYLOAD_CODEC_KEYS = generatePayloadKeyEntry();
  return petitionDataConverter(parsePayloadKeys(process.env.PAYLOAD_CODEC_KEYS));
}

export async function openDataSource(): Promise<DataSource> {
  const dataSource = createDataSource(process.env.DATABASE_URL!);
  await dataSource.initialize();
  return dataSource;
}

let bundle: Promise<{ code: string }> | undefined;
/** One workflow bundle per test file (bundling takes seconds; the code does not change within a run). */
export function workflowBundle(): Promise<{ code: string }> {
  bundle ??= bundlePetitionWorkflows();
  return bundle;
}

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/** The production worker wiring, with the real activities on the test database. */
export async function startWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  activities?: object[];
  overrides?: Partial<import('@temporalio/worker').WorkerOptions>;
}): Promise<RunningWorker> {
  quietTemporalRuntime();
  const worker = await createPetitionWorker({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities ?? [
      new PetitionProjectionActivities(options.dataSource),
      new CampaignActivitiesImpl(options.dataSource),
      new NoticeDocumentActivities(options.dataSource),
    ],
    workflowBundle: await workflowBundle(),
    dataConverter: testDataConverter(),
    overrides: options.overrides,
  });
  const running = worker.run();
  return {
    worker,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

/** Temporal's Java time-skipping test server, installed by scripts/install.sh. */
export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  quietTemporalRuntime();
  // The SDK gives the Java server a fixed 5 s to open its port; on a loaded machine (2 cores
  // shared by parallel runs) the JVM can take longer. Only that start failure is retried.
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        client: { dataConverter: testDataConverter() },
        server: { executable: { type: 'existing-path', path: join(TOOLS_BIN, 'temporal-test-server') } },
      });
    } catch (error) {
      if (attempt >= 4 || !/did not start within/.test((error as Error).message)) throw error;
    }
  }
}

export interface TimeSkippingContext {
  env: TestWorkflowEnvironment;
  dataSource: DataSource;
  taskQueue: string;
  /** The worker started for each test, unless the file starts its own. */
  worker: RunningWorker | undefined;
}

/**
 * For a workflow test file: one real PostgreSQL connection, and for each test a fresh time-skipping
 * server (its clock starts at now) with a task queue of its own and, by default, a worker on it.
 */
export function useTimeSkippingWorker(prefix: string, options: { startWorker?: boolean } = {}): TimeSkippingContext {
  const ctx = {} as TimeSkippingContext;
  beforeAll(async () => {
    ctx.dataSource = await openDataSource();
  });
  afterAll(async () => {
    await ctx.dataSource?.destroy();
  });
  beforeEach(async () => {
    ctx.env = await timeSkippingEnvironment();
    ctx.taskQueue = `${prefix}-${randomUUID()}`;
    ctx.worker =
      options.startWorker === false
        ? undefined
        : await startWorker({
            connection: ctx.env.nativeConnection,
            namespace: ctx.env.namespace ?? 'default',
            taskQueue: ctx.taskQueue,
            dataSource: ctx.dataSource,
          });
  });
  afterEach(async () => {
    await ctx.worker?.stop();
    await ctx.env?.teardown();
  });
  return ctx;
}

export interface ServiceUnderTest {
  config: ServiceConfig;
  app: import('@nestjs/common').INestApplication;
  dataSource: DataSource;
  /** Run before the app closes: a browser suite closes its pages here, so no client holds the close open. */
  beforeClose: (() => Promise<void>)[];
}

/** The teardown of a service's app: its clients first, then any connection left, then the app. */
export async function closeServiceApp(service: Pick<ServiceUnderTest, 'app' | 'beforeClose'>): Promise<void> {
  for (const close of service.beforeClose) await close().catch(() => undefined);
  (service.app?.getHttpServer() as import('node:http').Server | undefined)?.closeAllConnections();
  await service.app?.close();
}

/**
 * For an end-to-end test file: the production API (createApiApp) and a production worker, on the
 * dev server and PostgreSQL that global-setup started, with a task queue of the file's own.
 */
export function useRunningService(
  options: {
    configure?: (config: ServiceConfig) => ServiceConfig | Promise<ServiceConfig>;
    logStream?: import('pino').DestinationStream;
  } = {},
): ServiceUnderTest {
  const service = { beforeClose: [] as ServiceUnderTest['beforeClose'] } as ServiceUnderTest;
  let worker: RunningWorker | undefined;
  let connection: NativeConnection | undefined;
  beforeAll(async () => {
    const { createApiApp } = await import('../../apps/api/src/bootstrap');
    service.config = options.configure ? await options.configure(testConfig()) : testConfig();
    service.dataSource = await openDataSource();
    connection = await NativeConnection.connect({ address: service.config.temporalAddress });
    worker = await startWorker({
      connection,
      namespace: service.config.temporalNamespace,
      taskQueue: service.config.taskQueue,
      dataSource: service.dataSource,
    });
    service.app = await createApiApp(service.config, {
      logger: process.env.API_LOGS ? undefined : false,
      logStream: options.logStream,
    });
    await service.app.init();
  });
  afterAll(async () => {
    await closeServiceApp(service);
    await worker?.stop();
    await connection?.close();
    await service.dataSource?.destroy();
  });
  return service;
}
