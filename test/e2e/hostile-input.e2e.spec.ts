/**
 * Bad input gets a clear error and loses nothing: fast-check throws generated bodies — wrong
 * types, missing and unknown fields, control characters, impossible and ancient dates, huge and
 * nested values — at every write endpoint the OpenAPI document lists (so endpoints added later are
 * covered without touching this test), as staff of several roles. Text no record can hold (lone
 * UTF-16 surrogates, Unicode non-characters) and JSON nested past the limit, with __proto__ /
 * constructor / prototype keys below depth 32, are among the generated bodies (sent as raw text).
 * Asserted for every request: the answer is never 5xx; a refused request (4xx) leaves every table
 * and the set of workflows exactly as they were, and is on the audit trail.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

type Operation = {
  parameters?: { name: string; in: string; schema?: { enum?: string[] } }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type Schema = { $ref?: string; properties?: Record<string, Schema>; type?: string; enum?: unknown[]; items?: Schema };
interface Endpoint {
  method: 'post' | 'put' | 'patch' | 'delete';
  path: string;
  operation: Operation;
}

/**
 * Records a refusal is meant to write: the refusal itself (failed sign-ins, rate-limit counters,
 * the audit trail's record of every refused staff action and sign-in) and sign-in sessions. Every other table must not change when a request is refused.
 */
const REFUSAL_RECORDS = new Set([
  'access_failures',
  'rate_limits',
  'auth_sessions',
  'refresh_tokens',
  'migrations',
  'audit_trail',
]);
/** Logging out would end the shared test sessions every other file uses; it takes no body. */
const NOT_GENERATED = new Set(['post /auth/logout']);
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
const RUNS_PER_ENDPOINT = 25;
const ACTORS = ['x-registrar', 'x-handler', 'x-head', 'c-supervisor', 'p-auditor', 'admin'];

/** A JSON body sent as it is written: nesting deeper than any object the test could build and send. */
class RawJson {
  constructor(readonly text: string) {}
}

const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
/** UTF-16 units the API must refuse: lone surrogates (high or low) and non-characters of every plane. */
const illFormedText = fc.oneof(
  fc.constantFrom(
    '督办\ud800',
    '\udc00督办',
    'a\ud800\ud800\udc00',
    '\ufdd0',
    'x\uffff',
    '\ufffe',
    String.fromCodePoint(0x1fffe),
    `申诉${String.fromCodePoint(0x10ffff)}`,
  ),
  fc.string({
    unit: fc.oneof(
      fc.string({ minLength: 1, maxLength: 1 }),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    ),
    minLength: 1,
    maxLength: 12,
  }),
);
/** Nested past MAX_JSON_DEPTH (32) up to 10,000 levels, or within it with a reserved key at the bottom (depth 2 to 40). */
const deepJson: fc.Arbitrary<RawJson> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 33, max: 10_000 }), fc.constantFrom('[', '{"a":'))
    .map(([depth, open]) => new RawJson(`{"args":${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}}`)),
  fc
    .tuple(fc.integer({ min: 2, max: 40 }), fc.constantFrom(...RESERVED_KEYS))
    .map(
      ([depth, key]) =>
        new RawJson(`{"requestId":"r","args":${'{"a":'.repeat(depth - 2)}{"${key}":{"x":1}}${'}'.repeat(depth - 2)}}`),
    ),
);

/**
 * A path segment as a hostile client writes it: a lone surrogate (which encodeURIComponent refuses
 * to encode) goes as the three bytes UTF-8 would give it (CESU-8, e.g. %ED%A0%80), invalid UTF-8.
 */
