/**
 * Abuse limits on sign-in and the query-code endpoints, counted in PostgreSQL so every API replica
 * sees the same counts: per client address, per account and per petition; 429 with Retry-After;
 * failures recorded. Also the HTTP hardening every request gets: helmet headers, CORS closed unless
 * configured, a 256 KB body cap with a 413 naming it, and control characters refused.
 */
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createTestUser } from '../support/accounts';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

const LIMITS = { windowSeconds: 60, blockSeconds: 120, signInPerAddress: 5, signInPerAccount: 3, queryCodePerAddress: 4, queryCodePerPetition: 6 };
let addressSeq = 0;
/** A fresh client address for each scenario (the API trusts one proxy hop, as behind nginx). */
const newAddress = () => `203.0.113.${++addressSeq}`;

describe('abuse limits and HTTP hardening', () => {
  const service = useRunningService({
    configure: (config) => ({ ...config, rateLimits: LIMITS, http: { ...config.http, trustProxy: '1' } }),
  });
  let replicaB: INestApplication;
  let http: ReturnType<typeof request>;
  let httpB: ReturnType<typeof request>;
  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    replicaB = await createApiApp({ ...service.config, http: { ...service.config.http, corsOrigins: ['https://console.example.gov.cn'] } }, { logger: false });
    await replicaB.init();
    httpB = request(replicaB.getHttpServer());
  });
  afterAll(async () => {
    await replicaB?.close();
  });
  const failures = (kind: string, subject: string) =>
    service.dataSource.query(`SELECT client, detail FROM access_failures WHERE kind = $1 AND subject = $2 ORDER BY id`, [kind, subject]) as Promise<{ client: string; detail: string }[]>;

  it('wrong passwords for one account, from any address and any replica, lock that account out with 429 and Retry-After', async () => {
    const created = await createTestUser(service.dataSource, 'unitHead', 'c-zjj');
    const account = { id: created.id, password: created.password };
    for (let i = 0; i < LIMITS.signInPerAccount; i++) {
      const via = i % 2 === 0 ? http : httpB;
      await via.post('/auth/login').set('X-Forwarded-For', newAddress()).send({ userId: account.id, password: `guess-${i}` }).expect(401);
    }
    const refused = await http.post('/auth/login').set('X-Forwarded-For', newAddress()).send({ userId: account.id, password: account.password }).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(LIMITS.blockSeconds);
    expect(refused.body.message).toMatch(/too many requests \(sign-in attempts for this account: 3 per window\); retry after \d+ s/);
    expect(refused.body).not.toHaveProperty('accessToken');

    const recorded = await failures('signIn', account.id);
    expect(recorded.map((r) => r.detail)).toEqual(['badCredentials', 'badCredentials', 'badCredentials']);
    expect(recorded[0].client).toMatch(/^203\.0\.113\./);
    expect(await failures('rateLimited', account.id.toLowerCase())).toHaveLength(1);
  });

  it('one address trying many accounts is refused after the per-address limit', async () => {
    // An account of this test's own: the counters live in the shared database, and other test files
    // (the browser tests) sign the demo users in for real.
    const created = await createTestUser(service.dataSource, 'registrar', 'x-xfj');
    const address = newAddress();
    for (let i = 0; i < LIMITS.signInPerAddress; i++) {
      await http.post('/auth/login').set('X-Forwarded-For', address).send({ userId: `nobody-${i}-${randomUUID()}`, password: 'whatever-it-is' }).expect(401);
    }
    const refused = await http.post('/auth/login').set('X-Forwarded-For', address).send({ userId: created.id, password: created.password }).expect(429);
    expect(refused.body.message).toMatch(/sign-in attempts from this address/);
    // Another address still signs in.
    await http.post('/auth/login').set('X-Forwarded-For', newAddress()).send({ userId: created.id, password: created.password }).expect(200);
  });

  it('query codes: one address guessing across petitions, and many addresses guessing one petition, are both stopped', async () => {
    const address = newAddress();
    for (let i = 0; i < LIMITS.queryCodePerAddress; i++) {
      await (i % 2 ? httpB : http).get(`/public/petitions/${randomUUID()}`).set('X-Forwarded-For', address).set('X-Query-Code', 'AAAA-BBBB-CCCC').expect(404);
    }
    const byAddress = await http.get(`/public/petitions/${randomUUID()}`).set('X-Forwarded-For', address).set('X-Query-Code', 'AAAA-BBBB-CCCC').expect(429);
    expect(byAddress.body.message).toMatch(/query-code requests from this address/);
    expect(Number(byAddress.headers['retry-after'])).toBeGreaterThan(0);

    const petitionId = randomUUID();
    for (let i = 0; i < LIMITS.queryCodePerPetition; i++) {
      await http.post(`/public/petitions/${petitionId}/rating`).set('X-Forwarded-For', newAddress()).set('X-Query-Code', `WRNG-${i}`).send({ requestId: `r-${i}`, rating: 'satisfied' }).expect(404);
    }
    const byPetition = await httpB.get(`/public/petitions/${petitionId}`).set('X-Forwarded-For', newAddress()).set('X-Query-Code', 'AAAA-BBBB-CCCC').expect(429);
    expect(byPetition.body.message).toMatch(/query-code requests for this petition/);

    const recorded = await failures('queryCode', petitionId);
    expect(recorded).toHaveLength(LIMITS.queryCodePerPetition);
    // A petitioner's address is never stored: only a keyed hash of it.
    for (const r of recorded) expect(r.client).toMatch(/^hmac:[0-9a-f]{16}$/);
  });

  it('staff endpoints are not rate-limited by these limits', async () => {
    for (let i = 0; i < LIMITS.signInPerAddress + 2; i++) await http.get('/auth/me').set('X-Forwarded-For', '203.0.113.250').set('Authorization', staffBearer('x-handler')).expect(200);
  });

  it('sends helmet\'s headers; CORS stays closed unless an origin is configured', async () => {
    const response = await http.get('/health/live').set('Origin', 'https://evil.example').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['access-control-allow-origin']).toBeUndefined();

    const allowed = await httpB.get('/health/live').set('Origin', 'https://console.example.gov.cn').expect(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://console.example.gov.cn');
    const other = await httpB.get('/health/live').set('Origin', 'https://evil.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a body over 256 KB gets 413 naming the limit, and registers nothing', async () => {
    const before = (await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n;
    const body = { category: 'appeal', channel: 'letter', receivedAt: new Date().toISOString(), petitionerName: '张某', summary: '长'.repeat(100_000) };
    const refused = await http.post('/petitions').set('Authorization', staffBearer('x-registrar')).set('Idempotency-Key', `big-${randomUUID()}`).send(body).expect(413);
    expect(refused.body).toEqual({ statusCode: 413, code: 'payloadTooLarge', message: 'the request body is larger than the limit of 256 KB' });
    const malformed = await http.post('/petitions').set('Authorization', staffBearer('x-registrar')).set('Content-Type', 'application/json').send('{"category": ').expect(400);
    expect(malformed.body.code).toBe('validation');
    expect((await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n).toBe(before);
  });

  it('a NUL or other control character in any text field is a 400 naming the field, never a 500, and writes nothing', async () => {
    const before = (await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n;
    const body = { category: 'appeal', channel: 'letter', receivedAt: new Date().toISOString(), petitionerName: '张\u0000某', summary: '正常' };
    const nul = await http.post('/petitions').set('Authorization', staffBearer('x-registrar')).set('Idempotency-Key', `nul-${randomUUID()}`).send(body).expect(400);
    expect(nul.body).toMatchObject({ code: 'validation', field: 'petitionerName' });
    const escape = await http.post('/petitions').set('Authorization', staffBearer('x-registrar')).set('Idempotency-Key', `esc-${randomUUID()}`).send({ ...body, petitionerName: '张某', summary: 'ok\u001b[31m' }).expect(400);
    expect(escape.body.field).toBe('summary');
    const action = await http
      .post(`/petitions/${randomUUID()}/actions/decline`)
      .set('Authorization', staffBearer('x-handler'))
      .send({ requestId: 'r-1', args: { reason: ['fine', 'bad\u0007'] } })
      .expect(400);
    expect(action.body.field).toBe('args.reason[1]');
    const query = await http.get('/accountability').query({ rule: 'x\u0000' }).set('Authorization', staffBearer('p-auditor')).expect(400);
    expect(query.body.field).toBe('rule');
    // Line breaks and tabs are text.
    await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `multiline-${randomUUID()}`)
      .send({ ...body, petitionerName: '张某', summary: '第一行\n第二行\t完' })
      .expect(201);
    expect((await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n).toBe(before + 1);
  });
});
