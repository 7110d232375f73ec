/**
 * A worker for the timer probe (test/faults/support/timer-probe.workflow.ts) as a process of its
 * own, so a test can run it on a "host" of its making (a network namespace): statutory rungs fall
 * due only at some hours of the day, a probe timer at any instant. It records each firing as a row
 * of `probe_timer_fires` through DATABASE_URL, sealed payloads opened with the cluster's keys.
 *
 *   node -r test/support/register-ts.js test/cluster/support/probe-worker.ts
 * Environment: TEMPORAL_ADDRESS (+ the TLS variables), TEMPORAL_NAMESPACE, PAYLOAD_CODEC_KEYS,
 * DATABASE_URL, PROBE_TASK_QUEUE, PROBE_HOST (written with each firing).
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import { temporalTls } from '../../../libs/temporal/connection';
import { petitionDataConverter } from '../../../libs/temporal/data-converter';
import { parsePayloadKeys } from '../../../libs/temporal/payload-codec';

async function main(): Promise<void> {
  const env = process.env;
  const db = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
  db.on('error', () => undefined); // the link may be cut; the activity's retry covers it
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS!, tls: temporalTls(env) });
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.PROBE_TASK_QUEUE!,
    workflowsPath: require.resolve('../../faults/support/timer-probe.workflow'),
    dataConverter: petitionDataConverter(parsePayloadKeys(env.PAYLOAD_CODEC_KEYS!)),
    activities: {
      recordTimerFired: async (workflowId: string, dueAt: number, firedAt: number) => {
        await db.query(`INSERT INTO probe_timer_fires VALUES ($1, $2, $3, $4)`, [
          workflowId,
          new Date(dueAt),
          new Date(firedAt),
          env.PROBE_HOST ?? null,
        ]);
      },
    },
  });
  console.log(`probe worker polling ${env.PROBE_TASK_QUEUE}`);
  await worker.run();
  await db.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
