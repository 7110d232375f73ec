/**
 * Determinism gate: every recorded history (test/replay/histories, written by the workflow tests
 * with RECORD_HISTORIES=1) replays against the current workflow code without a nondeterminism
 * error. A change that reorders workflow commands fails here and must go behind patched().
 */
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HISTORIES_DIR } from '../support/history-recorder';
import { quietTemporalRuntime, testDataConverter, workflowBundle } from '../support/harness';
import { replayDataConverter } from '../../libs/temporal/data-converter';
import { replaySinks } from '../../libs/temporal/worker';

const files = readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('recorded petition histories replay against the current workflow code', () => {
  beforeAll(() => quietTemporalRuntime());

  it('has recorded histories of the lifecycle paths', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'happy-path-final.json',
        'declined.json',
        'misroute-objection.json',
        'extension.json',
        'review-and-re-review-with-hearing.json',
        'review-revoked.json',
        'written-notices-accept-extend-reply-deliver.json',
      ]),
    );
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')));
    await expect(
      Worker.runReplayHistory(
        {
          workflowBundle: await workflowBundle(),
          dataConverter: replayDataConverter(testDataConverter()),
          sinks: replaySinks(),
        },
        history,
        file,
      ),
    ).resolves.toBeUndefined();
  });
});
