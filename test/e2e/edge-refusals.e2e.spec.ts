/**
 * Nothing applied may go unrecorded, and nothing refused may go unrecorded either (issue 20). At
 * the HTTP edge, through the real API, worker, PostgreSQL and Temporal:
 * - text no record can hold (lone UTF-16 surrogates, Unicode non-characters) and JSON nested
 *   10,000 levels deep are refused with 400 on EVERY write route the OpenAPI document lists
 *   (registration, the 29 actions, the petitioner's, admin, campaigns …), nothing is applied, and
 *   each refusal is on the audit trail with a bounded, storable copy of what was sent;
 * - each finding of the probe, sent as the probe sent it, gets its 4xx and its record.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { signAccessToken } from '../../libs/auth/access-tokens';
import { DEMO_USERS } from '../../libs/persistence/demo-seed';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { ACTION_NAMES } from '../../libs/process/action-names';

type Operation = {
  parameters?: { name: string; in: string; schema?: { enum?: string[] } }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type Schema = { $ref?: string; properties?: Record<string, Schema>; allOf?: Schema[] };
interface Endpoint {
  method: 'post' | 'put' | 'patch' | 'delete';
  path: string;
  operation: Operation;
}
interface TrailRow {
  seq: string;
  kind: string;
  action: string;
  outcome: string;
  actor_user_id: string | null;
  petition_id: string | null;
  detail: Record<string, unknown>;
}

/** What a refusal may write: its own record, and the counters of the abuse limits and sign-ins. */
const REFUSAL_RECORDS = new Set([
  'access_failures',
  'rate_limits',
  'auth_sessions',
  'refresh_tokens',
  'migrations',
  'audit_trail',
]);
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
const LONE_SURROGATE = '督办\ud800';
const NON_CHARACTER = `申诉\uffff${String.fromCodePoint(0x10fffe)}`;
const nestedText = (field: string, levels: number) => `{"${field}":${'['.repeat(levels)}${']'.repeat(levels)}}`;

