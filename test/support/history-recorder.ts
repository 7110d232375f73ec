/**
 * With RECORD_HISTORIES=1, workflow tests save the history of each path they drive under
 * test/replay/histories/, and the replay test replays them against the current workflow code.
 * Recorded histories are committed: re-record only for a deliberate, patched() change.
 */
import { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HISTORIES_DIR = join(__dirname, '..', 'replay', 'histories');

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), historyToJSON(history));
}
