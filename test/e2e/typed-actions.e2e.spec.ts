/**
 * The typed edge, over HTTP with the real worker: one request schema per staff action (unknown
 * fields refused with a 400 naming them), one error shape for every 4xx, an OpenAPI document with
 * a schema for every action of the policy, and `GET /petitions/:id/actions` listing exactly what
 * the caller may do now.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { signOffOverHttp } from '../support/sign-off';
import type { Client } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../../apps/api/src/common/tokens';
import { petitionWorkflowId } from '../../workflows/petition/petition.contract';
import { ACTION_NAMES, argsSchemaName, exampleArgsOf } from '../../apps/api/src/petitions/actions/action-catalog';
import { OpenApiDocument } from '../../apps/api/src/common/openapi-document';
import { ACTIONS, ActionName } from '../../libs/process/policy';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: {
          content: Record<string, { schema: { $ref?: string }; examples?: Record<string, { value: unknown }> }>;
        };
        responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
        'x-petition-action'?: { roles: string[]; steps: unknown; actingUnit: string };
      }
    >
  >;
  components: {
    schemas: Record<
      string,
      {
        properties?: Record<string, { $ref?: string; allOf?: { $ref: string }[] }>;
        additionalProperties?: boolean;
        required?: string[];
      }
    >;
  };
};

describe('typed staff actions', () => {
  const service = useRunningService();
  /** An action's example arguments, from the examples on its argument schema in the document the API serves. */
  const exampleArgs = (action: ActionName) =>
    exampleArgsOf(service.app.get(OpenApiDocument).schema(argsSchemaName(action)));
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });

  async function register(body: Record<string, unknown> = {}): Promise<string> {
    const response = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', randomUUID())
      .send({
        category: 'appeal',
        channel: 'letter',
        receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
        petitionerName: '赵某',
        summary: '老旧小区改造后排水不畅',
        ...body,
      });
    expect(response.status).toBe(201);
    return response.body.petitionId;
  }

  const act = (user: string, id: string, action: string, body: Record<string, unknown>) =>
    http.post(`/petitions/${id}/actions/${action}`).set('Authorization', staffBearer(user)).send(body);

  async function revision(id: string): Promise<number> {
    return (await http.get(`/petitions/${id}`).set('Authorization', staffBearer('x-registrar')).expect(200)).body.live
      .revision;
  }

  async function available(user: string, id: string): Promise<string[]> {
    const response = await http.get(`/petitions/${id}/actions`).set('Authorization', staffBearer(user));
    expect(response.status).toBe(200);
    return response.body.actions.map((a: { action: string }) => a.action);
  }

  it('every action refuses an unknown field, in args or beside it, with a 400 naming the field; the case is unchanged', async () => {
    const id = await register();
    const before = await revision(id);
    for (const action of ACTION_NAMES) {
      const inArgs = await act('x-registrar', id, action, {
        requestId: randomUUID(),
        args: { ...exampleArgs(action), foo: 1 },
      });
      expect({ action, status: inArgs.status, body: inArgs.body }).toEqual({
        action,
        status: 400,
        body: {
          statusCode: 400,
          code: 'validation',
          field: 'args.foo',
          message: '请求中含有不允许的项目“foo”。',
          detail: expect.stringContaining('args.foo is not allowed'),
          messageKey: 'validation.unknownField',
          params: { field: 'args.foo' },
        },
      });
      const beside = await act('x-registrar', id, action, {
        requestId: randomUUID(),
        args: exampleArgs(action),
        note: 'x',
      });
      expect({ action, status: beside.status, field: beside.body.field }).toEqual({
        action,
        status: 400,
        field: 'note',
      });
    }
    expect(await revision(id)).toBe(before);
  });

  it("each action's documented example passes the edge, and the workflow then decides (never a validation error)", async () => {
    const id = await register();
    for (const action of ACTION_NAMES) {
      const response = await act('p-auditor', id, action, { requestId: randomUUID(), args: exampleArgs(action) });
      expect({ action, code: response.body.code }).toEqual({
        action,
        code: expect.stringMatching(/^(wrongStep|wrongRole|wrongUnit|badArgument)$/),
      });
    }
  });

  it('a malformed argument is a 400 naming it; a missing one too', async () => {
    const id = await register();
    const days = await act('x-registrar', id, 'assign', {
      requestId: randomUUID(),
      args: { unitId: 'x-zjj', reportBackDays: 500 },
    });
    expect(days.status).toBe(400);
    expect(days.body).toMatchObject({
      code: 'validation',
      field: 'args.reportBackDays',
      messageKey: 'validation.tooLarge',
      params: { field: 'args.reportBackDays', max: 90 },
      message: '报告期限（天）不能大于 90。',
      detail: 'args.reportBackDays must not be greater than 90',
    });
    const missing = await act('x-registrar', id, 'route', { requestId: randomUUID(), args: {} });
    expect(missing.body).toMatchObject({ statusCode: 400, code: 'validation', field: 'args.unitId' });
    const noArgs = await act('x-registrar', id, 'route', { requestId: randomUUID() });
    expect(noArgs.body).toMatchObject({ statusCode: 400, code: 'validation', field: 'args' });
    const instant = await act('x-registrar', id, 'recordDelivery', {
      requestId: randomUUID(),
      args: { method: 'direct', signedBy: 'petitioner', deliveredAt: '2026-12-08' },
    });
    expect(instant.body).toMatchObject({ code: 'validation', field: 'args.deliveredAt' });
    const correction = await act('x-registrar', id, 'correctRegistration', {
      requestId: randomUUID(),
      args: { field: 'urgent', value: 'yes', reason: '录入错误' },
    });
    expect(correction.body).toMatchObject({
      code: 'validation',
      field: 'args.value',
      detail: 'args.value must be true or false when correcting urgent',
    });
    expect(correction.body.message).toMatch(/^更正后的值/);
  });

  it('every 4xx has one shape: { statusCode, code, message, detail, field?, messageKey, params }', async () => {
    const id = await register();
    const shape = (status: number, code: string) => ({
      statusCode: status,
      code,
      message: expect.stringMatching(/[\u4e00-\u9fff]/),
      detail: expect.any(String),
      messageKey: expect.any(String),
      params: expect.any(Object),
    });
    const noToken = await http.get(`/petitions/${id}`);
    expect([noToken.status, noToken.body]).toEqual([401, shape(401, 'unauthenticated')]);
    const wrongStep = await act('x-registrar', id, 'accept', { requestId: randomUUID(), args: {} });
    expect([wrongStep.status, wrongStep.body]).toEqual([
      409,
      {
        ...shape(409, 'wrongStep'),
        detail: expect.stringContaining('step "routing"'),
        messageKey: 'actor.wrongStep',
        params: { action: 'accept', step: 'routing' },
      },
    ]);
    const wrongRole = await act('x-supervisor', id, 'route', { requestId: randomUUID(), args: { unitId: 'x-zjj' } });
    expect([wrongRole.status, wrongRole.body]).toEqual([
      403,
      { ...shape(403, 'wrongRole'), messageKey: 'actor.wrongRole', params: expect.any(Object) },
    ]);
    const unknownAction = await act('x-registrar', id, 'frobnicate', { requestId: randomUUID(), args: {} });
    expect([unknownAction.status, unknownAction.body]).toEqual([
      404,
      { ...shape(404, 'notFound'), detail: expect.stringContaining('unknown action "frobnicate"') },
    ]);
    const notVisible = await http.get(`/petitions/${id}`).set('Authorization', staffBearer('c-handler'));
    expect([notVisible.status, notVisible.body]).toEqual([404, shape(404, 'notFound')]);
    const badId = await http.get('/petitions/not-a-uuid').set('Authorization', staffBearer('x-registrar'));
    expect([badId.status, badId.body]).toEqual([400, shape(400, 'validation')]);
    const notJson = await http
      .post(`/petitions/${id}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .set('Content-Type', 'application/json')
      .send('{"requestId":');
    expect([notJson.status, notJson.body]).toEqual([400, shape(400, 'validation')]);
    const forbidden = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-handler'))
      .set('Idempotency-Key', randomUUID())
      .send({});
    expect([forbidden.status, forbidden.body]).toEqual([403, shape(403, 'forbidden')]);
    const badArgument = await act('x-registrar', id, 'assign', {
      requestId: randomUUID(),
      args: { unitId: 'no-such-unit', reportBackDays: 10 },
    });
    expect(badArgument.status).toBeGreaterThanOrEqual(400);
    expect(badArgument.status).toBeLessThan(500);
    expect(Object.keys(badArgument.body).sort()).toEqual(expect.arrayContaining(['code', 'message', 'statusCode']));
    const key = randomUUID();
    const first = {
      category: 'appeal',
      channel: 'visit',
      receivedAt: new Date().toISOString(),
      petitionerName: '钱某',
      summary: '路灯不亮',
    };
    await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', key)
      .send(first)
      .expect(201);
    const reused = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', key)
      .send({ ...first, summary: '别的事' });
    expect([reused.status, reused.body]).toEqual([
      409,
      { ...shape(409, 'idempotencyConflict'), field: 'Idempotency-Key' },
    ]);
  });

  it('a refusal by the workflow keeps its reason, and names the argument when the reason is about one', async () => {
    const id = await register();
    await act('x-registrar', id, 'route', { requestId: randomUUID(), args: { unitId: 'x-zjj' } }).expect(200);
    await act('x-handler', id, 'accept', { requestId: randomUUID(), args: {} }).expect(200);
    await act('x-head', id, 'extendHandling', {
      requestId: randomUUID(),
      args: { days: 10, reason: '需补充调查' },
    }).expect(200);
    const second = await act('x-head', id, 'extendHandling', {
      requestId: randomUUID(),
      args: { days: 10, reason: '再次延期' },
    });
    expect(second.body).toMatchObject({
      statusCode: 400,
      code: 'badArgument',
      detail: expect.stringContaining('already extended once'),
    });
    expect(second.body.field).toBeUndefined();
    // The rule, for a catalogue to say in the reader's language: a second extension, and how many are allowed.
    expect(second.body).toMatchObject({ messageKey: 'case.secondExtension', params: { maxExtensions: 1 } });
    const drafted = await act('x-handler', id, 'issueReply', {
      requestId: randomUUID(),
      args: {
        outcome: 'explained',
        facts: '路灯线路老化',
        reasons: '已列入维修计划',
        legalBasis: '《城市道路照明设施管理规定》',
      },
    }).expect(200);
    expect((await signOffOverHttp(http, id, drafted)).status).toBe(200);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const future = await act('x-handler', id, 'recordDelivery', {
      requestId: randomUUID(),
      args: { method: 'direct', signedBy: 'petitioner', deliveredAt: tomorrow },
    });
    expect(future.body).toEqual({
      statusCode: 400,
      code: 'badArgument',
      message: '送达时间不能晚于当前时间。',
      detail: 'deliveredAt is in the future',
      field: 'args.deliveredAt',
      messageKey: 'args.inFuture',
      params: { field: 'deliveredAt' },
    });
  });

  it('a refusal carries the key of its rule and the values a catalogue fills in, whoever refused it', async () => {
    const id = await register();
    // Refused by the who-may-act rule: a supervisor does not route; the actor, not an argument, is at fault.
    const wrongRole = await act('x-supervisor', id, 'route', { requestId: randomUUID(), args: { unitId: 'x-zjj' } });
    expect(wrongRole.body).toMatchObject({
      statusCode: 403,
      code: 'wrongRole',
      messageKey: 'actor.wrongRole',
      params: { action: 'route', roles: ['registrar'], role: 'supervisor' },
    });
    expect(wrongRole.body.field).toBeUndefined();
    // Refused by an argument rule of the workflow: the unit named does not exist.
    const unknown = await act('x-registrar', id, 'route', { requestId: randomUUID(), args: { unitId: 'x-nowhere' } });
    expect(unknown.body).toMatchObject({
      statusCode: 400,
      code: 'badArgument',
      field: 'args.unitId',
      messageKey: 'args.unknownUnit',
      params: { field: 'unitId' },
    });
  });

  it('an action on a case whose workflow has ended is answered caseCompleted, not a 5xx or a missing case', async () => {
    const id = await register();
    const temporal = service.app.get<Client>(TEMPORAL_CLIENT);
    await temporal.workflow.getHandle(petitionWorkflowId(id)).terminate('the test ends the case workflow');
    const late = await act('x-registrar', id, 'route', { requestId: randomUUID(), args: { unitId: 'x-zjj' } });
    expect(late.body).toEqual({
      statusCode: 409,
      code: 'caseCompleted',
      message: '本案已办结，不能再进行任何操作。',
      detail: 'the case workflow has completed; it takes no more actions',
      messageKey: 'error.caseCompleted',
      params: {},
    });
    expect(late.status).toBe(409);
  });

  it('the OpenAPI document has a request schema, an example, the roles and the steps for every action of the policy', async () => {
    const doc: OpenApi = (await http.get('/docs/openapi.json').expect(200)).body;
    for (const action of Object.keys(ACTIONS) as ActionName[]) {
      const operation = doc.paths[`/petitions/{id}/actions/${action}`]?.post;
      expect({ action, documented: operation !== undefined }).toEqual({ action, documented: true });
      const body = operation.requestBody!.content['application/json'];
      const requestName = body.schema.$ref!.replace('#/components/schemas/', '');
      const requestSchema = doc.components.schemas[requestName];
      expect(requestSchema.additionalProperties).toBe(false);
      expect(requestSchema.required).toEqual(expect.arrayContaining(['requestId', 'args']));
      const argsRef = requestSchema.properties!.args.$ref ?? requestSchema.properties!.args.allOf?.[0].$ref;
      const argsSchema = doc.components.schemas[argsRef!.replace('#/components/schemas/', '')];
      expect({ action, args: argsSchema?.additionalProperties }).toEqual({ action, args: false });
      expect(Object.values(body.examples ?? {})[0].value).toEqual({
        requestId: expect.any(String),
        args: exampleArgs(action),
      });
      expect(operation['x-petition-action']).toEqual({
        action,
        roles: ACTIONS[action].roles,
        steps: ACTIONS[action].steps,
        actingUnit: ACTIONS[action].actingUnit,
      });
      expect(operation.responses['200'].content!['application/json'].schema).toEqual({
        $ref: '#/components/schemas/PetitionWireView',
      });
      for (const status of ['400', '403', '404', '409']) {
        expect(operation.responses[status].content!['application/json'].schema).toEqual({
          $ref: '#/components/schemas/ApiErrorBody',
        });
      }
    }
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/petitions/{id}/actions/'))).toHaveLength(
      Object.keys(ACTIONS).length,
    );
    for (const [path, operations] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/petitions'))) {
      for (const [method, operation] of Object.entries(operations)) {
        const ok = operation.responses['200'] ?? operation.responses['201'];
        // JSON, or a document's bytes (a notice's PDF)
        const schema = ok?.content?.['application/json']?.schema ?? ok?.content?.['application/pdf']?.schema;
        expect({ path, method, typed: schema !== undefined }).toEqual({ path, method, typed: true });
        expect({ path, method, error: operation.responses['401']?.content?.['application/json']?.schema }).toEqual({
          path,
          method,
          error: { $ref: '#/components/schemas/ApiErrorBody' },
        });
      }
    }
  });

  describe('GET /petitions/:id/actions lists exactly what the caller may do now', () => {
    it('in routing: the registrar routes, hands down, assigns it within the office (分办) or corrects; the office above the city may list it (挂牌), the county and city supervisors nothing yet', async () => {
      const id = await register();
      expect(await available('x-registrar', id)).toEqual(['route', 'assign', 'assignHandler', 'correctRegistration']);
      // The case is at the county office itself: its lapses are supervised by the city office, so 挂牌
      // comes from the level above that (libs/process/lapse-supervision.ts).
      expect(await available('p-supervisor', id)).toEqual(['listForSupervision']);
      expect(await available('c-supervisor', id)).toEqual([]);
      expect(await available('x-supervisor', id)).toEqual([]);
      const listed = (
        await http.get(`/petitions/${id}/actions`).set('Authorization', staffBearer('x-registrar')).expect(200)
      ).body;
      expect(listed).toMatchObject({ petitionId: id, step: 'routing' });
      expect(new Date(listed.asOf).getTime()).toBeGreaterThan(Date.now() - 60_000);
      const route = listed.actions[0];
      expect(route).toMatchObject({
        action: 'route',
        method: 'POST',
        path: `/petitions/${id}/actions/route`,
        requestSchema: 'RouteRequest',
        example: { unitId: 'x-zjj' },
      });
      expect(route.argsSchema).toMatchObject({
        type: 'object',
        required: ['unitId'],
        additionalProperties: false,
        properties: { unitId: { type: 'string' } },
      });
      await http.get(`/petitions/${id}/actions`).set('Authorization', staffBearer('x-handler')).expect(404);
    });

    it('in acceptance: the handler and the unit head of the handling unit decide, the head may also assign the 承办人 or a case leader', async () => {
      const id = await register();
      await act('x-registrar', id, 'route', { requestId: randomUUID(), args: { unitId: 'x-zjj' } }).expect(200);
      expect(await available('x-handler', id)).toEqual([
        'objectMisroute',
        'accept',
        'decline',
        'notAcceptedAgain',
        'redirect',
      ]);
      expect(await available('x-head', id)).toEqual([
        'objectMisroute',
        'assignHandler',
        'accept',
        'decline',
        'notAcceptedAgain',
        'redirect',
        'assignCaseLeader',
      ]);
      expect(await available('x-registrar', id)).toEqual(['correctRegistration']);
    });

    it('everything not listed is refused by the workflow, and what is listed goes through', async () => {
      const id = await register();
      const refusedExcept = async (user: string, listed: string[]) => {
        const before = await revision(id);
        for (const action of ACTION_NAMES.filter((a) => !listed.includes(a))) {
          const response = await act(user, id, action, { requestId: randomUUID(), args: exampleArgs(action) });
          expect({
            user,
            action,
            refused: response.status >= 400 && response.status < 500 && response.body.code !== 'validation',
          }).toEqual({ user, action, refused: true });
        }
        expect(await revision(id)).toBe(before);
      };
      await refusedExcept('x-registrar', await available('x-registrar', id));
      await refusedExcept('c-supervisor', await available('c-supervisor', id));
      await act('x-registrar', id, 'route', { requestId: randomUUID(), args: { unitId: 'x-zjj' } }).expect(200);
      await refusedExcept('x-handler', await available('x-handler', id));
      await refusedExcept('x-head', await available('x-head', id));
      await act('x-handler', id, 'accept', { requestId: randomUUID(), args: {} }).expect(200);
      expect(await available('x-head', id)).toEqual([
        'assignHandler',
        'extendHandling',
        'issueReply',
        'assignCaseLeader',
      ]);
    });
  });
});
