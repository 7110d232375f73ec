/**
 * One process of the replay pool (replay-pool.ts): its own database connection, Temporal client
 * (only for cases not archived yet) and replay worker; takes chunks of cases until told to stop.
 */
import 'reflect-metadata';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { connectClient } from '../temporal/connection';
import { petitionDataConverter } from '../temporal/data-converter';
import { parsePayloadKeys } from '../temporal/payload-codec';
import { createDataSource } from '../persistence/data-source';
import type { ChildMessage, ParentMessage } from './replay-pool';
import { replayPetitions } from './replay-runner';

const send = (message: ChildMessage): void => {
  process.send!(message);
};

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dataSource = createDataSource(process.env.DATABASE_URL!);
  await dataSource.initialize();
  const dataConverter = petitionDataConverter(parsePayloadKeys(process.env.PAYLOAD_CODEC_KEYS!));
  let client: Client | undefined;
  let init: Extract<ParentMessage, { type: 'init' }> | undefined;
  let busy = Promise.resolve();
  process.on('message', (message: ParentMessage) => {
    busy = busy
      .then(async () => {
        if (message.type === 'init') {
          init = message;
          send({ type: 'ready' });
        } else if (message.type === 'chunk') {
          await replayPetitions({
            manager: dataSource.manager,
            client: async () =>
              (client ??= await connectClient(
                process.env.TEMPORAL_ADDRESS!,
                process.env.TEMPORAL_NAMESPACE!,
                dataConverter,
              )),
            code: { workflowBundle: { code: init!.bundleCode }, dataConverter },
            petitionIds: message.petitionIds,
            workflowIdOf: (id) => `${init!.workflowIdPrefix}${id}`,
            batchSize: message.petitionIds.length,
            onCase: (outcome) => {
              send({ type: 'case', outcome });
            },
          });
          send({ type: 'ready' });
        } else {
          const used = process.cpuUsage();
          send({ type: 'cpu', ms: (used.user + used.system) / 1000 });
          await client?.connection.close();
          await dataSource.destroy();
          process.exit(0);
        }
      })
      .catch((error: Error) => {
        send({ type: 'failed', error: error.message });
        process.exit(1);
      });
  });
}

main().catch((error: Error) => {
  send({ type: 'failed', error: error.message });
  process.exit(1);
});
