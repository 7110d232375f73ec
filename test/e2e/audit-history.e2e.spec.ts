/**
 * The auditor's endpoints over the real worker, dev server and PostgreSQL: a case runs to its end
 * (不予受理), the worker's archiver writes its history once, the workflow is deleted from Temporal,
 * and export, replay, the history timeline and read-model verification still work from the
 * archive. Bad input (an unknown case, one outside the auditor's region, too long a list) is a
 * 400/404 that says why, and writes nothing.
 */
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { HistoryArchiver } from '../../libs/audit/history-archiver';
import { signIn } from '../../libs/auth/sessions';
import { createTestUser } from '../support/accounts';
import { archiverOptions } from '../../apps/worker/src/history-archiving';
import { staffBearer } from '../support/auth';
import { testDataConverter, useRunningService } from '../support/harness';
import { asOwner } from '../support/owner';

const AUDITOR = staffBearer('p-auditor');

/** Each payload's data read as text: decoded payloads are JSON, sealed ones are not readable. */
function payloadTexts(tree: unknown): string[] {
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.metadata && typeof record.data === 'string')
        texts.push(Buffer.from(record.data, 'base64').toString('utf8'));
      else Object.values(record).forEach(visit);
    }
  };
  visit(tree);
  return texts;
}

describe('auditors: export, archive, replay and verify a case history', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  let client: Client;
  /** An auditor of the county only (region p.c.x): the city's cases are outside it. */
  let countyAuditor: string;

  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    client = new Client({
      connection: await Connection.connect({ address: service.config.temporalAddress }),
      namespace: service.config.temporalNamespace,
      dataConverter: testDataConverter(),
    });
    const account = await createTestUser(service.dataSource, 'auditor', 'x-xfj');
    countyAuditor = `Bearer ${(await signIn(service.dataSource, service.config.auth, account.id, account.password)).accessToken}`;
  });
  afterAll(async () => {
    await client?.connection.close();
  });

  async function register(registrar = 'x-registrar'): Promise<string> {
    const response = await http
      .post('/petitions')
      .set('Authorization', staffBearer(registrar))
      .set('Idempotency-Key', `audit-history-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'online',
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        petitionerName: '赵某',
        summary: '供暖不达标',
      })
      .expect(201);
    const petitionId = response.body.petitionId as string;
    for (
      let i = 0;
      i < 100 && (await service.dataSource.query(`SELECT 1 FROM petitions WHERE id = $1`, [petitionId])).length === 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    return petitionId;
  }

  const reason = `所反映事项已由人民法院受理，不属于信访受理范围-${randomUUID().slice(0, 13)}`;
  let petitionId: string;

  beforeAll(async () => {
    petitionId = await register();
    await http
      .post(`/petitions/${petitionId}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send({ requestId: 'route', args: { unitId: 'x-zjj' } })
      .expect(200);
    await http
      .post(`/petitions/${petitionId}/actions/decline`)
      .set('Authorization', staffBearer('x-handler'))
      .send({ requestId: 'decline', args: { reason } })
      .expect(200);
    await client.workflow.getHandle(`petition-${petitionId}`).result();
  });

  async function archiverPass() {
    const archiver = new HistoryArchiver(client, service.dataSource, archiverOptions(service.config), 60_000);
    // Visibility learns of a close a moment after it happens.
    for (let i = 0; i < 50; i++) {
      const pass = await archiver.runPass();
      const [row] = await service.dataSource.query(`SELECT 1 FROM petition_history_archives WHERE petition_id = $1`, [
        petitionId,
      ]);
      if (row) return pass;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the archiver never archived the case');
  }

  it("the worker's archiver writes the closed case once; a later pass adds nothing; the database refuses to change it", async () => {
    const pass = await archiverPass();
    expect(pass.failed).toEqual([]);
    const [archived] = await service.dataSource.query(
      `SELECT archived_at, content_sha256, run_count, close_status FROM petition_history_archives WHERE petition_id = $1`,
      [petitionId],
    );
    expect(archived).toMatchObject({ run_count: 1, close_status: 'completed' });
    const again = await new HistoryArchiver(
      client,
      service.dataSource,
      archiverOptions(service.config),
      60_000,
    ).runPass();
    expect(again).toMatchObject({ archived: 0, failed: [] });
    expect(again.alreadyArchived).toBeGreaterThanOrEqual(1);
    const rows = await service.dataSource.query(
      `SELECT archived_at, content_sha256 FROM petition_history_archives WHERE petition_id = $1`,
      [petitionId],
    );
    expect(rows).toEqual([{ archived_at: archived.archived_at, content_sha256: archived.content_sha256 }]);
    // The service's runtime role may not even try; the owner is stopped by the trigger.
    await expect(
      service.dataSource.query(`UPDATE petition_history_archives SET close_status = 'x' WHERE petition_id = $1`, [
        petitionId,
      ]),
    ).rejects.toThrow(/permission denied/);
    const owner = new PgClient({ connectionString: process.env.DATABASE_OWNER_URL });
    await owner.connect();
    try {
      await expect(
        owner.query(`UPDATE petition_history_archives SET close_status = 'x' WHERE petition_id = $1`, [petitionId]),
      ).rejects.toThrow(/written once: UPDATE/);
      await expect(
        owner.query(`DELETE FROM petition_history_archives WHERE petition_id = $1`, [petitionId]),
      ).rejects.toThrow(/written once: DELETE/);
    } finally {
      await owner.end();
    }
  });

  it('with the workflow deleted from Temporal, export, replay, the history timeline and read-model verification read the archive', async () => {
    const workflowId = `petition-${petitionId}`;
    await client.workflowService.deleteWorkflowExecution({
      namespace: service.config.temporalNamespace,
      workflowExecution: { workflowId },
    });
    // Deletion runs in the background on the server (the dev server takes 20–30 s): wait until the history is gone too.
    for (let i = 0; i < 1200; i++) {
      const gone = await client.workflow
        .getHandle(workflowId)
        .fetchHistory()
        .then(
          () => false,
          (e) => e instanceof WorkflowNotFoundError || /not found/i.test((e as Error).message),
        );
      if (gone) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await expect(client.workflow.getHandle(workflowId).describe()).rejects.toThrow(WorkflowNotFoundError);
    await expect(client.workflow.getHandle(workflowId).fetchHistory()).rejects.toThrow();

    const exported = await http.get(`/audit/petitions/${petitionId}/history`).set('Authorization', AUDITOR).expect(200);
    expect(exported.body).toMatchObject({
      petitionId,
      workflowId,
      source: 'archive',
      encoding: 'decoded',
      closeStatus: 'completed',
      runCount: 1,
    });
    expect(exported.body.runs[0].history.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(payloadTexts(exported.body.runs).join('\n')).toContain(reason);
    const raw = await http
      .get(`/audit/petitions/${petitionId}/history`)
      .query({ encoding: 'raw' })
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(raw.body.runs[0].history.events.length).toBe(exported.body.runs[0].history.events.length);
    expect(payloadTexts(raw.body.runs).join('\n')).not.toContain(reason);

    const replay = await http
      .post('/audit/replays')
      .set('Authorization', AUDITOR)
      .send({ petitionIds: [petitionId] })
      .expect(200);
    expect(replay.body).toMatchObject({
      status: 'done',
      progress: { total: 1, completed: 1, percent: 100 },
      summary: { deterministic: 1, diverged: 0, unavailable: 0 },
    });
    expect(replay.body.results).toEqual([
      expect.objectContaining({ petitionId, source: 'archive', deterministic: true, divergence: null }),
    ]);
    const job = await http.get(`/audit/replays/${replay.body.jobId}`).set('Authorization', AUDITOR).expect(200);
    expect(job.body.status).toBe('done');

    const timeline = await http
      .get(`/audit/petitions/${petitionId}/history-timeline`)
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(timeline.body).toMatchObject({ source: 'archive', agreesWithReadModel: true, differences: [] });
    const declined = timeline.body.entries.find((e: { reasons: { reason?: string } }) => e.reasons.reason === reason);
    expect(declined).toMatchObject({
      actor: { userId: 'x-handler', role: 'handler', unitId: 'x-zjj' },
      stepBefore: 'acceptance',
      stepAfter: 'endedDeclined',
    });
    expect(declined.at).toMatch(/\+08:00$/);
    expect(timeline.body.staffRequests.map((r: { action: string; outcome: string }) => [r.action, r.outcome])).toEqual([
      ['route', 'accepted'],
      ['decline', 'accepted'],
    ]);

    const verification = await http
      .get(`/audit/petitions/${petitionId}/read-model-verification`)
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(verification.body).toMatchObject({ source: 'archive', ok: true, divergences: [] });

    // Edited behind the service's back: found, field by field.
    await service.dataSource.query(`UPDATE petitions SET step = 'handling' WHERE id = $1`, [petitionId]);
    await asOwner(`DELETE FROM petition_events WHERE petition_id = $1 AND seq = 1`, [petitionId]);
    const found = await http
      .get(`/audit/petitions/${petitionId}/read-model-verification`)
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(found.body.ok).toBe(false);
    expect(found.body.divergences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'petitions', kind: 'changed', field: 'step', actual: 'handling' }),
        expect.objectContaining({ table: 'petition_events', key: '1', kind: 'missing' }),
      ]),
    );
    const timelineAfter = await http
      .get(`/audit/petitions/${petitionId}/history-timeline`)
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(timelineAfter.body.differences).toEqual([expect.objectContaining({ seq: 1, kind: 'missing' })]);
  }, 240_000);

  it('bad input is a 400 or 404 that says why, and nothing is written', async () => {
    const jobs = async () => Number((await service.dataSource.query(`SELECT count(*) AS n FROM replay_jobs`))[0].n);
    const before = await jobs();
    const unknown = randomUUID();
    const missing = await http
      .post('/audit/replays')
      .set('Authorization', AUDITOR)
      .send({ petitionIds: [petitionId, unknown] })
      .expect(404);
    expect(missing.body.detail).toContain(`petition ${unknown} not found`);
    const tooMany = await http
      .post('/audit/replays')
      .set('Authorization', AUDITOR)
      .send({ petitionIds: Array.from({ length: 201 }, () => randomUUID()) })
      .expect(400);
    expect(JSON.stringify(tooMany.body.detail)).toContain('at most 200');
    const neither = await http.post('/audit/replays').set('Authorization', AUDITOR).send({}).expect(400);
    expect(neither.body.detail).toContain('either petitionIds');
    await http
      .post('/audit/replays')
      .set('Authorization', AUDITOR)
      .send({ petitionIds: ['not-an-id'] })
      .expect(400);

    const cityCase = await register('c-registrar');
    const outside = await http
      .post('/audit/replays')
      .set('Authorization', countyAuditor)
      .send({ petitionIds: [cityCase] })
      .expect(404);
    expect(outside.body.detail).toContain('not within your region');
    await http.get(`/audit/petitions/${cityCase}/history`).set('Authorization', countyAuditor).expect(404);
    await http.get(`/audit/petitions/${unknown}/history`).set('Authorization', AUDITOR).expect(404);
    await http.get(`/audit/petitions/not-a-uuid/history`).set('Authorization', AUDITOR).expect(400);
    await http
      .get(`/audit/petitions/${petitionId}/history`)
      .query({ encoding: 'zip' })
      .set('Authorization', AUDITOR)
      .expect(400);
    await http.get(`/audit/petitions/${petitionId}/history`).set('Authorization', staffBearer('x-handler')).expect(403);
    await http.get(`/audit/replays/${randomUUID()}`).set('Authorization', AUDITOR).expect(404);
    expect(await jobs()).toBe(before);
  });

  it('a long replay is a job: 202 at once, its progress readable until it is done', async () => {
    const ids = [petitionId];
    for (let i = 0; i < 11; i++) ids.push(await register());
    const started = await http
      .post('/audit/replays')
      .set('Authorization', AUDITOR)
      .send({ petitionIds: ids })
      .expect(202);
    expect(started.headers.location).toBe(`/audit/replays/${started.body.jobId}`);
    expect(started.body.progress.total).toBe(12);
    let job = started.body;
    for (let i = 0; i < 600 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      job = (await http.get(`/audit/replays/${started.body.jobId}`).set('Authorization', AUDITOR).expect(200)).body;
    }
    expect(job).toMatchObject({
      status: 'done',
      progress: { total: 12, completed: 12, percent: 100 },
      summary: { deterministic: 12, diverged: 0, unavailable: 0 },
    });
    expect(new Set(job.results.map((r: { source: string }) => r.source))).toEqual(new Set(['archive', 'temporal']));
    // Another auditor's job is not theirs to read.
    await http.get(`/audit/replays/${started.body.jobId}`).set('Authorization', countyAuditor).expect(404);
  });
});