describe('the HTTP edge refuses what no record can hold, and records every refusal', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  let temporal: Client;
  let endpoints: Endpoint[];
  let schemas: Record<string, Schema>;
  let tables: string[];
  let petitionId: string;
  /** A session of this file's own: a request that slipped through to logout must not end the shared test sessions. */
  let registrar: string;

  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    temporal = new Client({
      connection: await Connection.connect({ address: service.config.temporalAddress }),
      namespace: service.config.temporalNamespace,
    });
    const doc = (await http.get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
      components?: { schemas?: Record<string, Schema> };
    };
    schemas = doc.components?.schemas ?? {};
    endpoints = Object.entries(doc.paths).flatMap(([path, operations]) =>
      WRITE_METHODS.filter((m) => operations[m]).map((method) => ({ method, path, operation: operations[method] })),
    );
    tables = (
      await service.dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
    )
      .map((r: { tablename: string }) => r.tablename)
      .filter((t: string) => !REFUSAL_RECORDS.has(t));
    const demo = DEMO_USERS.find((u) => u.id === 'x-registrar')!;
    registrar = `Bearer ${(await http.post('/auth/login').send({ userId: demo.id, password: demo.password }).expect(200)).body.accessToken}`;
    petitionId = await registered({});
  });
  afterAll(async () => {
    await temporal?.connection.close();
  });

  async function registered(body: Record<string, unknown>): Promise<string> {
    const response = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `edge-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'letter',
        receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
        petitionerName: '李某',
        summary: '噪声扰民',
        ...body,
      })
      .expect(201);
    const id = response.body.petitionId as string;
    for (
      let i = 0;
      i < 200 && (await service.dataSource.query(`SELECT 1 FROM petitions WHERE id = $1`, [id])).length === 0;
      i++
    )
      await pause(100);
    return id;
  }

  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function snapshot(): Promise<Record<string, number>> {
    const [counts] = await service.dataSource.query(
      `SELECT ${tables.map((t) => `(SELECT count(*)::int FROM "${t}") AS "${t}"`).join(', ')}`,
    );
    const { count } = await temporal.workflow.count(`TaskQueue = '${service.config.taskQueue}'`);
    const [history] = await service.dataSource.query(`SELECT revision FROM petitions WHERE id = $1`, [petitionId]);
    return { ...counts, workflows: count, targetRevision: Number(history?.revision ?? -1) };
  }

  /** Waits until three reads 300 ms apart agree: an accepted request may still be projecting. */
  async function settled(): Promise<Record<string, number>> {
    let last = await snapshot();
    for (let agreeing = 0, i = 0; i < 100 && agreeing < 2; i++) {
      await pause(300);
      const next = await snapshot();
      agreeing = JSON.stringify(next) === JSON.stringify(last) ? agreeing + 1 : 0;
      last = next;
    }
    return last;
  }

  /** The refusal's record, found by the X-Request-Id the request carried (written before the answer; a guard's is written as it finishes). */
  async function recordOf(requestId: string): Promise<TrailRow | undefined> {
    for (let i = 0; i < 50; i++) {
      const [row] = await service.dataSource.query(`SELECT * FROM audit_trail WHERE detail->>'httpRequestId' = $1`, [
        requestId,
      ]);
      if (row) return row;
      await pause(100);
    }
    return undefined;
  }

  function fieldsOf(endpoint: Endpoint): string[] {
    let schema = endpoint.operation.requestBody?.content?.['application/json']?.schema;
    if (schema?.$ref) schema = schemas[schema.$ref.split('/').pop()!];
    return Object.keys(schema?.properties ?? {});
  }

  function pathOf(endpoint: Endpoint): string {
    return (endpoint.operation.parameters ?? [])
      .filter((p) => p.in === 'path')
      .reduce((path, p) => {
        const value =
          p.schema?.enum?.[0] ??
          (p.name === 'id' && endpoint.path.startsWith('/petitions')
            ? petitionId
            : p.name === 'id' && endpoint.path.startsWith('/public/')
              ? petitionId
              : randomUUID());
        return path.replace(`{${p.name}}`, encodeURIComponent(value));
      }, endpoint.path);
  }

  /** Every declared field carries the bad text (`args` an object holding it); a route with no body gets one field. */
  function bodyWith(endpoint: Endpoint, text: string): Record<string, unknown> {
    const fields = fieldsOf(endpoint);
    return fields.length === 0
      ? { note: text }
      : Object.fromEntries(fields.map((f) => [f, f === 'args' ? { instructions: text, reason: text } : text]));
  }

  it("lists registration, every action, the petitioner's, admin and campaign routes", () => {
    const listed = endpoints.map((e) => `${e.method} ${e.path}`);
    expect(listed.filter((e) => /^post \/petitions\/\{id\}\/actions\/[a-zA-Z]+$/.test(e))).toHaveLength(
      ACTION_NAMES.length,
    );
    for (const expected of [
      'post /petitions',
      'post /petitions/backlog',
      'post /public/petitions/{id}/rating',
      'post /admin/users',
      'post /campaigns',
      'post /auth/login',
      'post /auth/logout',
    ]) {
      expect(listed).toContain(expected);
    }
  });

  it('refuses lone surrogates, non-characters and 10,000-level nesting on every write route with 400; nothing is applied and every refusal is on the audit trail', async () => {
    const before = await settled();
    const sent: { route: string; requestId: string; kind: string; field?: string }[] = [];
    for (const endpoint of endpoints) {
      const path = pathOf(endpoint);
      const route = `${endpoint.method.toUpperCase()} ${endpoint.path}`;
      const cases: { kind: string; text: string }[] = [
        { kind: 'loneSurrogate', text: JSON.stringify(bodyWith(endpoint, LONE_SURROGATE)) },
        { kind: 'nonCharacter', text: JSON.stringify(bodyWith(endpoint, NON_CHARACTER)) },
        { kind: 'deepNesting', text: nestedText(fieldsOf(endpoint)[0] ?? 'note', 10_000) },
      ];
      for (const { kind, text } of cases) {
        const requestId = `edge-${kind}-${randomUUID()}`;
        const response = await http[endpoint.method](path)
          .set('Authorization', registrar)
          .set('Idempotency-Key', `edge-${randomUUID()}`)
          .set('X-Request-Id', requestId)
          .set('X-Query-Code', 'ABCD-EFGH-JKLM')
          .set('Content-Type', 'application/json')
          .send(text);
        if (response.status !== 400)
          throw new Error(`${route} with ${kind} → ${response.status} ${JSON.stringify(response.body)}`);
        expect(response.body).toMatchObject({ statusCode: 400, code: 'validation' });
        if (kind === 'deepNesting') expect(response.body.detail).toMatch(/deeper than 32 levels/);
        else {
          expect(response.body.detail).toMatch(
            kind === 'loneSurrogate' ? /unpaired UTF-16 surrogate/ : /non-character/,
          );
          expect(response.body.field).toBeTruthy();
        }
        sent.push({ route, requestId, kind, field: response.body.field });
      }
    }
    const after = await settled();
    expect(after).toEqual(before);

    const missing: string[] = [];
    for (const { route, requestId, kind, field } of sent) {
      const record = await recordOf(requestId);
      if (!record) {
        missing.push(`${route} ${kind}`);
        continue;
      }
      expect(record).toMatchObject({
        kind: 'refusedRequest',
        outcome: 'refused',
        detail: expect.objectContaining({ status: 400, code: 'validation', method: route.split(' ')[0] }),
      });
      if (field) expect(record.detail.field).toBe(field);
      // What was sent, bounded and stored with the ill-formed characters spelled out.
      const copy = String(record.detail.sent ?? '');
      expect(copy.length).toBeGreaterThan(0);
      expect(copy.length).toBeLessThanOrEqual(2048);
      if (
        kind === 'loneSurrogate' &&
        !/"(summary|petitionerName|petitionerContact|accusedPerson|password|refreshToken)"/.test(copy)
      )
        expect(copy).toContain('\\ud800');
      if (
        kind === 'nonCharacter' &&
        !/"(summary|petitionerName|petitionerContact|accusedPerson|password|refreshToken)"/.test(copy)
      )
        expect(copy).toContain('\\uffff');
      expect(JSON.stringify(record)).not.toMatch(/Bearer /);
    }
    expect(missing).toEqual([]);
    process.stdout.write(
      `edge refusals: ${sent.length} requests to ${endpoints.length} write routes, all 400, all on the audit trail\n`,
    );
    const verification = await http
      .get('/audit/trail/verification')
      .set('Authorization', staffBearer('p-auditor'))
      .expect(200);
    expect(verification.body.ok).toBe(true);
  });

  it('refuses ill-formed text in a query string or a path parameter, naming it, and records it', async () => {
    const requestId = `edge-query-${randomUUID()}`;
    const response = await http
      .get('/petitions')
      .query({ cursor: 'x\uffff' })
      .set('Authorization', staffBearer('x-registrar'))
      .set('X-Request-Id', requestId)
      .expect(400);
    expect(response.body).toMatchObject({
      code: 'validation',
      field: 'cursor',
      detail: expect.stringMatching(/non-character/),
    });
    expect((await recordOf(requestId))?.detail).toMatchObject({ status: 400, field: 'cursor', method: 'GET' });

    const pathRequest = `edge-param-${randomUUID()}`;
    const inPath = await http
      .post(`/admin/users/${encodeURIComponent('u\ufdd0')}/deactivate`)
      .set('Authorization', staffBearer('admin'))
      .set('X-Request-Id', pathRequest)
      .expect(400);
    expect(inPath.body).toMatchObject({ field: 'id', detail: expect.stringMatching(/non-character/) });
    expect((await recordOf(pathRequest))?.detail).toMatchObject({ status: 400, field: 'id' });

    // A lone surrogate cannot be sent as UTF-8; its three-byte spelling (CESU-8) is invalid UTF-8.
    const cesuRequest = `edge-cesu-${randomUUID()}`;
    const cesu = await http
      .post('/admin/users/u%ED%A0%80/deactivate')
      .set('Authorization', staffBearer('admin'))
      .set('X-Request-Id', cesuRequest);
    expect(cesu.status).toBe(400);
    expect((await recordOf(cesuRequest))?.detail).toMatchObject({ status: 400 });
  });

  describe('each finding of the probe, sent as it sent it', () => {
    it('"instructions":"督办\\ud800" on 督办 (issueSupervision): 400 naming args.instructions, nothing applied, the refusal recorded with the text spelled out', async () => {
      const before = await settled();
      const requestId = `edge-${randomUUID()}`;
      const response = await http
        .post(`/petitions/${petitionId}/actions/issueSupervision`)
        .set('Authorization', staffBearer('c-supervisor'))
        .set('X-Request-Id', requestId)
        .set('Content-Type', 'application/json')
        .send('{"requestId":"sup-1","args":{"instructions":"督办\\ud800"}}')
        .expect(400);
      expect(response.body).toMatchObject({
        field: 'args.instructions',
        detail: expect.stringMatching(/unpaired UTF-16 surrogate/),
      });
      expect(await settled()).toEqual(before);
      const record = await recordOf(requestId);
      expect(record).toMatchObject({ outcome: 'refused', petition_id: petitionId });
      expect(record?.detail.sent).toBe('{"requestId":"sup-1","args":{"instructions":"督办\\ud800"}}');
    });

    it('a lone surrogate in lateRegistrationReason at registration: 400 naming it; no intake, no workflow; recorded', async () => {
      const before = await settled();
      const requestId = `edge-${randomUUID()}`;
      const body = {
        category: 'appeal',
        channel: 'letter',
        receivedAt: new Date(Date.now() - 400 * 86_400_000).toISOString(),
        petitionerName: '李某',
        summary: '噪声扰民',
        lateRegistrationReason: '补录\udc00',
      };
      const response = await http
        .post('/petitions')
        .set('Authorization', staffBearer('x-registrar'))
        .set('Idempotency-Key', `edge-${randomUUID()}`)
        .set('X-Request-Id', requestId)
        .send(body)
        .expect(400);
      expect(response.body.field).toBe('lateRegistrationReason');
      expect(await settled()).toEqual(before);
      const record = await recordOf(requestId);
      expect(record?.detail).toMatchObject({ status: 400, field: 'lateRegistrationReason' });
      expect(String(record?.detail.sent)).toContain('补录\\udc00');
      expect(String(record?.detail.sent)).not.toContain('李某');
    });

    it('10,000-level nested args on registration and on an action: 400 before parsing, recorded with the start of the text', async () => {
      for (const path of ['/petitions', `/petitions/${petitionId}/actions/route`]) {
        const requestId = `edge-${randomUUID()}`;
        const text = `{"requestId":"deep","args":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
        const response = await http
          .post(path)
          .set('Authorization', staffBearer('x-registrar'))
          .set('Idempotency-Key', `edge-${randomUUID()}`)
          .set('X-Request-Id', requestId)
          .set('Content-Type', 'application/json')
          .send(text)
          .expect(400);
        expect(response.body.detail).toMatch(/deeper than 32 levels/);
        const record = await recordOf(requestId);
        expect(record?.detail).toMatchObject({ status: 400, sent: text.slice(0, 2048), sentBytes: text.length });
      }
    });

    it('a "constructor" key at depth 41 (the pipe stopped looking at 32) is refused, and one at depth 20 is named', async () => {
      const at = (depth: number) =>
        `{"requestId":"proto","args":${'{"a":'.repeat(depth - 2)}{"constructor":"x"}${'}'.repeat(depth - 2)}}`;
      const deep = await http
        .post(`/petitions/${petitionId}/actions/route`)
        .set('Authorization', staffBearer('x-registrar'))
        .set('Content-Type', 'application/json')
        .send(at(41))
        .expect(400);
      expect(deep.body.detail).toMatch(/deeper than 32 levels/);
      const requestId = `edge-${randomUUID()}`;
      const named = await http
        .post(`/petitions/${petitionId}/actions/route`)
        .set('Authorization', staffBearer('x-registrar'))
        .set('X-Request-Id', requestId)
        .set('Content-Type', 'application/json')
        .send(at(20))
        .expect(400);
      expect(named.body).toMatchObject({
        field: `args.${'a.'.repeat(18)}constructor`,
        detail: expect.stringMatching(/__proto__, constructor or prototype/),
      });
      expect((await recordOf(requestId))?.detail).toMatchObject({
        status: 400,
        field: `args.${'a.'.repeat(18)}constructor`,
      });
    });

    it('accusedUnitId "" at registration is no unit: an appeal registers with none (no foreign-key 500); an accusation naming nobody else is a 400', async () => {
      const appeal = await registered({ accusedUnitId: '' });
      expect(
        (
          await service.dataSource.query(`SELECT accused_unit_id FROM petition_intakes WHERE petition_id = $1`, [
            appeal,
          ])
        )[0].accused_unit_id,
      ).toBeNull();
      const accusation = await registered({ category: 'accusation', accusedUnitId: '', accusedPerson: '王某' });
      expect(
        (
          await service.dataSource.query(
            `SELECT accused_unit_id, accused_person FROM petition_intakes WHERE petition_id = $1`,
            [accusation],
          )
        )[0],
      ).toEqual({ accused_unit_id: null, accused_person: '王某' });

      const requestId = `edge-${randomUUID()}`;
      const refused = await http
        .post('/petitions')
        .set('Authorization', staffBearer('x-registrar'))
        .set('Idempotency-Key', `edge-${randomUUID()}`)
        .set('X-Request-Id', requestId)
        .send({
          category: 'accusation',
          channel: 'letter',
          receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
          petitionerName: '李某',
          summary: '检举',
          accusedUnitId: '',
        })
        .expect(400);
      expect(refused.body.field).toBe('accusedUnitId');
      expect(await recordOf(requestId)).toMatchObject({
        kind: 'staffAction',
        action: 'register',
        outcome: 'refused',
        detail: expect.objectContaining({ status: 400 }),
      });
    });

    it('accusedPerson on an appeal is a 400 naming accusedPerson (it belongs to 检举控告 only); an empty one is absent', async () => {
      const before = await settled();
      const requestId = `edge-${randomUUID()}`;
      const refused = await http
        .post('/petitions')
        .set('Authorization', staffBearer('x-registrar'))
        .set('Idempotency-Key', `edge-${randomUUID()}`)
        .set('X-Request-Id', requestId)
        .send({
          category: 'appeal',
          channel: 'letter',
          receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
          petitionerName: '李某',
          summary: '申诉',
          accusedPerson: '王某',
        })
        .expect(400);
      expect(refused.body).toMatchObject({
        code: 'validation',
        field: 'accusedPerson',
        detail: expect.stringContaining('accusation'),
      });
      expect(await settled()).toEqual(before);
      const record = await recordOf(requestId);
      expect(record).toMatchObject({ kind: 'staffAction', action: 'register', outcome: 'refused' });
      expect(JSON.stringify(record)).not.toContain('王某');

      const appeal = await registered({ accusedPerson: '' });
      expect(
        (
          await service.dataSource.query(`SELECT accused_person FROM petition_intakes WHERE petition_id = $1`, [appeal])
        )[0].accused_person,
      ).toBeNull();
    });

    it('a C1 control character (U+0085) in Idempotency-Key: 400 naming the header, nothing registered, recorded', async () => {
      const before = await settled();
      const requestId = `edge-${randomUUID()}`;
      const response = await http
        .post('/petitions')
        .set('Authorization', staffBearer('x-registrar'))
        .set('Idempotency-Key', 'reg-\u0085-1')
        .set('X-Request-Id', requestId)
        .send({
          category: 'appeal',
          channel: 'letter',
          receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
          petitionerName: '李某',
          summary: '噪声扰民',
        })
        .expect(400);
      expect(response.body).toMatchObject({
        code: 'validation',
        field: 'Idempotency-Key',
        detail: expect.stringContaining('control character'),
      });
      expect(await settled()).toEqual(before);
      const record = await recordOf(requestId);
      expect(record).toMatchObject({
        kind: 'refusedRequest',
        action: 'POST /petitions',
        detail: expect.objectContaining({ status: 400, field: 'Idempotency-Key' }),
      });
      // Stored with the control character spelled out.
      expect(record?.detail.idempotencyKey).toMatch(/^reg-.*\\u0085-1$/);

      const longKey = await http
        .post('/petitions')
        .set('Authorization', staffBearer('x-registrar'))
        .set('Idempotency-Key', 'k'.repeat(201))
        .send({})
        .expect(400);
      expect(longKey.body.field).toBe('Idempotency-Key');
      const query = await http.get(`/public/petitions/${petitionId}`).set('X-Query-Code', 'AB\u009bCD').expect(400);
      expect(query.body.field).toBe('X-Query-Code');
      const requestIdHeader = await http.get('/health/live').set('X-Request-Id', 'id-\u0085').expect(400);
      expect(requestIdHeader.body.field).toBe('X-Request-Id');
    });

    it('a forged bearer token whose session id is not a UUID: 401, never a 500, and recorded', async () => {
      const [user] = await service.dataSource.query(`SELECT token_version FROM users WHERE id = 'x-registrar'`);
      const forged = await signAccessToken(service.config.auth, {
        userId: 'x-registrar',
        tokenVersion: user.token_version,
        sessionId: 'not-a-uuid',
      });
      const requestId = `edge-${randomUUID()}`;
      const me = await http
        .get('/auth/me')
        .set('Authorization', `Bearer ${forged}`)
        .set('X-Request-Id', requestId)
        .expect(401);
      expect(me.body).toMatchObject({ code: 'unauthenticated', detail: expect.stringContaining('session id') });
      expect(await recordOf(requestId)).toMatchObject({
        kind: 'refusedRequest',
        actor_user_id: null,
        detail: expect.objectContaining({ status: 401 }),
      });

      const actionRequest = `edge-${randomUUID()}`;
      await http
        .post(`/petitions/${petitionId}/actions/route`)
        .set('Authorization', `Bearer ${forged}`)
        .set('X-Request-Id', actionRequest)
        .send({ requestId: 'forged', args: { unitId: 'x-zjj' } })
        .expect(401);
      const record = await recordOf(actionRequest);
      expect(record).toMatchObject({
        kind: 'staffAction',
        action: 'route',
        outcome: 'refused',
        detail: expect.objectContaining({ status: 401 }),
      });
      expect(JSON.stringify(record)).not.toContain(forged);
    });
  });
});
