/**
 * `npm run audit -- consistency [--repair]`: every case the read model or Temporal knows of,
 * compared store by store (libs/audit/store-consistency.ts); each disagreement by case number with
 * its remedy. `--repair` re-projects the cases whose projection is behind their history (missing,
 * or open after the workflow ended) from the history itself, batch by batch under the projection's
 * own keyed rules, so a repair run twice changes nothing the second time. What only a backup holds
 * (a history, an intake) is reported, never invented.
 */
import Table from 'cli-table3';
import type { DataSource } from 'typeorm';
import { writeProjection } from '@/activities/petition-projection.activities';
import { decodeCaseHistory } from '@/libs/audit/case-history';
import { loadCaseHistory } from '@/libs/audit/case-history-source';
import { readHistory } from '@/libs/audit/history-reading';
import {
  INCONSISTENCY_LABELS,
  Inconsistency,
  inconsistenciesOf,
  readCasesInStores,
} from '@/libs/audit/store-consistency';
import type { PetitionDataConverter } from '@/libs/temporal/data-converter';
import type { Client } from '@temporalio/client';
import {
  PETITION_WORKFLOW_TYPE,
  petitionIdOfWorkflowId,
  petitionWorkflowId,
} from '@/workflows/petition/petition.contract';
import type { AuditContext } from '../context';
import { UsageError } from './selection';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ConsistencyReport {
  cases: number;
  inconsistencies: Inconsistency[];
  repaired: string[];
}

export interface ConsistencyOptions {
  repair: boolean;
  /** Only these cases (petition ids); every case when absent. */
  only?: ReadonlySet<string>;
}

export async function checkConsistency(
  dataSource: DataSource,
  temporal: Client,
  converter: PetitionDataConverter,
  { repair, only }: ConsistencyOptions,
): Promise<ConsistencyReport> {
  const read = async () =>
    (
      await readCasesInStores(dataSource.manager, temporal, {
        workflowType: PETITION_WORKFLOW_TYPE,
        petitionIdOf: petitionIdOfWorkflowId,
      })
    ).filter((c) => !only || only.has(c.petitionId));
  let cases = await read();
  const repaired: string[] = [];
  if (repair) {
    const behind = cases.flatMap(inconsistenciesOf).filter((i) => i.kind === 'projectionBehind');
    for (const { petitionId } of behind) {
      await reprojectFromHistory(dataSource, temporal, converter, petitionId);
      repaired.push(petitionId);
    }
    if (repaired.length > 0) cases = await read();
  }
  return { cases: cases.length, inconsistencies: cases.flatMap(inconsistenciesOf), repaired };
}

/** Applies every projection the case's history carries, in order, each in a transaction of its own. */
async function reprojectFromHistory(
  dataSource: DataSource,
  temporal: Client,
  converter: PetitionDataConverter,
  petitionId: string,
): Promise<void> {
  const loaded = await loadCaseHistory(
    dataSource.manager,
    async () => temporal,
    petitionId,
    petitionWorkflowId(petitionId),
  );
  const { projections } = readHistory(await decodeCaseHistory(converter, loaded.history));
  for (const { batch } of projections) await dataSource.transaction((tx) => writeProjection(tx, batch));
}

export async function consistencyCommand(ctx: AuditContext, ids: string[], repair: boolean): Promise<boolean> {
  // Not selectPetitions: a case may be missing from the intakes, which is what this looks for.
  const bad = ids.find((id) => !UUID.test(id));
  if (bad) throw new UsageError(`"${bad}" is not a petition id`);
  const only = ids.length > 0 ? new Set(ids.map((id) => id.toLowerCase())) : undefined;
  const report = await checkConsistency(ctx.dataSource, await ctx.temporal(), ctx.converter, { repair, only });
  console.log(formatConsistencyReport(report));
  return report.inconsistencies.length === 0;
}

export function formatConsistencyReport(report: ConsistencyReport): string {
  const totals = new Table({ head: ['store consistency 两库一致性', ''] });
  totals.push(
    ['cases 案件', report.cases],
    ['re-projected 已重建读模型', report.repaired.length],
    ['disagreeing 不一致', new Set(report.inconsistencies.map((i) => i.petitionId)).size],
  );
  if (report.inconsistencies.length === 0) return totals.toString();
  const findings = new Table({
    head: ['case 信访件编号', 'petition id', 'finding 问题', 'remedy'],
    wordWrap: true,
    colWidths: [26, 38, 26, 60],
  });
  for (const i of report.inconsistencies)
    findings.push([i.caseNumber ?? '(none)', i.petitionId, `${INCONSISTENCY_LABELS[i.kind]} ${i.kind}`, i.remedy]);
  return `${totals.toString()}\n${findings.toString()}`;
}
