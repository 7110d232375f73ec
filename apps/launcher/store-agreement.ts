/**
 * Before `npm start` runs anything against them: do the read model and Temporal belong together?
 * Each case lives twice (its workflow history in Temporal, its projection in PostgreSQL). When one
 * store is wiped and the other is not (`rm -rf` of one folder, a restore of one database), the
 * service would show cases whose workflow does not exist, or re-register demo cases under old ids.
 * The obvious separation, cases on one side and none on the other, is refused with the remedy;
 * stores that agree on the whole but not on some cases start, and each such case is named with its
 * remedy (the same comparison as `npm run audit -- consistency`).
 */
import { Connection, Client } from '@temporalio/client';
import { Inconsistency, inconsistenciesOf, readCasesInStores } from '@/libs/audit/store-consistency';
import { createDataSource } from '@/libs/persistence/data-source';
import { temporalTls } from '@/libs/temporal/connection';
import { PETITION_WORKFLOW_TYPE, petitionIdOfWorkflowId } from '@/workflows/petition/petition.contract';

export interface StoreCounts {
  readModelCases: number;
  temporalCases: number;
}

export interface StoreExamination extends StoreCounts {
  /** Case by case, when the stores are not separated as a whole. */
  inconsistencies: Inconsistency[];
}

export async function examineStores(
  databaseUrl: string,
  temporalAddress: string,
  namespace: string,
): Promise<StoreExamination> {
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  const connection = await Connection.connect({ address: temporalAddress, tls: temporalTls() });
  try {
    const [row] = (await dataSource.query('SELECT count(*)::int AS n FROM petitions')) as { n: number }[];
    const client = new Client({ connection, namespace });
    const { count } = await client.workflow.count(`WorkflowType = '${PETITION_WORKFLOW_TYPE}'`);
    const counts = { readModelCases: row.n, temporalCases: count };
    if (separationOf(counts, '') !== null) return { ...counts, inconsistencies: [] };
    const cases = await readCasesInStores(dataSource.manager, client, {
      workflowType: PETITION_WORKFLOW_TYPE,
      petitionIdOf: petitionIdOfWorkflowId,
    });
    return { ...counts, inconsistencies: cases.flatMap(inconsistenciesOf) };
  } finally {
    await connection.close();
    await dataSource.destroy();
  }
}

/** Why the two stores cannot be used together, or null when nothing says they were separated. */
export function separationOf(counts: StoreCounts, resetHint: string): string | null {
  const { readModelCases, temporalCases } = counts;
  if (readModelCases > 0 && temporalCases === 0)
    return (
      `the read model holds ${readModelCases} case(s) but Temporal holds no case history: the two stores were separated ` +
      `(one wiped or restored without the other). Every action on those cases would fail. Restore both from the same ` +
      `backup, or start afresh: ${resetHint}`
    );
  if (temporalCases > 0 && readModelCases === 0)
    return (
      `Temporal holds ${temporalCases} case history(ies) but the read model holds no case: the two stores were separated. ` +
      `Restore both from the same backup, or start afresh: ${resetHint}`
    );
  return null;
}
