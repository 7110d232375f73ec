/**
 * Abuse limits on sign-in and the query-code endpoints, counted in PostgreSQL so every API replica
 * sees the same counts, and never usable to lock a user out: wrong passwords count per account and
 * address and only slow that pair down; refreshes count per session; wrong query codes slow their
 * petition down but never refuse its right code. Refusals (429 with Retry-After) are per address. Also the HTTP hardening every request gets: helmet headers, CORS closed unless
 * configured, a 256 KB body cap with a 413 naming it, and control characters refused.
 */
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createTestUser } from '../support/accounts';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

const LIMITS = {
  windowSeconds: 60,
  blockSeconds: 120,
  signInPerAddress: 5,
  signInPerAccount: 3,
  queryCodePerAddress: 4,
  queryCodePerPetition: 6,
  maxDelaySeconds: 2,
};
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
    replicaB = await createApiApp(
      { ...service.config, http: { ...service.config.http, corsOrigins: ['https://console.example.gov.cn'] } },
      { logger: false },
    );
    await replicaB.init();
    httpB = request(replicaB.getHttpServer());
  });
  afterAll(async () => {
    await replicaB?.close();
  });
  const failures = (kind: string, subject: string) =>
    service.dataSource.query(
      `SELECT client, detail FROM access_failures WHERE kind = $1 AND subject = $2 ORDER BY id`,
      [kind, subject],
    ) as Promise<{ client: string; detail: string }[]>;

  const auditOf = (attempted: string) =>
    service.dataSource.query(
      `SELECT outcome, detail FROM audit_trail WHERE kind = 'login' AND detail ->> 'attemptedUserId' = $1 ORDER BY seq`,
      [attempted],
    ) as Promise<{ outcome: string; detail: Record<string, unknown> }[]>;
  const timed = async <T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
    const started = Date.now();
    const result = await work();
    return { result, ms: Date.now() - started };
  };

  it("wrong passwords for an account from many addresses never refuse, nor slow, the real user's correct password from their own address", async () => {
    const account = await createTestUser(service.dataSource, 'unitHead', 'c-zjj');
    // The probe: ten wrong passwords for the named user, from ten addresses, over both replicas.
    for (let i = 0; i < 10; i++) {
      await (i % 2 === 0 ? http : httpB)
        .post('/auth/login')
        .set('X-Forwarded-For', newAddress())
        .send({ userId: account.id, password: `guess-${i}-wrong` })
        .expect(401);
    }
    const own = newAddress();
    const { result, ms } = await timed(() =>
      http.post('/auth/login').set('X-Forwarded-For', own).send({ userId: account.id, password: account.password }),
    );
    expect(result.status).toBe(200);
    expect(result.body.accessToken).toEqual(expect.any(String));
    expect(ms).toBeLessThan(1000);

    const recorded = await failures('signIn', account.id);
    expect(recorded.map((r) => r.detail)).toEqual(Array(10).fill('badCredentials'));
    expect(recorded[0].client).toMatch(/^203\.0\.113\./);
  });

  it('wrong passwords from one address slow that address down for that account (capped), and its correct password still signs in', async () => {
    const account = await createTestUser(service.dataSource, 'handler', 'x-zjj');
    const address = newAddress();
    for (let i = 0; i < LIMITS.signInPerAccount; i++) {
      const { result, ms } = await timed(() =>
        http
          .post('/auth/login')
          .set('X-Forwarded-For', address)
          .send({ userId: account.id, password: `wrong-${i}-guess` }),
      );
      expect(result.status).toBe(401);
      expect(ms).toBeLessThan(1000);
    }
    // Past the free failures: 1 s before the password is even looked at, then 2 s (the cap here).
    const slowed = await timed(() =>
      http
        .post('/auth/login')
        .set('X-Forwarded-For', address)
        .send({ userId: account.id, password: 'wrong-again-guess' }),
    );
    expect(slowed.result.status).toBe(401);
    expect(slowed.ms).toBeGreaterThanOrEqual(1000);
    const capped = await timed(() =>
      httpB
        .post('/auth/login')
        .set('X-Forwarded-For', address)
        .send({ userId: account.id, password: account.password }),
    );
    expect(capped.result.status).toBe(200);
    expect(capped.ms).toBeGreaterThanOrEqual(LIMITS.maxDelaySeconds * 1000);
    expect(capped.ms).toBeLessThan(LIMITS.maxDelaySeconds * 1000 + 1500);
    // The success cleared the count: the next sign-in from there is prompt again.
    const after = await timed(() =>
      http.post('/auth/login').set('X-Forwarded-For', address).send({ userId: account.id, password: account.password }),
    );
    expect(after.result.status).toBe(200);
    expect(after.ms).toBeLessThan(1000);
  });

  it('one address failing over many accounts is refused (429, Retry-After), on the audit trail by account name and without the password; other addresses sign in', async () => {
    const created = await createTestUser(service.dataSource, 'registrar', 'x-xfj');
    const address = newAddress();
    for (let i = 0; i < LIMITS.signInPerAddress; i++) {
      await http
        .post('/auth/login')
        .set('X-Forwarded-For', address)
        .send({ userId: `nobody-${i}-${randomUUID()}`, password: 'whatever-it-is' })
        .expect(401);
    }
    const refused = await http
      .post('/auth/login')
      .set('X-Forwarded-For', address)
      .send({ userId: created.id, password: created.password })
      .expect(429);
    expect(refused.body).toMatchObject({
      code: 'rateLimited',
      detail: expect.stringMatching(/too many failed sign-ins from this address \(5 per window\); retry after \d+ s/),
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(LIMITS.windowSeconds);
    expect(refused.body).not.toHaveProperty('accessToken');

    const trail = await auditOf(created.id);
    expect(trail).toEqual([
      {
        outcome: 'refused',
        detail: {
          method: 'password',
          reason: 'too many failed sign-ins from this address',
          attemptedUserId: created.id,
        },
      },
    ]);
    expect(JSON.stringify(trail)).not.toContain(created.password);
    await http
      .post('/auth/login')
      .set('X-Forwarded-For', newAddress())
      .send({ userId: created.id, password: created.password })
      .expect(200);
  });

  it('bogus refresh tokens from one address are refused for that address only: every session still refreshes, from anywhere', async () => {
    const other = await createTestUser(service.dataSource, 'handler', 'x-zjj');
    const signedIn = (
      await http
        .post('/auth/login')
        .set('X-Forwarded-For', newAddress())
        .send({ userId: other.id, password: other.password })
        .expect(200)
    ).body;
    const flooder = newAddress();
    // The probe: eleven bogus refreshes from one address.
    const answers: number[] = [];
    for (let i = 0; i < 11; i++)
      answers.push(
        (
          await http
            .post('/auth/refresh')
            .set('X-Forwarded-For', flooder)
            .send({ refreshToken: `bogus-${randomUUID()}` })
        ).status,
      );
    expect(answers.slice(0, LIMITS.signInPerAddress)).toEqual(Array(LIMITS.signInPerAddress).fill(401));
    expect(answers.slice(LIMITS.signInPerAddress)).toEqual(Array(11 - LIMITS.signInPerAddress).fill(429));
    // Another user's refresh, from another address and even from the flooder's, is answered.
    const refreshed = await httpB
      .post('/auth/refresh')
      .set('X-Forwarded-For', newAddress())
      .send({ refreshToken: signedIn.refreshToken })
      .expect(200);
    await http
      .post('/auth/refresh')
      .set('X-Forwarded-For', flooder)
      .send({ refreshToken: refreshed.body.refreshToken })
      .expect(200);
  });

  it('query codes: one address guessing across petitions is stopped; wrong codes for a petition from many addresses slow it down but never refuse its right code', async () => {
    const address = newAddress();
    for (let i = 0; i < LIMITS.queryCodePerAddress; i++) {
      await (i % 2 ? httpB : http)
        .get(`/public/petitions/${randomUUID()}`)
        .set('X-Forwarded-For', address)
        .set('X-Query-Code', 'AAAA-BBBB-CCCC')
        .expect(404);
    }
    const byAddress = await http
      .get(`/public/petitions/${randomUUID()}`)
      .set('X-Forwarded-For', address)
      .set('X-Query-Code', 'AAAA-BBBB-CCCC')
      .expect(429);
    expect(byAddress.body.detail).toMatch(/query-code requests from this address/);
    expect(Number(byAddress.headers['retry-after'])).toBeGreaterThan(0);

    const created = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', randomUUID())
      .send({
        category: 'appeal',
        channel: 'online',
        receivedAt: new Date().toISOString(),
        petitionerName: '李某',
        summary: '供暖不达标',
      })
      .expect(201);
    const petitionId = created.body.petitionId as string;
    // The probe: twenty wrong codes for the petition (each from its own address, so no address limit stops them).
    for (let i = 0; i < 20; i++) {
      const via = i % 2 ? httpB : http;
      await via
        .post(`/public/petitions/${petitionId}/rating`)
        .set('X-Forwarded-For', newAddress())
        .set('X-Query-Code', `WRNG-${i}`)
        .send({ requestId: `r-${i}`, rating: 'satisfied' })
        .expect(404);
    }
    const { result, ms } = await timed(() =>
      httpB
        .get(`/public/petitions/${petitionId}`)
        .set('X-Forwarded-For', newAddress())
        .set('X-Query-Code', created.body.queryCode),
    );
    expect(result.status).toBe(200);
    expect(result.body.milestones[0].type).toBe('registered');
    // Slowed down by the wrong codes, to at most the cap.
    expect(ms).toBeGreaterThanOrEqual(LIMITS.maxDelaySeconds * 1000);
    expect(ms).toBeLessThan(LIMITS.maxDelaySeconds * 1000 + 1500);

    const recorded = await failures('queryCode', petitionId);
    expect(recorded).toHaveLength(20);
    // A petitioner's address is never stored: only a keyed hash of it.
    for (const r of recorded) expect(r.client).toMatch(/^hmac:[0-9a-f]{16}$/);
  }, 120_000);

  it('staff endpoints are not rate-limited by these limits', async () => {
    for (let i = 0; i < LIMITS.signInPerAddress + 2; i++)
      await http
        .get('/auth/me')
        .set('X-Forwarded-For', '203.0.113.250')
        .set('Authorization', staffBearer('x-handler'))
        .expect(200);
  });

  it("sends helmet's headers; CORS stays closed unless an origin is configured", async () => {
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
    const body = {
      category: 'appeal',
      channel: 'letter',
      receivedAt: new Date().toISOString(),
      petitionerName: '张某',
      summary: '长'.repeat(100_000),
    };
    const refused = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `big-${randomUUID()}`)
      .send(body)
      .expect(413);
    expect(refused.body).toEqual({
      statusCode: 413,
      code: 'payloadTooLarge',
      message: '提交的内容超过 256 KB 的上限，请精简后重试。',
      detail: 'the request body is larger than the limit of 256 KB',
      messageKey: 'body.tooLarge',
      params: { limitKb: 256 },
    });
    const malformed = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Content-Type', 'application/json')
      .send('{"category": ')
      .expect(400);
    expect(malformed.body.code).toBe('validation');
    expect((await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n).toBe(before);
  });

  it('a NUL or other control character in any text field is a 400 naming the field, never a 500, and writes nothing', async () => {
    const before = (await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n;
    const body = {
      category: 'appeal',
      channel: 'letter',
      receivedAt: new Date().toISOString(),
      petitionerName: '张\u0000某',
      summary: '正常',
    };
    const nul = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `nul-${randomUUID()}`)
      .send(body)
      .expect(400);
    expect(nul.body).toMatchObject({ code: 'validation', field: 'petitionerName' });
    const escape = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `esc-${randomUUID()}`)
      .send({ ...body, petitionerName: '张某', summary: 'ok\u001b[31m' })
      .expect(400);
    expect(escape.body.field).toBe('summary');
    const action = await http
      .post(`/petitions/${randomUUID()}/actions/decline`)
      .set('Authorization', staffBearer('x-handler'))
      .send({ requestId: 'r-1', args: { reason: ['fine', 'bad\u0007'] } })
      .expect(400);
    expect(action.body.field).toBe('args.reason[1]');
    const query = await http
      .get('/accountability')
      .query({ rule: 'x\u0000' })
      .set('Authorization', staffBearer('p-auditor'))
      .expect(400);
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
