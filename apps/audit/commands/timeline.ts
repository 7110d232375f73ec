import Table from 'cli-table3';
import { decodeCaseHistory } from '@/libs/audit/case-history';
import { loadCaseHistory } from '@/libs/audit/case-history-source';
import { readHistory } from '@/libs/audit/history-reading';
import { compareTimelines, timelineFromHistory } from '@/libs/audit/history-timeline';
import { petitionWorkflowId } from '@/workflows/petition/petition.contract';
import type { AuditContext } from '../context';
import { selectPetitions } from './selection';

/** The timeline of one case from its history alone, and where the read model's timeline differs. */
export async function timelineCommand(ctx: AuditContext, id: string): Promise<boolean> {
  const [petitionId] = await selectPetitions(ctx, [id], false, 'every');
  const loaded = await loadCaseHistory(
    ctx.dataSource.manager,
    () => ctx.temporal(),
    petitionId,
    petitionWorkflowId(petitionId),
  );
  const entries = timelineFromHistory(readHistory(await decodeCaseHistory(ctx.converter, loaded.history)));
  const table = new Table({
    head: ['#', 'at (Asia/Shanghai)', 'event', 'who', 'step', 'clock', 'reasons'],
    wordWrap: true,
    colWidths: [5, 31, 22, 30, 30, 24, 40],
  });
  for (const e of entries) {
    table.push([
      e.seq,
      e.at,
      e.type,
      e.actor ? `${e.actor.userId} (${e.actor.role}, ${e.actor.unitId ?? '-'})` : 'the workflow',
      e.stepBefore === e.stepAfter ? e.stepAfter : `${e.stepBefore ?? '-'} → ${e.stepAfter}`,
      e.clockKey ?? '',
      Object.keys(e.reasons).length ? JSON.stringify(e.reasons) : '',
    ]);
  }
  console.log(`${petitionId} (history from the ${loaded.source})`);
  console.log(table.toString());
  const readModel = await ctx.dataSource.query(
    `SELECT seq, type, at, actor_user_id AS "actorUserId", actor_role AS "actorRole", actor_unit_id AS "actorUnitId",
            request_id AS "requestId", clock_key AS "clockKey", data FROM petition_events WHERE petition_id = $1 ORDER BY seq`,
    [petitionId],
  );
  const differences = compareTimelines(entries, readModel);
  if (differences.length === 0) console.log("the read model's timeline agrees with the history");
  else
    for (const d of differences)
      console.log(
        `finding: line ${d.seq} ${d.kind}${d.field ? ` ${d.field}: history ${JSON.stringify(d.history)}, read model ${JSON.stringify(d.readModel)}` : ''}`,
      );
  return differences.length === 0;
}
