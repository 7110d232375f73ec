/**
 * The thin slice end to end: HTTP → workflow → activity → PostgreSQL row, on the real dev server
 * and the real database, through the production API and worker wiring.
 */
import { staffBearer } from '../support/auth';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { useRunningService } from '../support/harness';

const REGISTRAR = staffBearer('x-registrar');

describe('registering a petition (登记)', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  let client: Client;
  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    client = new Client({ connection: await Connection.connect({ address: service.config.temporalAddress }), namespace: service.config.temporalNamespace });
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

  async function waitForReadModelRow(petitionId: string): Promise<{ step: string; revision: number; routing_unit_id: string }> {
    for (let i = 0; i < 100; i++) {
      const rows = await service.dataSource.query(`SELECT step, revision, routing_unit_id FROM petitions WHERE id = $1`, [petitionId]);
      if (rows.length) return rows[0];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no read-model row for ${petitionId}`);
  }

  it('a registered petition starts its workflow, which writes the read-model row; GET shows both', async () => {
    const created = await http.post('/petitions').set('Authorization', REGISTRAR).set('Idempotency-Key', 'e2e-first').send(validBody()).expect(201);
    const { petitionId, workflowId, queryCode } = created.body;
    expect(workflowId).toBe(`petition-${petitionId}`);
    expect(queryCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const row = await waitForReadModelRow(petitionId);
    expect(row).toMatchObject({ step: 'routing', routing_unit_id: 'x-xfj' });
    const events = await service.dataSource.query(`SELECT type FROM petition_events WHERE petition_id = $1 ORDER BY seq`, [petitionId]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['registered', 'clockStarted']);

    const shown = await http.get(`/petitions/${petitionId}`).set('Authorization', REGISTRAR).expect(200);
    expect(shown.body.readModel.step).toBe('routing');
    expect(shown.body.live.step).toBe('routing');
    expect(shown.body.live.clocks).toEqual([expect.objectContaining({ id: 'routing', status: 'running', lengthDays: 15 })]);
    expect(shown.body.intake.petitionerName).toBe('张某');

    const description = await client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
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
    expect(JSON.stringify(response.body.message)).toContain('category must be one of the following values');

    const missing = await http.post('/petitions').set('Authorization', REGISTRAR).set('Idempotency-Key', 'e2e-bad-2').send({ ...validBody(), receivedAt: 'yesterday' }).expect(400);
    expect(JSON.stringify(missing.body.message)).toContain('receivedAt');

    const noKey = await http.post('/petitions').set('Authorization', REGISTRAR).send(validBody()).expect(400);
    expect(noKey.body.message).toContain('Idempotency-Key');

    expect(await workflowsOnQueue()).toBe(before);
    expect((await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n).toBe(intakesBefore);
  });

  it('the same idempotency key twice yields one petition and one workflow', async () => {
    const body = validBody();
    const first = await http.post('/petitions').set('Authorization', REGISTRAR).set('Idempotency-Key', 'e2e-retry').send(body).expect(201);
    const second = await http.post('/petitions').set('Authorization', REGISTRAR).set('Idempotency-Key', 'e2e-retry').send(body).expect(201);
    expect(second.body.petitionId).toBe(first.body.petitionId);
    expect(second.body.queryCode).toBe(first.body.queryCode);
    expect(second.body.created).toBe(false);
    const { count } = await client.workflow.count(`WorkflowId = '${first.body.workflowId}'`);
    expect(count).toBe(1);
    const intakes = await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes WHERE idempotency_key = 'e2e-retry'`);
    expect(intakes[0].n).toBe(1);

    const reused = await http
      .post('/petitions')
      .set('Authorization', REGISTRAR)
      .set('Idempotency-Key', 'e2e-retry')
      .send({ ...body, summary: 'a different petition' })
      .expect(409);
    expect(reused.body.message).toContain('already used for a different registration');
  });

  it('only a registrar registers, and only with a valid token', async () => {
    await http.post('/petitions').set('Idempotency-Key', 'e2e-anon').send(validBody()).expect(401);
    const handler = await http.post('/petitions').set('Authorization', staffBearer('x-handler')).set('Idempotency-Key', 'e2e-h').send(validBody()).expect(403);
    expect(handler.body.message).toContain('registrar');
  });

  it('health reports PostgreSQL and Temporal ready, and says where it looked', async () => {
    const ready = await http.get('/health/ready').expect(200);
    expect(ready.body.postgres).toMatchObject({ ok: true });
    expect(ready.body.temporal).toMatchObject({ ok: true, target: service.config.temporalAddress });
    expect(ready.body.postgres.target).not.toContain(':postgres@'); // password redacted
  });

  it('refuses to start when Temporal is unreachable, naming the address it tried', async () => {
    await expect(createApiApp({ ...service.config, temporalAddress: '127.0.0.1:1' }, { logger: false })).rejects.toThrow(/Temporal is not reachable at 127\.0\.0\.1:1/);
  });
});
