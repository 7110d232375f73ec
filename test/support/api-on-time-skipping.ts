/**
 * The production API and worker on a time-skipping Temporal server, for end-to-end tests whose
 * rules take weeks (a queue of replies past 70% of their 60 days): HTTP drives the cases, and
 * `advance(days)` lets the server's clock run so the timers fire as real days would.
 */
import type { INestApplication } from '@nestjs/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { TOOLS_BIN, freePort } from '../../libs/infra/local-servers';
import {
  RunningWorker,
  closeServiceApp,
  openDataSource,
  quietTemporalRuntime,
  startWorker,
  testConfig,
} from './harness';

export interface ApiOnTimeSkippingServer {
  app: INestApplication;
  dataSource: DataSource;
  beforeClose: (() => Promise<void>)[];
  env: TestWorkflowEnvironment;
  /** Lets the server's clock run this many days (timers due on the way fire, activities run). */
  advance(days: number): Promise<void>;
}

export function useApiOnTimeSkippingServer(): ApiOnTimeSkippingServer {
  const service = { beforeClose: [] as ApiOnTimeSkippingServer['beforeClose'] } as ApiOnTimeSkippingServer;
  let worker: RunningWorker | undefined;
  beforeAll(async () => {
    quietTemporalRuntime();
    // As timeSkippingEnvironment(): on a loaded machine the JVM may miss the SDK's fixed 5 s to open
    // its port; only that start failure is retried.
    let port: number;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        service.env = await TestWorkflowEnvironment.createTimeSkipping({
          server: { executable: { type: 'existing-path', path: join(TOOLS_BIN, 'temporal-test-server') }, port },
        });
        break;
      } catch (error) {
        if (attempt >= 4 || !/did not start within/.test((error as Error).message)) throw error;
      }
    }
    const config = {
      ...testConfig(),
      temporalAddress: `127.0.0.1:${port}`,
      temporalNamespace: service.env.namespace ?? 'default',
    };
    service.dataSource = await openDataSource();
    worker = await startWorker({
      connection: service.env.nativeConnection,
      namespace: config.temporalNamespace,
      taskQueue: config.taskQueue,
      dataSource: service.dataSource,
    });
    const { createApiApp } = await import('../../apps/api/src/bootstrap');
    service.app = await createApiApp(config, { logger: false });
    await service.app.init();
    service.advance = (days) => service.env.sleep(days * 86_400_000);
  }, 180_000);
  afterAll(async () => {
    await closeServiceApp(service);
    await worker?.stop();
    await service.env?.teardown();
    await service.dataSource?.destroy();
  });
  return service;
}
