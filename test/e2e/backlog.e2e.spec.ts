/**
 * Importing backlog (积案) over HTTP: a registrar of county z registers a case first received three
 * years ago with its history. It is marked imported, records no late registration, its routing clock
 * runs from today, and a campaign's importedBacklog rule selects it.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

const DAY = 86_400_000;
const SHANGHAI_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/;
const Z_REGISTRAR = staffBearer('z-registrar');
const Z_SUPERVISOR = staffBearer('z-supervisor');

describe('importing a backlog case (积案) with its history', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });

  const firstReceived = new Date(Date.now() - 3 * 365 * DAY);
  const dateOf = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const body = (backlog: Record<string, unknown> = {}) => ({
    category: 'appeal',
    channel: 'visit',
    receivedAt: firstReceived.toISOString(),
    petitionerName: '钱某',
    summary: '宅基地确权纠纷，多年反复信访',
    backlog: {
      visits: 9,
      sourceRef: '丙县信访局积案台账 2023-011',
      earlierDecisions: [
        {
          kind: 'reply',
          documentRef: '丙县自然资源〔2023〕8号',
          date: dateOf(new Date(firstReceived.getTime() + 40 * DAY)),
        },
      ],
      ...backlog,
    },
  });
  const post = (payload: object, key = `backlog-${randomUUID()}`) =>
    http.post('/petitions/backlog').set('Authorization', Z_REGISTRAR).set('Idempotency-Key', key).send(payload);

  it('refuses a history that does not hold together, naming what is wrong, and registers nothing', async () => {
    const before = await service.dataSource.query(
      `SELECT count(*)::int AS n FROM petition_intakes WHERE registering_unit_id = 'z-xfj'`,
    );
    const early = await post(
      body({
        earlierDecisions: [
          { kind: 'reply', documentRef: 'X', date: dateOf(new Date(firstReceived.getTime() - 10 * DAY)) },
        ],
      }),
    );
    expect(early.status).toBe(400);
    expect(early.body.detail).toMatch(/between the first receipt/);
    const unknown = await post(body({ mood: 'angry' }));
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('mood');
    expect(
      (
        await http
          .post('/petitions/backlog')
          .set('Authorization', Z_SUPERVISOR)
          .set('Idempotency-Key', 'x')
          .send(body())
      ).status,
    ).toBe(403);
    const after = await service.dataSource.query(
      `SELECT count(*)::int AS n FROM petition_intakes WHERE registering_unit_id = 'z-xfj'`,
    );
    expect(after[0].n).toBe(before[0].n);
  });

  it('registers it marked as imported: no late registration, the routing clock runs from today; a campaign selects it by rule', async () => {
    const created = await post(body());
    expect(created.status).toBe(201);
    const { petitionId } = created.body;
    // Numbered like any registration, by the importing office in the year of import (not of first receipt).
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    expect(created.body.caseNumber).toMatch(new RegExp(`^示丙信〔${year}〕第\\d{5}号$`));
    let view: {
      caseNumber: string;
      imported: boolean;
      backlog: { firstReceivedAt: string; visits: number };
      clocks: { id: string; startedAt: string; firedRungs: string[] }[];
      receivedAt: string;
    } | null = null;
    for (let i = 0; i < 100 && !view; i++) {
      const got = await http.get(`/petitions/${petitionId}`).set('Authorization', Z_REGISTRAR);
      view = got.body.live ?? null;
      if (!view) await new Promise((r) => setTimeout(r, 100));
    }
    expect(view).toMatchObject({
      caseNumber: created.body.caseNumber,
      imported: true,
      backlog: { visits: 9, sourceRef: '丙县信访局积案台账 2023-011' },
    });
    expect(view!.backlog.firstReceivedAt).toMatch(SHANGHAI_INSTANT);
    expect(Date.parse(view!.backlog.firstReceivedAt)).toBe(firstReceived.getTime());
    const routing = view!.clocks.find((c) => c.id === 'routing')!;
    expect(Date.parse(routing.startedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(routing.firedRungs).toEqual([]);
    const ledger = await service.dataSource.query(`SELECT rule FROM accountability_records WHERE petition_id = $1`, [
      petitionId,
    ]);
    expect(ledger).toEqual([]);
    // On the audit trail like any staff action: who imported what, with the history's particulars.
    const trail = await service.dataSource.query(
      `SELECT action, outcome, actor_user_id, detail FROM audit_trail WHERE petition_id = $1 AND action = 'registerBacklog'`,
      [petitionId],
    );
    expect(trail).toEqual([
      expect.objectContaining({
        outcome: 'accepted',
        actor_user_id: 'z-registrar',
        detail: expect.objectContaining({ backlog: expect.objectContaining({ visits: 9 }) }),
      }),
    ]);

    for (let i = 0; i < 100; i++) {
      const rows = await service.dataSource.query(`SELECT 1 FROM petitions WHERE id = $1`, [petitionId]);
      if (rows.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const preview = await http
      .post('/campaigns/preview')
      .set('Authorization', Z_SUPERVISOR)
      .send({
        rules: {
          openLongerThanDays: null,
          repeatPetitions: false,
          reopenedAfterRelapse: false,
          listedForSupervision: false,
          importedBacklog: true,
        },
      });
    expect(preview.status).toBe(200);
    expect(preview.body.cases).toEqual([
      expect.objectContaining({ petitionId, imported: true, reasons: ['importedBacklog'] }),
    ]);
  });
});
