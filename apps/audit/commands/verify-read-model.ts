import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { CaseHistoryNotFound, decodeCaseHistory } from '@/libs/audit/case-history';
import { loadCaseHistory } from '@/libs/audit/case-history-source';
import { ArchiveAltered } from '@/libs/audit/history-archive';
import { readHistory } from '@/libs/audit/history-reading';
import { ReadModelVerification, verifyReadModel } from '@/libs/audit/read-model-verification';
import { petitionWorkflowId } from '@/workflows/petition/petition.contract';
import type { AuditContext } from '../context';
import { selectPetitions } from './selection';

/** Compares the read model with what each case's history implies; lists every divergence. */
export async function verifyReadModelCommand(ctx: AuditContext, ids: string[], all: boolean): Promise<boolean> {
  const petitionIds = await selectPetitions(ctx, ids, all, 'every');
  const bar = new cliProgress.SingleBar(
    { format: 'verify |{bar}| {value}/{total} cases · {diverging} with divergences', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(petitionIds.length, 0, { diverging: 0 });
  const results: (ReadModelVerification | { petitionId: string; unavailable: string })[] = [];
  let diverging = 0;
  for (const petitionId of petitionIds) {
    try {
      const loaded = await loadCaseHistory(
        ctx.dataSource.manager,
        () => ctx.temporal(),
        petitionId,
        petitionWorkflowId(petitionId),
      );
      const result = await verifyReadModel(
        ctx.dataSource.manager,
        petitionId,
        readHistory(await decodeCaseHistory(ctx.converter, loaded.history)),
      );
      if (!result.ok) diverging += 1;
      results.push(result);
    } catch (error) {
      if (!(error instanceof CaseHistoryNotFound) && !(error instanceof ArchiveAltered)) throw error;
      results.push({ petitionId, unavailable: error.message });
    }
    bar.increment(1, { diverging });
  }
  bar.stop();
  const findings = new Table({
    head: ['petition', 'table', 'row', 'kind', 'field', 'history implies', 'read model has'],
    wordWrap: true,
    colWidths: [38, 16, 22, 9, 16, 24, 24],
  });
  const show = (v: unknown) => (v === undefined ? '' : JSON.stringify(v).slice(0, 200));
  for (const r of results) {
    if ('unavailable' in r)
      findings.push([r.petitionId, { colSpan: 6, content: `history unavailable: ${r.unavailable}` }]);
    else
      for (const d of r.divergences)
        findings.push([
          r.petitionId,
          d.table,
          d.key,
          d.kind,
          d.field ?? d.detail ?? '',
          show(d.expected),
          show(d.actual),
        ]);
  }
  const totals = new Table({ head: ['read-model verification', ''] });
  totals.push(
    ['cases', results.length],
    ['in agreement', results.filter((r) => 'ok' in r && r.ok).length],
    ['with divergences', diverging],
    ['history unavailable', results.filter((r) => 'unavailable' in r).length],
  );
  console.log(totals.toString());
  if (findings.length > 0) console.log(findings.toString());
  return findings.length === 0;
}