function pathSegment(value: string): string {
  return value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]|[^\uD800-\uDFFF]+/g, (part) =>
    part.length === 1 && part >= '\uD800' && part <= '\uDFFF'
      ? [
          0xe0 | (part.charCodeAt(0) >> 12),
          0x80 | ((part.charCodeAt(0) >> 6) & 0x3f),
          0x80 | (part.charCodeAt(0) & 0x3f),
        ]
          .map((b) => `%${b.toString(16).toUpperCase()}`)
          .join('')
      : encodeURIComponent(part),
  );
}

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  illFormedText,
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\u001b[2J',
    '\u007f',
    '\u0085',
    'x'.repeat(6000),
    '../../etc/passwd',
    "'; DROP TABLE petitions; --",
    '__proto__',
    '{{7*7}}',
    '😀'.repeat(10),
  ),
  fc.constantFrom(
    '1900-01-01',
    '2005-04-30T23:59:59+08:00',
    '2025-02-30T10:00:00+08:00',
    '2025-13-01',
    '9999-12-31T23:59:59+08:00',
    '2025-01-01T00:00:00',
    'yesterday',
    '2025-06-01T10:00:00+08:00',
  ),
  fc.constantFrom(
    'x-zjj',
    'c-xfj',
    'p-xfj',
    'no-such-unit',
    'admin',
    'supported',
    'upheld',
    'revoked',
    'satisfied',
    'appeal',
    'letter',
    'receivedAt',
  ),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 31, 10 ** 30),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('hostile input on every write endpoint', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  let temporal: Client;
  let endpoints: Endpoint[];
  let schemas: Record<string, Schema>;
  let petitionId: string;
  let tables: string[];

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
      WRITE_METHODS.filter((m) => operations[m] && !NOT_GENERATED.has(`${m} ${path}`)).map((method) => ({
        method,
        path,
        operation: operations[method],
      })),
    );
    tables = (
      await service.dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
    )
      .map((r: { tablename: string }) => r.tablename)
      .filter((t: string) => !REFUSAL_RECORDS.has(t));
    const registered = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `hostile-target-${Date.now()}`)
      .send({
        category: 'appeal',
        channel: 'letter',
        receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
        petitionerName: '李某',
        summary: '噪声扰民',
      })
      .expect(201);
    petitionId = registered.body.petitionId;
    for (
      let i = 0;
      i < 200 && (await service.dataSource.query(`SELECT 1 FROM petitions WHERE id = $1`, [petitionId])).length === 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    await temporal?.connection.close();
  });

  /**
   * A request that succeeded may still be projecting (the workflow's activity writes after the
   * update answers): wait until three reads 300 ms apart agree, so a later refusal is judged alone.
   */
  async function settled(): Promise<Record<string, number>> {
    let last = await snapshot();
    let agreeing = 0;
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 300));
      const next = await snapshot();
      agreeing = JSON.stringify(next) === JSON.stringify(last) ? agreeing + 1 : 0;
      if (agreeing === 2) return next;
      last = next;
    }
    throw new Error('the database never settled');
  }

  async function snapshot(): Promise<Record<string, number>> {
    const [counts] = await service.dataSource.query(
      `SELECT ${tables.map((t) => `(SELECT count(*)::int FROM "${t}") AS "${t}"`).join(', ')}`,
    );
    const { count } = await temporal.workflow.count(`TaskQueue = '${service.config.taskQueue}'`);
    return { ...counts, workflows: count };
  }

  /** Whether the refusal is on the audit trail (a guard's refusal is recorded as its response finishes). */
  async function refusalRecorded(requestId: string): Promise<boolean> {
    for (let i = 0; i < 50; i++) {
      const rows = await service.dataSource.query(
        `SELECT 1 FROM audit_trail WHERE outcome = 'refused' AND detail->>'httpRequestId' = $1`,
        [requestId],
      );
      if (rows.length > 0) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  /** Field names the endpoint's request schema declares: generated bodies use them half of the time. */
  function fieldsOf(endpoint: Endpoint): string[] {
    let schema = endpoint.operation.requestBody?.content?.['application/json']?.schema;
    if (schema?.$ref) schema = schemas[schema.$ref.split('/').pop()!];
    return Object.keys(schema?.properties ?? {});
  }

  function bodyFor(endpoint: Endpoint): fc.Arbitrary<unknown> {
    const fields = fieldsOf(endpoint);
    const shaped = fields.length
      ? fc
          .record(Object.fromEntries(fields.map((f) => [f, hostileValue])), { requiredKeys: [] })
          .chain((body) =>
            fc.oneof(
              fc.constant(body),
              fc.constant({ ...body, unexpectedField: 'x' }),
              fc.constant({ ...body, args: { unitId: 'x-zjj', reason: 'r\u0000', extra: 1 } }),
            ),
          )
      : fc.constant({});
    return fc.oneof(shaped, hostileValue, fc.dictionary(hostileString, hostileValue, { maxKeys: 5 }), deepJson);
  }

  function pathFor(endpoint: Endpoint): fc.Arbitrary<string> {
    const params = (endpoint.operation.parameters ?? []).filter((p) => p.in === 'path');
    return fc
      .tuple(
        ...params.map((p) => {
          if (p.schema?.enum) return fc.constantFrom(...p.schema.enum);
          if (p.name === 'id' && endpoint.path.startsWith('/petitions'))
            return fc.oneof(fc.constant(petitionId), fc.uuid(), hostileString);
          if (endpoint.path.startsWith('/admin/'))
            return fc.oneof(
              fc.constantFrom('no-such-thing', 'zz-9'),
              hostileString.filter((s) => !/^[a-z]-/.test(s) && s !== 'admin'),
            );
          return fc.oneof(fc.uuid(), fc.constantFrom('1', '0', '-1', '99999999999999999999'), hostileString);
        }),
      )
      .map((values) =>
        params.reduce((path, p, i) => path.replace(`{${p.name}}`, pathSegment(String(values[i]))), endpoint.path),
      );
  }

  it('lists the write endpoints from the OpenAPI document', () => {
    const listed = endpoints.map((e) => `${e.method} ${e.path}`);
    for (const expected of [
      'post /petitions',
      'post /petitions/{id}/actions/route',
      'post /petitions/{id}/actions/correctRegistration',
      'post /public/petitions/{id}/rating',
      'post /auth/login',
      'post /admin/users',
    ]) {
      expect(listed).toContain(expected);
    }
  });

  it('answers every generated request below 500, and a refused one writes no row and starts no workflow', async () => {
    let requests = 0;
    let refused = 0;
    let current = await settled();
    for (const endpoint of endpoints) {
      await fc.assert(
        fc.asyncProperty(
          pathFor(endpoint),
          bodyFor(endpoint),
          fc.constantFrom(...ACTORS),
          fc.boolean(),
          async (path, body, actor, asJsonText) => {
            const before = current;
            const requestId = `hostile-${requests}-${randomUUID()}`;
            let call = http[endpoint.method](path)
              .set('Authorization', staffBearer(actor))
              .set('Idempotency-Key', `hostile-${requests}-${Math.random()}`)
              .set('X-Request-Id', requestId);
            const plainObject =
              typeof body === 'object' && body !== null && !Array.isArray(body) && !(body instanceof RawJson);
            call =
              body instanceof RawJson
                ? call.set('Content-Type', 'application/json').send(body.text)
                : asJsonText || !plainObject
                  ? call.set('Content-Type', 'application/json').send(JSON.stringify(body) ?? 'null')
                  : call.send(body as object);
            const response = await call;
            requests++;
            if (response.status >= 500)
              throw new Error(
                `${endpoint.method.toUpperCase()} ${path} as ${actor} → ${response.status} ${JSON.stringify(response.body)} for ${JSON.stringify(body)?.slice(0, 300)}`,
              );
            if (response.status >= 400) {
              refused++;
              expect(response.body.detail).toBeTruthy();
              const after = await snapshot();
              if (JSON.stringify(after) !== JSON.stringify(before)) {
                throw new Error(
                  `${endpoint.method.toUpperCase()} ${path} was refused (${response.status}) but wrote: ${JSON.stringify({ before, after })}`,
                );
              }
              if (!(await refusalRecorded(requestId))) {
                throw new Error(
                  `${endpoint.method.toUpperCase()} ${path} was refused (${response.status}) but is not on the audit trail: ${JSON.stringify(response.body)}`,
                );
              }
            } else {
              current = await settled();
            }
          },
        ),
        { numRuns: RUNS_PER_ENDPOINT, seed: 20261130 + endpoints.indexOf(endpoint) },
      );
    }
    process.stdout.write(
      `hostile input: ${requests} requests to ${endpoints.length} write endpoints, ${refused} refused\n`,
    );
    expect(requests).toBeGreaterThanOrEqual(endpoints.length * RUNS_PER_ENDPOINT);
    expect(refused).toBeGreaterThan(requests / 2);
    // Some 1,500 requests, each followed by a check of the rows and workflows: minutes on a loaded
    // 2-core machine, and the count, not the time, is what this test is about.
  }, 600_000);
});
