/**
 * Retention (docs/operations.md "Retention"): the retention workflow, run on a real worker against
 * the dev server, pseudonymises the personal data of cases closed before the personal-data period
 * and deletes the archived histories and documents of cases closed before theirs; it touches no
 * open case and nothing newer, records each run on the audit trail with its counts, and a second
 * run changes nothing. The schedule that starts it is ensured idempotently. Runs on a database of
 * its own (closing dates are set on the read model directly).
 */
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createHash, randomUUID } from 'node:crypto';
import { RetentionActivities } from '../../activities/retention.activities';
import { verifyAuditTrail } from '../../libs/audit/trail-verification';
import { PSEUDONYM } from '../../libs/persistence/retention';
import { connectClient } from '../../libs/temporal/connection';
import { ensureRetentionSchedule } from '../../libs/temporal/retention-schedule';
import type { RetentionPeriods, RetentionRun } from '../../libs/temporal/retention-contract';
import { RunningWorker, startWorker, testConfig, testDataConverter } from '../support/harness';
import { ScratchDatabase, createScratchDatabase } from '../support/scratch-database';

const DAY = 86_400_000;
const yearsAgo = (years: number) => new Date(Date.now() - years * 365.25 * DAY);
const PERIODS: Required<RetentionPeriods> = {
  personalDataDays: 1825,
  historyArchiveDays: 10950,
  documentDays: 10950,
  unregisteredSubmissionFileDays: 180,
  orphanGraceHours: 24,
};

interface Seeded {
  id: string;
  label: string;
}

