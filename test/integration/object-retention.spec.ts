/**
 * Retention's object-store part (libs/storage/object-retention.ts), through the retention workflow on
 * a real worker against the dev server, on a database of its own and a directory object store: the
 * files of online submissions never registered (不予登记, or never decided) are deleted after their
 * period, their rows kept and marked; a registered submission's files, a recent refusal's and a
 * recent submission's stay. Objects no row names (an upload that crashed between the store and its
 * row) are deleted once past the grace time, unless the case's history names the file (kept and
 * reported); an object a material row names is never touched. A second run changes nothing.
 */
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { RetentionActivities } from '../../activities/retention.activities';
import { DirectoryObjectStore } from '../../libs/storage/directory-object-store';
import { connectClient } from '../../libs/temporal/connection';
import type { RetentionPeriods, RetentionRun } from '../../libs/temporal/retention-contract';
import { RunningWorker, startWorker, testConfig, testDataConverter } from '../support/harness';
import { ScratchDatabase, createScratchDatabase } from '../support/scratch-database';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
const PERIODS: RetentionPeriods = {
  personalDataDays: 1825,
  historyArchiveDays: 10950,
  documentDays: 10950,
  unregisteredSubmissionFileDays: 180,
  orphanGraceHours: 24,
};

describe('retention of stored files: never-registered submissions after their period, orphans after the grace time', () => {
  const config = testConfig();
  let db: ScratchDatabase;
  let client: Client;
  let native: NativeConnection;
  let worker: RunningWorker;
  let root: string;
  let store: DirectoryObjectStore;

  beforeAll(async () => {
    db = await createScratchDatabase('object_retention', { seedDemo: true });
    root = mkdtempSync(join(tmpdir(), 'object-retention-'));
    store = new DirectoryObjectStore(root);
    client = await connectClient(config.temporalAddress, config.temporalNamespace, testDataConverter());
    native = await NativeConnection.connect({ address: config.temporalAddress });
    worker = await startWorker({
      connection: native,
      namespace: config.temporalNamespace,
      taskQueue: config.taskQueue,
      dataSource: db.dataSource,
      activities: [new RetentionActivities(db.dataSource, store)],
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await native?.close();
    await client?.connection.close();
    await db?.drop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** An object written `ageDays` ago (its modification time set back). */
  async function putObject(key: string, ageDays = 0): Promise<string> {
    const stored = await store.put(key, Readable.from([Buffer.from(`%PDF ${key}`)]), {
      contentType: 'application/pdf',
      maxBytes: 1024,
    });
    const then = daysAgo(ageDays);
    utimesSync(join(root, key), then, then);
    return stored.sha256;
  }

  let serial = 0;
  async function seedSubmission(
    state: { status: 'received' | 'registered' | 'notRegistered'; submittedAt: Date; decidedAt: Date | null },
    files: number,
  ): Promise<{ id: string; keys: string[] }> {
    const id = randomUUID();
    serial += 1;
    await db.owner.query(
      `INSERT INTO online_submissions (id, submission_number, idempotency_key, request_hash, petition_id, office_unit_id,
         petitioner_name, phone, address, category, request, facts, consented_at, privacy_notice_version, submitted_at,
         challenge_signature, status, decided_by, decided_at, not_registered_reason)
       VALUES ($1, $2, $3, 'h', $4, 'x-xfj', '李某', '13900000000', '某县某路1号', 'appeal', '请求', '事实', $5, 'v1', $5,
         $6, $7, $8, $9, $10)`,
      [
        id,
        `WS-2090-${serial}`,
        `key-${id}`,
        randomUUID(),
        state.submittedAt,
        `sig-${id}`,
        state.status,
        state.decidedAt ? 'x-registrar' : null,
        state.decidedAt,
        state.status === 'notRegistered' ? '不属于信访事项' : null,
      ],
    );
    const keys: string[] = [];
    for (let seq = 1; seq <= files; seq++) {
      const key = `online/${id}/${seq}`;
      const sha256 = await putObject(key, (Date.now() - state.submittedAt.getTime()) / DAY);
      await db.owner.query(
        `INSERT INTO submission_files (submission_id, seq, object_key, file_name, content_type, size, sha256)
         VALUES ($1, $2, $3, '照片.pdf', 'application/pdf', 10, $4)`,
        [id, seq, key, sha256],
      );
      keys.push(key);
    }
    return { id, keys };
  }

  const exists = async (key: string) => (await store.head(key)) !== null;
  const deletedAt = async (id: string) =>
    (
      await db.owner.query(`SELECT deleted_at FROM submission_files WHERE submission_id = $1 ORDER BY seq`, [id])
    ).rows.map((r: { deleted_at: Date | null }) => r.deleted_at !== null);

  const runJob = (): Promise<RetentionRun> =>
    client.workflow.execute('retentionWorkflow', {
      taskQueue: config.taskQueue,
      workflowId: `object-retention-test-${randomUUID()}`,
      args: [PERIODS],
    });

  it('deletes what is past its period and nothing else; a second run changes nothing', async () => {
    const refusedLongAgo = await seedSubmission(
      { status: 'notRegistered', submittedAt: daysAgo(220), decidedAt: daysAgo(200) },
      2,
    );
    const neverDecided = await seedSubmission({ status: 'received', submittedAt: daysAgo(200), decidedAt: null }, 1);
    const refusedRecently = await seedSubmission(
      { status: 'notRegistered', submittedAt: daysAgo(20), decidedAt: daysAgo(10) },
      1,
    );
    const waiting = await seedSubmission({ status: 'received', submittedAt: daysAgo(5), decidedAt: null }, 1);
    const registered = await seedSubmission(
      { status: 'registered', submittedAt: daysAgo(400), decidedAt: daysAgo(399) },
      1,
    );

    const petitionId = randomUUID();
    const orphanOld = `materials/${petitionId}/${randomUUID()}`;
    const orphanRecent = `materials/${petitionId}/${randomUUID()}`;
    const namedByHistoryFile = randomUUID();
    const namedByHistory = `materials/${petitionId}/${namedByHistoryFile}`;
    const materialFile = randomUUID();
    const material = `materials/${petitionId}/${materialFile}`;
    const onlineOrphan = `online/${randomUUID()}/1`;
    await putObject(orphanOld, 3);
    await putObject(orphanRecent, 0);
    const namedSha = await putObject(namedByHistory, 3);
    const materialSha = await putObject(material, 3);
    await putObject(onlineOrphan, 3);
    await db.owner.query(
      `INSERT INTO petition_events (petition_id, seq, type, at, data) VALUES ($1, 1, 'materialAttached', now(), $2)`,
      [petitionId, JSON.stringify({ fileId: namedByHistoryFile, sha256: namedSha, size: 10 })],
    );
    await db.owner.query(
      `INSERT INTO case_materials (file_id, material_id, version, petition_id, kind, caption, file_name, media_type,
         byte_length, sha256, object_key, request_id, uploaded_by, uploader_role, uploader_unit_id, event_seq)
       VALUES ($1, $2, 1, $3, 'investigation', '笔录', '笔录.pdf', 'application/pdf', 10, $4, $5, 'r1', 'x-handler',
         'handler', 'x-zjj', 2)`,
      [materialFile, randomUUID(), petitionId, materialSha, material],
    );

    const first = await runJob();
    expect(first).toMatchObject({
      deletedSubmissionFiles: 3,
      deletedOrphanObjects: 2,
      keptOrphanObjects: [namedByHistory],
    });
    for (const key of [...refusedLongAgo.keys, ...neverDecided.keys, orphanOld, onlineOrphan])
      expect({ key, exists: await exists(key) }).toEqual({ key, exists: false });
    for (const key of [
      ...refusedRecently.keys,
      ...waiting.keys,
      ...registered.keys,
      orphanRecent,
      namedByHistory,
      material,
    ])
      expect({ key, exists: await exists(key) }).toEqual({ key, exists: true });
    // The rows stay as the record of what was sent, marked.
    expect(await deletedAt(refusedLongAgo.id)).toEqual([true, true]);
    expect(await deletedAt(neverDecided.id)).toEqual([true]);
    expect(await deletedAt(refusedRecently.id)).toEqual([false]);
    expect(await deletedAt(registered.id)).toEqual([false]);
    const audited = await db.owner.query(
      `SELECT detail FROM audit_trail WHERE action = 'enforceObjectRetention' ORDER BY seq`,
    );
    expect(audited.rows).toEqual([
      {
        detail: expect.objectContaining({ deletedSubmissionFiles: 3, deletedOrphanObjects: 2 }),
      },
    ]);

    const second = await runJob();
    expect(second).toMatchObject({
      deletedSubmissionFiles: 0,
      deletedOrphanObjects: 0,
      keptOrphanObjects: [namedByHistory],
    });
    expect(await exists(material)).toBe(true);
    expect(createHash('sha256').update(`%PDF ${material}`).digest('hex')).toBe(materialSha);
  });
});
