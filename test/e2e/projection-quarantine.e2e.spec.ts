/**
 * Over the production API and worker: a 督办 whose timeline event PostgreSQL refuses (a CHECK
 * constraint the test adds, refusing a marker text) is answered, not hung; the auditor's answers
 * (read-model verification, the history timeline) show the batch waiting in the quarantine and
 * disagree, Prometheus counts it, and after an operator resolves it everything agrees.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { resolveQuarantine } from '../../apps/audit/commands/resolve-quarantine';
import { createDataSource } from '../../libs/persistence/data-source';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

const AUDITOR = staffBearer('p-auditor');

describe('a batch the read model refuses is quarantined, shown to the auditor, and resolved', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  let owner: DataSource;

  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    owner = createDataSource(process.env.DATABASE_OWNER_URL!);
    await owner.initialize();
  });
  afterAll(async () => {
    await owner?.destroy();
  });

  async function act(token: string, petitionId: string, action: string, args: Record<string, unknown>) {
    return http
      .post(`/petitions/${petitionId}/actions/${action}`)
      .set('Authorization', token)
      .send({ requestId: randomUUID(), args })
      .expect(200);
  }

  async function projectedRevision(petitionId: string): Promise<number | null> {
    const rows: { revision: number }[] = await service.dataSource.query(
      `SELECT revision FROM petitions WHERE id = $1`,
      [petitionId],
    );
    return rows[0]?.revision ?? null;
  }

  async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await probe();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const unresolvedGauge = async () =>
    Number(
      /^petitions_projection_quarantined_batches_unresolved (\d+)/m.exec(
        (await http.get('/metrics').expect(200)).text,
      )?.[1],
    );

  it('the 督办 is answered, the auditor sees the quarantined batch until it is resolved, then everything agrees', async () => {
    const registered = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `quarantine-e2e-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'letter',
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        petitionerName: '钱某',
        summary: '拆迁补偿未到位',
      })
      .expect(201);
    const petitionId = registered.body.petitionId as string;
    await until(
      'registration projected',
      () => projectedRevision(petitionId),
      (r) => r !== null,
    );
    await act(staffBearer('x-registrar'), petitionId, 'route', { unitId: 'x-zjj' });
    await act(staffBearer('x-handler'), petitionId, 'accept', {});

    const marker = `refused-${randomUUID().slice(0, 8)}`;
    const constraint = `test_refuses_${marker.replace('-', '_')}`;
    const gaugeBefore = await unresolvedGauge();
    await owner.query(
      `ALTER TABLE petition_events ADD CONSTRAINT ${constraint} CHECK (strpos(data::text, '${marker}') = 0) NOT VALID`,
    );
    try {
      const supervised = await act(staffBearer('x-supervisor'), petitionId, 'issueSupervision', {
        instructions: `请于两周内书面反馈 ${marker}`,
      });
      const answered = await act(staffBearer('x-handler'), petitionId, 'recordSupervisionFeedback', {
        feedback: '已书面反馈',
      });
      await until(
        'feedback projected',
        () => projectedRevision(petitionId),
        (r) => r === answered.body.revision,
      );

      const verification = await http
        .get(`/audit/petitions/${petitionId}/read-model-verification`)
        .set('Authorization', AUDITOR)
        .expect(200);
      expect(verification.body.ok).toBe(false);
      expect(verification.body.quarantine).toEqual([
        expect.objectContaining({
          revision: supervised.body.revision,
          sqlstate: '23514',
          resolvedAt: null,
          resolvedBy: null,
          repairs: null,
        }),
      ]);
      const [held] = verification.body.quarantine as { id: string; eventSeqs: number[] }[];
      expect(verification.body.divergences).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ table: 'projection_quarantine', key: held.id, kind: 'quarantined' }),
          ...held.eventSeqs.map((seq) =>
            expect.objectContaining({ table: 'petition_events', key: String(seq), kind: 'missing' }),
          ),
        ]),
      );
      const timeline = await http
        .get(`/audit/petitions/${petitionId}/history-timeline`)
        .set('Authorization', AUDITOR)
        .expect(200);
      expect(timeline.body.agreesWithReadModel).toBe(false);
      expect(timeline.body.quarantine).toEqual([expect.objectContaining({ id: held.id, resolvedAt: null })]);
      expect(await unresolvedGauge()).toBe(gaugeBefore + 1);
    } finally {
      await owner.query(`ALTER TABLE petition_events DROP CONSTRAINT IF EXISTS ${constraint}`);
    }

    const resolution = await resolveQuarantine(service.dataSource, petitionId, 'operator-e2e');
    expect(resolution.refused).toBeNull();
    expect(resolution.resolved).toHaveLength(1);
    const verified = await http
      .get(`/audit/petitions/${petitionId}/read-model-verification`)
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(verified.body).toMatchObject({ ok: true, divergences: [], repaired: [] });
    expect(verified.body.quarantine).toEqual([
      expect.objectContaining({
        resolvedBy: 'operator-e2e',
        resolvedAt: expect.stringMatching(/\+08:00$/),
        repairs: [],
      }),
    ]);
    const timeline = await http
      .get(`/audit/petitions/${petitionId}/history-timeline`)
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(timeline.body).toMatchObject({ agreesWithReadModel: true, differences: [] });
    expect(await unresolvedGauge()).toBe(gaugeBefore);
  });
});
