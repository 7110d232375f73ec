/**
 * With RECORD_HISTORIES=1, workflow tests save the history of each path they drive under
 * test/replay/histories/, and the replay test replays them against the current workflow code.
 * Recorded histories are committed: re-record only for a deliberate, patched() change. They are
 * saved decoded (the payload key of a test run is thrown away with it); replay reads plain
 * payloads as the codec passes them through.
 */
import { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJsonTree } from '../../libs/temporal/payload-json';
import { testDataConverter } from './harness';

export const HISTORIES_DIR = join(__dirname, '..', 'replay', 'histories');

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  const decoded = await decodeJsonTree(testDataConverter(), JSON.parse(historyToJSON(history)));
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), JSON.stringify(decoded, null, 2));
}
