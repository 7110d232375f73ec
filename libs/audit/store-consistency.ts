/**
 * Do the two stores agree case by case? Each case lives in three places: its intake (the
 * registration's personal data, PostgreSQL only), its workflow history (Temporal only) and its
 * projection (the read model, rebuilt from the history at will). After a restore of one store
 * from an older backup than the other, or a wipe of one, they disagree; this names each case that
 * disagrees, by its case number, and the remedy. Only the projection can be rebuilt here: a lost
 * history or a lost intake comes back from a backup or not at all, and saying so by case number is
 * what keeps the loss from being silent (docs/operations.md "Backup and restore").
 */
import type { Client } from '@temporalio/client';
import type { EntityManager } from 'typeorm';

/** What Temporal holds for one workflow id: running if any run of it is, else how its last run ended. */
export type WorkflowState = 'running' | 'ended' | 'absent';

export interface CaseInStores {
  petitionId: string;
  caseNumber: string | null;
  hasIntake: boolean;
  /** Its complete history is in the archive (petition_history_archives): Temporal may have let it go. */
  archived: boolean;
  readModel: 'open' | 'closed' | 'absent';
  workflow: WorkflowState;
  /** Temporal's status name of the last run, when the workflow is not running (COMPLETED, TERMINATED…). */
  endedAs: string | null;
}

export type InconsistencyKind =
  /** Intake or projection here, no history in Temporal: the case cannot be acted on. */
  | 'historyMissing'
  /** A history in Temporal without its projection, or with a projection that shows it open after it ended. */
  | 'projectionBehind'
  /** A history in Temporal without the registration's intake: its personal data is not here. */
  | 'intakeMissing';

export interface Inconsistency {
  petitionId: string;
  caseNumber: string | null;
  kind: InconsistencyKind;
  /** What the operator does about it. */
  remedy: string;
}

export const INCONSISTENCY_LABELS: Record<InconsistencyKind, string> = {
  historyMissing: '流程历史缺失',
  projectionBehind: '读模型落后',
  intakeMissing: '登记信息缺失',
};

/** The disagreements of one case (none when its stores agree). Pure: the tests read it directly. */
export function inconsistenciesOf(c: CaseInStores): Inconsistency[] {
  const found: Inconsistency[] = [];
  const of = (kind: InconsistencyKind, remedy: string) =>
    found.push({ petitionId: c.petitionId, caseNumber: c.caseNumber, kind, remedy });
  if (c.workflow === 'absent') {
    // A closed case whose history the archive holds: Temporal's retention let it go, as it should.
    if (c.archived && c.readModel === 'closed') return found;
    // Numbered and recorded, never projected: its start failed (Temporal refused or was down) and
    // the registrar has not retried yet; the intake is committed before the start on purpose.
    const neverStarted = c.hasIntake && c.readModel === 'absent';
    of(
      'historyMissing',
      neverStarted
        ? 'its registration was recorded and numbered but its workflow never started (Temporal refused or could not be ' +
            'reached): the registrar submits the same registration again with the same Idempotency-Key, which starts it ' +
            'under this number; if Temporal was restored from a backup, restore it from the one taken with this database'
        : 'restore Temporal from the backup taken with this database; if no backup holds it, the case was registered ' +
            'after the backup and is lost: re-register it from the intake (the case number names it) and tell the petitioner',
    );
    return found;
  }
  if (c.readModel === 'absent' || (c.readModel === 'open' && c.workflow === 'ended'))
    of(
      'projectionBehind',
      `re-project it from its history: npm run audit -- consistency --repair` +
        (c.workflow === 'ended' && c.readModel === 'open'
          ? ` (if it stays open, its workflow ended as ${c.endedAs ?? 'unknown'} outside the service: reset the workflow)`
          : ''),
    );
  if (!c.hasIntake)
    of(
      'intakeMissing',
      'its registration did not commit (the client that registered it retries with the same request id and completes it) ' +
        'or the database was restored from before it: restore the database from the backup taken with Temporal',
    );
  return found;
}

/** Where Temporal keeps the cases: the petition workflow's type and how its ids carry the petition id. */
export interface CaseWorkflows {
  workflowType: string;
  petitionIdOf(workflowId: string): string;
}

/** Every case either store knows of, with what each holds of it. */
export async function readCasesInStores(
  manager: EntityManager,
  temporal: Client,
  workflows: CaseWorkflows,
): Promise<CaseInStores[]> {
  const cases = new Map<string, CaseInStores>();
  const caseOf = (petitionId: string): CaseInStores => {
    let c = cases.get(petitionId);
    if (!c) {
      c = {
        petitionId,
        caseNumber: null,
        hasIntake: false,
        archived: false,
        readModel: 'absent',
        workflow: 'absent',
        endedAs: null,
      };
      cases.set(petitionId, c);
    }
    return c;
  };
  const rows = (await manager.query(
    `SELECT coalesce(i.petition_id, p.id)::text AS id, i.case_number, i.petition_id IS NOT NULL AS has_intake,
            CASE WHEN p.id IS NULL THEN 'absent' WHEN p.closed_at IS NULL THEN 'open' ELSE 'closed' END AS read_model,
            EXISTS (SELECT 1 FROM petition_history_archives a WHERE a.petition_id = coalesce(i.petition_id, p.id)) AS archived
       FROM petition_intakes i FULL JOIN petitions p ON p.id = i.petition_id`,
  )) as {
    id: string;
    case_number: string | null;
    has_intake: boolean;
    read_model: CaseInStores['readModel'];
    archived: boolean;
  }[];
  for (const row of rows) {
    const c = caseOf(row.id);
    c.caseNumber = row.case_number;
    c.hasIntake = row.has_intake;
    c.archived = row.archived;
    c.readModel = row.read_model;
  }
  const lastRunStart = new Map<string, number>();
  for await (const run of temporal.workflow.list({ query: `WorkflowType = '${workflows.workflowType}'` })) {
    const petitionId = workflows.petitionIdOf(run.workflowId);
    const c = caseOf(petitionId);
    if (c.workflow === 'running') continue;
    if (run.status.name === 'RUNNING') {
      c.workflow = 'running';
      c.endedAs = null;
      continue;
    }
    const started = run.startTime.getTime();
    if (started >= (lastRunStart.get(petitionId) ?? -Infinity)) {
      lastRunStart.set(petitionId, started);
      c.workflow = 'ended';
      c.endedAs = run.status.name;
    }
  }
  return [...cases.values()].sort((a, b) => (a.caseNumber ?? a.petitionId).localeCompare(b.caseNumber ?? b.petitionId));
}
