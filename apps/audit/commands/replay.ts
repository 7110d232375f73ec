import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { appendAuditRecord } from '@/libs/audit/audit-trail';
import { replayPetitionsInParallel } from '@/libs/audit/replay-pool';
import { CaseReplayOutcome, isUnavailable } from '@/libs/audit/replay-runner';
import { payloadKeysSpec } from '@/libs/temporal/payload-codec';
import { bundlePetitionWorkflows } from '@/libs/temporal/worker';
import { petitionWorkflowId } from '@/workflows/petition/petition.contract';
import type { AuditContext } from '../context';
import { selectPetitions } from './selection';

/** Replays cases against the workflow code of this checkout: a progress bar, then a summary table. */
export async function replayCommand(ctx: AuditContext, ids: string[], all: boolean): Promise<boolean> {
  const petitionIds = await selectPetitions(ctx, ids, all, 'archived');
  process.stderr.write('bundling the current workflow code…\n');
  const code = { workflowBundle: await bundlePetitionWorkflows(), dataConverter: ctx.converter };
  const bar = new cliProgress.SingleBar(
    { format: 'replay |{bar}| {value}/{total} cases · {diverged} diverged · {eta_formatted} left', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(petitionIds.length, 0, { diverged: 0 });
  const findings: CaseReplayOutcome[] = [];
  let diverged = 0;
  // Over every core: each child process replays chunks of cases with its own replay worker.
  const summary = await replayPetitionsInParallel({
    manager: ctx.dataSource.manager,
    client: () => ctx.temporal(),
    code,
    petitionIds,
    workflowIdPrefix: petitionWorkflowId(''),
    environment: {
      DATABASE_URL: ctx.config.databaseUrl,
      TEMPORAL_ADDRESS: ctx.config.temporalAddress,
      TEMPORAL_NAMESPACE: ctx.config.temporalNamespace,
      PAYLOAD_CODEC_KEYS: payloadKeysSpec(ctx.config.payloadKeys),
    },
    onCase: (outcome) => {
      if (isUnavailable(outcome) || !outcome.deterministic) findings.push(outcome);
      if (!isUnavailable(outcome) && !outcome.deterministic) diverged += 1;
      bar.increment(1, { diverged });
    },
  });
  bar.stop();

  const totals = new Table({ head: ['replay', ''] });
  totals.push(
    ['cases', summary.total],
    ['deterministic', summary.deterministic],
    ['diverged', summary.diverged],
    ['history unavailable', summary.unavailable],
    ['events replayed', summary.events],
    [
      'time',
      `${(summary.durationMs / 1000).toFixed(1)} s (${Math.round(summary.events / Math.max(summary.durationMs / 1000, 0.001))} events/s)`,
    ],
  );
  console.log(totals.toString());
  if (findings.length > 0) {
    const table = new Table({
      head: ['petition', 'run', 'event', 'history has', 'the code did instead'],
      colWidths: [38, 14, 7, 34, 40],
      wordWrap: true,
    });
    for (const f of findings) {
      if (isUnavailable(f))
        table.push([f.petitionId, '', '', { colSpan: 2, content: `unavailable: ${f.unavailable}` }]);
      else
        table.push([
          f.petitionId,
          f.divergence!.runId.slice(0, 12),
          f.divergence!.eventId ?? '?',
          f.divergence!.historyHas ?? '',
          f.divergence!.codeDid,
        ]);
    }
    console.log(table.toString());
  }
  await appendAuditRecord(ctx.dataSource.manager, {
    kind: 'auditorAction',
    action: 'replay',
    outcome: findings.length === 0 ? 'succeeded' : 'failed',
    actor: { userId: process.env.USER ?? 'cli', role: 'cli', unitId: null },
    detail: {
      via: 'cli',
      cases: summary.total,
      deterministic: summary.deterministic,
      diverged: summary.diverged,
      unavailable: summary.unavailable,
    },
  });
  return findings.length === 0;
}