describe('retention: what is past its period is pseudonymised or deleted, nothing else', () => {
  const config = testConfig();
  let db: ScratchDatabase;
  let client: Client;
  let native: NativeConnection;
  let worker: RunningWorker;
  let serial = 0;

  beforeAll(async () => {
    db = await createScratchDatabase('retention', { seedDemo: true });
    client = await connectClient(config.temporalAddress, config.temporalNamespace, testDataConverter());
    native = await NativeConnection.connect({ address: config.temporalAddress });
    worker = await startWorker({
      connection: native,
      namespace: config.temporalNamespace,
      taskQueue: config.taskQueue,
      dataSource: db.dataSource,
      activities: [new RetentionActivities(db.dataSource)],
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await native?.close();
    await client?.connection.close();
    await db?.drop();
  });

  /** A case in the read model with its registration record, archive and one document. */
  async function seedCase(
    label: string,
    state: { step: string; closedAt: Date | null; final: boolean },
    withArchive: boolean,
  ): Promise<Seeded> {
    const id = randomUUID();
    const registeredAt = new Date((state.closedAt ?? yearsAgo(40)).getTime() - 90 * DAY);
    await db.owner.query(
      `INSERT INTO petitions (id, workflow_id, category, urgent, step, policy_version, calendar_version, routing_unit_id,
         received_at, registered_at, closed_at, is_final, revision, view, projected_at)
       VALUES ($1, $2, 'appeal', false, $3, '2022.1', 'cn-2025', 'x-xfj', $4, $4, $5, $6, 1, '{}', now())`,
      [id, `petition-${id}`, state.step, registeredAt, state.closedAt, state.final],
    );
    await db.owner.query(
      `INSERT INTO petition_intakes (idempotency_key, petition_id, request_hash, registered_by, registering_unit_id,
         petitioner_name, petitioner_contact, petitioner_contact_hash, summary, accused_person, query_code_hash, created_at)
       VALUES ($1, $2, 'h', 'x-registrar', 'x-xfj', $3, '13800000000', 'contact-hash', '反映物业维修问题', '某工作人员', 'q', $4)`,
      [`key-${id}`, id, `张${label}`, registeredAt],
    );
    if (withArchive && state.closedAt) {
      await db.owner.query(
        `INSERT INTO petition_history_archives (petition_id, workflow_id, first_run_id, last_run_id, run_count, event_count,
           close_status, closed_at, format, compression, content, content_sha256, uncompressed_bytes, archived_by)
         VALUES ($1, $2, 'r1', 'r1', 1, 10, 'COMPLETED', $3, 'json', 'gzip', '\\x00', $4, 1, 'test')`,
        [id, `petition-${id}`, state.closedAt, '0'.repeat(64)],
      );
    }
    const key = `notice:${id}`;
    serial += 1;
    await db.owner.query(
      `INSERT INTO document_numbers (document_key, unit_id, year, serial) VALUES ($1, 'x-xfj', 2090, $2)`,
      [key, serial],
    );
    const content = Buffer.from(`%PDF ${label}`);
    await db.owner.query(
      `INSERT INTO documents (document_key, kind, audience, petition_id, unit_id, year, serial, number, title, media_type,
         content, sha256, byte_length, issued_at)
       VALUES ($1, 'acceptanceNotice', 'petitioner', $2, 'x-xfj', 2090, $3, $4, '受理告知书', 'application/pdf', $5, $6, $7, $8)`,
      [
        key,
        id,
        serial,
        `x-xfj〔2090〕${serial}号`,
        content,
        createHash('sha256').update(content).digest('hex'),
        content.length,
        registeredAt,
      ],
    );
    return { id, label };
  }

  async function snapshot(): Promise<{ intakes: unknown[]; archives: string[]; documents: string[] }> {
    const intakes = await db.owner.query(`SELECT * FROM petition_intakes ORDER BY petition_id`);
    const archives = await db.owner.query(`SELECT petition_id FROM petition_history_archives ORDER BY petition_id`);
    const documents = await db.owner.query(`SELECT petition_id FROM documents ORDER BY petition_id`);
    return {
      intakes: intakes.rows,
      archives: archives.rows.map((r: { petition_id: string }) => r.petition_id),
      documents: documents.rows.map((r: { petition_id: string }) => r.petition_id),
    };
  }

  const runJob = (): Promise<RetentionRun> =>
    client.workflow.execute('retentionWorkflow', {
      taskQueue: config.taskQueue,
      workflowId: `retention-test-${randomUUID()}`,
      args: [PERIODS],
    });

  it('pseudonymises personal data after its period and deletes archives and documents after theirs; open and recent cases untouched; a second run changes nothing', async () => {
    const sixYears = await seedCase('六年', { step: 'closed', closedAt: yearsAgo(6), final: true }, true);
    const thirtyOne = await seedCase('三十一年', { step: 'closed', closedAt: yearsAgo(31), final: true }, true);
    const oneYear = await seedCase('一年', { step: 'closed', closedAt: yearsAgo(1), final: true }, true);
    // Registered 40 years ago and still open (a case in handling; a reopened one has closed_at null too).
    const open = await seedCase('未结', { step: 'handling', closedAt: null, final: false }, false);
    const reviewWindow = await seedCase('复查期', { step: 'reviewWindow', closedAt: null, final: false }, false);
    const before = await snapshot();

    const first = await runJob();
    expect(first).toMatchObject({ pseudonymisedRegistrations: 2, deletedHistoryArchives: 1, deletedDocuments: 1 });

    const after = await snapshot();
    const intake = (c: Seeded, s = after) =>
      (s.intakes as { petition_id: string }[]).find((r) => r.petition_id === c.id) as Record<string, unknown>;
    for (const expired of [sixYears, thirtyOne]) {
      expect(intake(expired)).toMatchObject({
        petitioner_name: PSEUDONYM,
        petitioner_contact: null,
        petitioner_contact_hash: null,
        accused_person: PSEUDONYM,
        summary: '反映物业维修问题',
      });
      expect(intake(expired).pseudonymised_at).toBeInstanceOf(Date);
    }
    // Exactly the expired ones changed: every other registration record is as it was, column by column.
    for (const kept of [oneYear, open, reviewWindow]) expect(intake(kept)).toEqual(intake(kept, before));
    expect(after.archives).toEqual(before.archives.filter((id) => id !== thirtyOne.id));
    expect(after.documents).toEqual(before.documents.filter((id) => id !== thirtyOne.id));
    expect(after.archives).toContain(sixYears.id);
    expect(after.documents).toEqual(expect.arrayContaining([sixYears.id, oneYear.id, open.id, reviewWindow.id]));

    // The run is on the audit trail with its counts, and the chain still verifies.
    const [record] = (
      await db.owner.query(`SELECT * FROM audit_trail WHERE action = 'enforceRetention' ORDER BY seq DESC LIMIT 1`)
    ).rows;
    expect(Number(record.seq)).toBe(first.auditSeq);
    expect(record.detail).toMatchObject({
      pseudonymisedRegistrations: 2,
      deletedHistoryArchives: 1,
      deletedDocuments: 1,
      periods: PERIODS,
    });

    const second = await runJob();
    expect(second).toMatchObject({ pseudonymisedRegistrations: 0, deletedHistoryArchives: 0, deletedDocuments: 0 });
    expect(await snapshot()).toEqual(after);
    expect(second.auditSeq).toBe(first.auditSeq + 1);
    expect(await verifyAuditTrail(db.dataSource.manager)).toMatchObject({ ok: true, firstBrokenLink: null });
  });

  it('the database keeps every case closed within a year, whatever a caller asks, and still refuses other deletions', async () => {
    await expect(db.owner.query(`SELECT retention_purge('documents', now() - interval '30 days')`)).rejects.toThrow(
      /at least 365 days/,
    );
    // Outside retention_purge the written-once tables stay written once.
    await expect(db.owner.query(`DELETE FROM documents`)).rejects.toThrow(/never changed once issued/);
    await expect(db.owner.query(`DELETE FROM petition_history_archives`)).rejects.toThrow(/written once/);
  });

  it('the schedule is created once and, ensured again, takes the configured periods and interval', async () => {
    const scheduleId = `retention-test-${randomUUID()}`;
    const retention = { ...PERIODS, intervalHours: 24 };
    await ensureRetentionSchedule(client, config.taskQueue, retention, scheduleId);
    await ensureRetentionSchedule(client, config.taskQueue, retention, scheduleId);
    const handle = client.schedule.getHandle(scheduleId);
    try {
      let description = await handle.describe();
      expect(description.action).toMatchObject({ workflowType: 'retentionWorkflow', taskQueue: config.taskQueue });
      expect(description.action.args).toEqual([PERIODS]);
      expect(description.spec.intervals?.map((i) => i.every)).toEqual([24 * 3600 * 1000]);
      await ensureRetentionSchedule(
        client,
        config.taskQueue,
        { ...retention, personalDataDays: 3650, intervalHours: 12 },
        scheduleId,
      );
      description = await handle.describe();
      expect(description.action.args).toEqual([{ ...PERIODS, personalDataDays: 3650 }]);
      expect(description.spec.intervals?.map((i) => i.every)).toEqual([12 * 3600 * 1000]);
    } finally {
      await handle.delete();
    }
  });
});
