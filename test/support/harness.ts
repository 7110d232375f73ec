/** Shared wiring for tests that run the real worker against real servers. */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ServiceConfig, loadConfig } from '../../libs/config/config';
import { TOOLS_BIN } from '../../libs/infra/local-servers';
import { createDataSource } from '../../libs/persistence/data-source';
import { bundlePetitionWorkflows, createPetitionWorker } from '../../libs/temporal/worker';
import { PetitionProjectionActivities } from '../../activities/petition-projection.activities';

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
  return { ...loadConfig(process.env), taskQueue: `test-${randomUUID()}`, apiPort: 3000 };
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
    activities: options.activities ?? [new PetitionProjectionActivities(options.dataSource)],
    workflowBundle: await workflowBundle(),
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
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: join(TOOLS_BIN, 'temporal-test-server') } },
  });
}
