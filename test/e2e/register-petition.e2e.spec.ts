/**
 * The thin slice end to end: HTTP → workflow → activity → PostgreSQL row, on the real dev server
 * and the real database, through the production API and worker wiring.
 */
import { staffBearer } from '../support/auth';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testDataConverter, useRunningService } from '../support/harness';
import { SHANGHAI_INSTANT, WIRE_DATE, calendarDaysBetween, shanghaiDateOfWire } from '../support/wire';

const REGISTRAR = staffBearer('x-registrar');

describe('registering a petition (登记)', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  let client: Client;
  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    client = new Client({
      connection: await Connection.connect({ address: service.config.temporalAddress }),
      namespace: service.config.temporalNamespace,
      dataConverter: testDataConverter(),
    });
  });
  afterAll(async () => {
    await client?.connection.close();
  });

  const validBody = () => ({
    category: 'appeal',
    channel: 'letter',
    receivedAt: new Date(Date.now() - 2 * 86400000).toISOString(),
    petitionerName: '张某',
    petitionerContact: '13800000000',
    summary: '小区物业维修基金使用不透明',
  });

  async function workflowsOnQueue(): Promise<number> {
    const { count } = await client.workflow.count(`TaskQueue = '${service.config.taskQueue}'`);
    return count;
  }

  async function waitForReadModelRow(
    petitionId: string,
  ): Promise<{ step: string; revision: number; routing_unit_id: string }> {
    for (let i = 0; i < 100; i++) {
      const rows = await service.dataSource.query(
        `SELECT step, revision, routing_unit_id FROM petitions WHERE id = $1`,
        [petitionId],
      );
      if (rows.length) return rows[0];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no read-model row for ${petitionId}`);
  }

  it('a registered petition starts its workflow, which writes the read-model row; GET shows both', async () => {
    const created = await http
      .post('/petitions')
      .set('Authorization', REGISTRAR)
      .set('Idempotency-Key', 'e2e-first')
      .send(validBody())
      .expect(201);
    const { petitionId, workflowId, queryCode } = created.body;
    expect(workflowId).toBe(`petition-${petitionId}`);
    expect(queryCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const row = await waitForReadModelRow(petitionId);
    expect(row).toMatchObject({ step: 'routing', routing_unit_id: 'x-xfj' });
    const events = await service.dataSource.query(
      `SELECT type FROM petition_events WHERE petition_id = $1 ORDER BY seq`,
      [petitionId],
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual(['registered', 'clockStarted']);

    const shown = await http.get(`/petitions/${petitionId}`).set('Authorization', REGISTRAR).expect(200);
    expect(shown.body.readModel.step).toBe('routing');
    expect(shown.body.live.step).toBe('routing');
    expect(shown.body.live.clocks).toEqual([
      expect.objectContaining({ id: 'routing', status: 'running', lengthDays: 15 }),
    ]);
    expect(shown.body.intake.petitionerName).toBe('张某');

    const description = await client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
  });

  it('instants go out as ISO-8601 +08:00 and dates as YYYY-MM-DD, in the view, the read model and the timeline', async () => {
    // 09:30 in Shanghai two days ago, sent in UTC: it comes back as the same instant, written in +08:00
    const twoDaysAgo = new Date(Date.now() - 2 * 86400000 + 8 * 3600000).toISOString().slice(0, 10);
    const receivedAt = `${twoDaysAgo}T09:30:00+08:00`;
    const inUtc = new Date(Date.parse(receivedAt)).toISOString();
    expect(inUtc).toMatch(/T01:30:00\.000Z$/);
    const created = await http
      .post('/petitions')
      .set('Authorization', REGISTRAR)
      .set('Idempotency-Key', 'e2e-wire')
      .send({ ...validBody(), receivedAt: inUtc })
      .expect(201);
    const { petitionId } = created.body;
    await waitForReadModelRow(petitionId);

    const shown = (await http.get(`/petitions/${petitionId}`).set('Authorization', REGISTRAR).expect(200)).body;
    for (const view of [shown.live, shown.readModel.view]) {
      expect(view.receivedAt).toBe(receivedAt);
      expect(view.registeredAt).toMatch(SHANGHAI_INSTANT);
      expect(view.asOf).toMatch(SHANGHAI_INSTANT);
      expect(view.milestones).toEqual([{ type: 'registered', at: view.registeredAt }]);
      const [routing] = view.clocks;
      // 15 days, the receipt day not counted, ending at 24:00 of the last day (rolled past a rest day if need be)
      expect(routing).toMatchObject({
        id: 'routing',
        status: 'running',
        startedAt: receivedAt,
        stoppedAt: null,
        overdue: false,
      });
      expect(routing.lastDay).toMatch(WIRE_DATE);
      expect(calendarDaysBetween(twoDaysAgo, routing.lastDay)).toBeGreaterThanOrEqual(15);
      expect(routing.dueAt).toBe(
        `${new Date(Date.parse(`${routing.lastDay}T00:00:00Z`) + 86400000).toISOString().slice(0, 10)}T00:00:00+08:00`,
      );
      expect(routing.remainingDays).toBe(calendarDaysBetween(shanghaiDateOfWire(view.asOf), routing.lastDay));
      expect(routing.remainingDays).toBeGreaterThanOrEqual(13);
      expect(routing).not.toHaveProperty('remainingMs');
    }
    expect(shown.readModel.projectedAt).toMatch(SHANGHAI_INSTANT);

    const timeline = (await http.get(`/petitions/${petitionId}/timeline`).set('Authorization', REGISTRAR).expect(200))
      .body;
    expect(timeline.map((e: { type: string }) => e.type)).toEqual(['registered', 'clockStarted']);
    const [registered, clockStarted] = timeline;
    expect(registered.at).toMatch(SHANGHAI_INSTANT);
    expect(registered.data.receivedAt).toBe(receivedAt);
    expect(clockStarted.data).toMatchObject({
      startedAt: receivedAt,
      dueAt: shown.live.clocks[0].dueAt,
      lastDay: shown.live.clocks[0].lastDay,
    });
  });

  it('the OpenAPI document declares every instant of the case, timeline, ledger and supervision responses as +08:00 date-time', async () => {
    const doc = (await http.get('/docs/openapi.json').expect(200)).body;
    const schemas = doc.components.schemas as Record<
      string,
      { properties: Record<string, { format?: string; description?: string; example?: unknown }> }
    >;
    const instants: [string, string[]][] = [
      ['PetitionWireView', ['receivedAt', 'registeredAt', 'closedAt', 'asOf']],
      ['ClockWireView', ['startedAt', 'dueAt', 'stoppedAt']],
      ['TimelineEventView', ['at']],
      ['AccountabilityRecordView', ['occurredAt', 'recordedAt']],
      ['EscalationView', ['firedAt', 'dueAt']],
      ['SupervisionTaskView', ['openedAt', 'closedAt']],
      ['OverdueList', ['asOf']],
      ['PetitionerDeadlineView', ['dueAt']],
    ];
    for (const [schema, fields] of instants) {
      for (const field of fields) {
        expect([schema, field, schemas[schema].properties[field].format]).toEqual([schema, field, 'date-time']);
        expect(schemas[schema].properties[field].description).toContain('+08:00');
        expect(schemas[schema].properties[field].example).toMatch(SHANGHAI_INSTANT);
      }
    }
    expect(schemas.ClockWireView.properties.lastDay.format).toBe('date');
    expect(schemas.ClockWireView.properties.remainingDays.description).toMatch(
      /0 on the last day itself.*-1 on the day after/,
    );
    expect(doc.paths['/petitions/{id}'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/CaseView',
    );
  });

  it('an instant without an explicit offset is refused with a 400 naming the field, and registers nothing', async () => {
    const intakesBefore = (await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n;
    for (const receivedAt of ['2026-01-05T09:30:00', '2026-01-05', '2026-01-05 09:30:00+08:00']) {
      const refused = await http
        .post('/petitions')
        .set('Authorization', REGISTRAR)
        .set('Idempotency-Key', `e2e-no-offset-${receivedAt}`)
        .send({ ...validBody(), receivedAt })
        .expect(400);
      expect(JSON.stringify(refused.body.detail)).toContain(
        'receivedAt must be an ISO-8601 instant with an explicit offset',
      );
    }
    expect((await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n).toBe(
      intakesBefore,
    );
  });

  it('bad input gets a 400 that names the bad field, and starts no workflow', async () => {
    const before = await workflowsOnQueue();
    const intakesBefore = (await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n;
    const response = await http
      .post('/petitions')
      .set('Authorization', REGISTRAR)
      .set('Idempotency-Key', 'e2e-bad')
      .send({ ...validBody(), category: 'complaint' })
      .expect(400);
    expect(JSON.stringify(response.body.detail)).toContain('category must be one of the following values');

    const missing = await http
      .post('/petitions')
      .set('Authorization', REGISTRAR)
      .set('Idempotency-Key', 'e2e-bad-2')
      .send({ ...validBody(), receivedAt: 'yesterday' })
      .expect(400);
    expect(JSON.stringify(missing.body.detail)).toContain('receivedAt');

    const noKey = await http.post('/petitions').set('Authorization', REGISTRAR).send(validBody()).expect(400);
    expect(noKey.body.detail).toContain('Idempotency-Key');

    expect(await workflowsOnQueue()).toBe(before);
    expect((await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n).toBe(
      intakesBefore,
    );
  });

  it('the same idempotency key twice yields one petition and one workflow', async () => {
    const body = validBody();
    const first = await http
      .post('/petitions')
      .set('Authorization', REGISTRAR)
      .set('Idempotency-Key', 'e2e-retry')
      .send(body)
      .expect(201);
    const second = await http
      .post('/petitions')
      .set('Authorization', REGISTRAR)
      .set('Idempotency-Key', 'e2e-retry')
      .send(body)
      .expect(201);
    expect(second.body.petitionId).toBe(first.body.petitionId);
    expect(second.body.queryCode).toBe(first.body.queryCode);
    expect(second.body.created).toBe(false);
    const { count } = await client.workflow.count(`WorkflowId = '${first.body.workflowId}'`);
    expect(count).toBe(1);
    const intakes = await service.dataSource.query(
      `SELECT count(*)::int AS n FROM petition_intakes WHERE idempotency_key = 'e2e-retry'`,
    );
    expect(intakes[0].n).toBe(1);

    const reused = await http
      .post('/petitions')
      .set('Authorization', REGISTRAR)
      .set('Idempotency-Key', 'e2e-retry')
      .send({ ...body, summary: 'a different petition' })
      .expect(409);
    expect(reused.body.detail).toContain('already used for a different registration');
  });

  it('only a registrar registers, and only with a valid token', async () => {
    await http.post('/petitions').set('Idempotency-Key', 'e2e-anon').send(validBody()).expect(401);
    const handler = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-handler'))
      .set('Idempotency-Key', 'e2e-h')
      .send(validBody())
      .expect(403);
    expect(handler.body.detail).toContain('registrar');
  });

  it('health reports PostgreSQL and Temporal ready, and says where it looked', async () => {
    const ready = await http.get('/health/ready').expect(200);
    expect(ready.body.postgres).toMatchObject({ ok: true });
    expect(ready.body.temporal).toMatchObject({ ok: true, target: service.config.temporalAddress });
    expect(ready.body.postgres.target).not.toContain(':postgres@'); // password redacted
  });

  it('refuses to start when Temporal is unreachable, naming the address it tried', async () => {
    await expect(
      createApiApp({ ...service.config, temporalAddress: '127.0.0.1:1' }, { logger: false }),
    ).rejects.toThrow(/Temporal is not reachable at 127\.0\.0\.1:1/);
  });
});
