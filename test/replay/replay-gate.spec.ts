/**
 * The replay gate really gates: workflow code with one activity call moved (the case is projected
 * before the unit it is routed to is looked up) no longer replays a recorded history, and the
 * report names the first diverging event and what the code did instead. The mutant is a copy of
 * petition.workflow.ts with that one line changed, bundled like the real one.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CaseHistory, HistoryJson } from '../../libs/audit/case-history';
import { replayCases } from '../../libs/audit/replay';
import { PROJECT_ROOT } from '../../libs/infra/local-servers';
import { WORKFLOW_INTERCEPTOR_MODULES, bundlePetitionWorkflows } from '../../libs/temporal/worker';
import { HISTORIES_DIR } from '../support/history-recorder';
import { quietTemporalRuntime, testDataConverter, workflowBundle } from '../support/harness';

const ORIGINAL = 'const units = unitIds.length > 0 ? await sideEffects().describeUnits(unitIds) : {};';
const MOVED =
  'const units = unitIds.length > 0 ? (await sideEffects().projectPetition(null as never), await sideEffects().describeUnits(unitIds)) : {};';

/** A bundle of the workflow with the lookup moved after a projection; imports point at the real files. */
async function mutantBundle(): Promise<{ code: string }> {
  const dir = join(PROJECT_ROOT, '.data', `replay-gate-${randomUUID()}`);
  mkdirSync(dir, { recursive: true });
  try {
    const petitionDir = resolve(PROJECT_ROOT, 'workflows', 'petition');
    const source = readFileSync(join(petitionDir, 'petition.workflow.ts'), 'utf8');
    if (!source.includes(ORIGINAL))
      throw new Error('the workflow no longer looks units up as this test expects: update ORIGINAL/MOVED');
    const mutant = source
      .replace(ORIGINAL, MOVED)
      .replace(/from '\.\/([^']+)'/g, (_, file: string) => `from '${join(petitionDir, file)}'`)
      .replace(/from '\.\.\/\.\.\/([^']+)'/g, (_, file: string) => `from '${join(PROJECT_ROOT, file)}'`)
      .replace(/from '\.\.\/([^.'][^']*)'/g, (_, file: string) => `from '${join(PROJECT_ROOT, 'workflows', file)}'`);
    writeFileSync(join(dir, 'petition.workflow.ts'), mutant);
    writeFileSync(join(dir, 'index.ts'), `export { petitionWorkflow } from './petition.workflow';\n`);
    return await bundleWorkflowCode({
      workflowsPath: join(dir, 'index.ts'),
      workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function recorded(name: string): CaseHistory {
  const history = JSON.parse(readFileSync(join(HISTORIES_DIR, `${name}.json`), 'utf8')) as HistoryJson;
  return { workflowId: `petition-${name}`, runs: [{ runId: `recorded-${name}`, history }] };
}

describe('the replay gate', () => {
  beforeAll(() => quietTemporalRuntime());

  it('a recorded case replays against the current code', async () => {
    const [result] = await replayCases({ workflowBundle: await workflowBundle(), dataConverter: testDataConverter() }, [
      { petitionId: 'happy-path-final', source: 'archive', history: recorded('happy-path-final') },
    ]);
    expect(result).toMatchObject({ deterministic: true, divergence: null, runs: 1 });
  });

  it("a case recorded by a traced worker replays on an untraced worker (OpenTelemetry's workflow interceptors left out)", async () => {
    const [result] = await replayCases(
      { workflowBundle: await bundlePetitionWorkflows(false), dataConverter: testDataConverter() },
      // Recorded (7 December) by a worker whose bundle held OpenTelemetry's workflow interceptors.
      [
        {
          petitionId: 'approvals-reply-returned-redrafted-approved-late',
          source: 'archive',
          history: recorded('approvals-reply-returned-redrafted-approved-late'),
        },
      ],
    );
    expect(result).toMatchObject({ deterministic: true, divergence: null });
  });

  it('an incompatible change (an activity call moved) fails replay, naming the first diverging event and what the code did', async () => {
    const history = recorded('happy-path-final');
    const [result] = await replayCases({ workflowBundle: await mutantBundle(), dataConverter: testDataConverter() }, [
      { petitionId: 'happy-path-final', source: 'archive', history },
    ]);
    expect(result.deterministic).toBe(false);
    // The history looked the routing target up first: the first describeUnits is where the code parts from it.
    const lookup = history.runs[0].history.events.find(
      (e) =>
        e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED' &&
        (e.activityTaskScheduledEventAttributes as { activityType: { name: string } }).activityType.name ===
          'describeUnits',
    )!;
    expect(result.divergence).toMatchObject({
      kind: 'nondeterminism',
      runId: 'recorded-happy-path-final',
      eventId: Number(lookup.eventId),
      historyHas: 'ActivityTaskScheduled describeUnits',
      codeDid: 'scheduled activity projectPetition',
    });
  });
});
