/**
 * Typed responses: what the API answers matches what its OpenAPI document says, for the case, its
 * timeline, an action, the actions open to the caller, the search, the queue, the repeat
 * candidates, the signed-in user, the unit directory, the administration listings, the auditors'
 * history checks, a replay and the audit trail, and an error. Each body is validated (ajv) against the schema the document gives for
 * that path, method and status, with no undocumented field allowed, so a field added to a response
 * without its schema (or a documented one missing or of another type) fails here.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

type Json = Record<string, unknown>;

/**
 * An OpenAPI 3.0 schema as JSON Schema: refs into the document's components resolve against the
 * document registered as `openapi`, `nullable: true` becomes "or null", and an object with
 * documented properties may have no others.
 */
function jsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Json & { nullable?: boolean };
  const converted = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi${v}` : jsonSchema(v),
    ]),
  ) as Json;
  // A documented object has exactly its documented fields (free-form ones say additionalProperties).
  if (converted.properties && converted.additionalProperties === undefined) converted.additionalProperties = false;
  if (nullable !== true) return converted;
  if (typeof converted.type === 'string') {
    return {
      ...converted,
      type: [converted.type, 'null'],
      ...(Array.isArray(converted.enum) ? { enum: [...converted.enum, null] } : {}),
    };
  }
  return { anyOf: [converted, { type: 'null' }] };
}

describe('responses match their OpenAPI schemas', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  let doc: {
    paths: Record<
      string,
      Record<string, { responses: Record<string, { content?: Record<string, { schema: Json }> }> }>
    >;
    components: Json;
  };
  let ajv: Ajv;
  const compiled = new Map<string, ValidateFunction>();

  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    doc = (await http.get('/docs/openapi.json').expect(200)).body;
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'openapi', components: jsonSchema(doc.components) });
  });

  /** The response conforms to the schema documented for this operation and status. */
  function conforms(path: string, method: string, status: number, body: unknown): void {
    const key = `${method} ${path} ${status}`;
    let validate = compiled.get(key);
    if (!validate) {
      const schema = doc.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`no schema documented for ${key}`);
      validate = ajv.compile(jsonSchema(schema) as Json);
      compiled.set(key, validate);
    }
    const valid = validate(body);
    expect({ key, errors: valid ? [] : validate.errors }).toEqual({ key, errors: [] });
  }

  it('registration, the case, its timeline, an action and the actions open to the caller', async () => {
    const registered = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', randomUUID())
      .send({
        category: 'appeal',
        channel: 'phone',
        receivedAt: new Date().toISOString(),
        petitionerName: '冯某',
        petitionerContact: '13600002222',
        summary: '楼道照明损坏',
        urgent: true,
      })
      .expect(201);
    conforms('/petitions', 'post', 201, registered.body);
    const id = registered.body.petitionId;
    const routed = await http
      .post(`/petitions/${id}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send({ requestId: randomUUID(), args: { unitId: 'x-zjj' } })
      .expect(200);
    conforms('/petitions/{id}/actions/route', 'post', 200, routed.body);
    const accepted = await http
      .post(`/petitions/${id}/actions/accept`)
      .set('Authorization', staffBearer('x-handler'))
      .send({ requestId: randomUUID(), args: {} })
      .expect(200);
    conforms('/petitions/{id}/actions/accept', 'post', 200, accepted.body);
    const shown = await http.get(`/petitions/${id}`).set('Authorization', staffBearer('x-handler')).expect(200);
    conforms('/petitions/{id}', 'get', 200, shown.body);
    expect(shown.body.live.clocks.length).toBeGreaterThan(0);
    conforms(
      '/petitions/{id}/timeline',
      'get',
      200,
      (await http.get(`/petitions/${id}/timeline`).set('Authorization', staffBearer('x-handler')).expect(200)).body,
    );
    const open = await http.get(`/petitions/${id}/actions`).set('Authorization', staffBearer('x-head')).expect(200);
    conforms('/petitions/{id}/actions', 'get', 200, open.body);
    expect(open.body.actions.length).toBeGreaterThan(0);
  });

  it('the search, the queue and the repeat candidates', async () => {
    conforms(
      '/petitions',
      'get',
      200,
      (await http.get('/petitions?limit=5&sort=due').set('Authorization', staffBearer('x-registrar')).expect(200)).body,
    );
    conforms(
      '/me/queue',
      'get',
      200,
      (await http.get('/me/queue').set('Authorization', staffBearer('x-handler')).expect(200)).body,
    );
    conforms(
      '/me/queue',
      'get',
      200,
      (await http.get('/me/queue').set('Authorization', staffBearer('x-supervisor')).expect(200)).body,
    );
    const offered = await http
      .post('/petitions/repeat-candidates')
      .set('Authorization', staffBearer('x-registrar'))
      .send({ petitionerName: '冯某', petitionerContact: '136 0000 2222', summary: '楼道照明坏了' })
      .expect(200);
    conforms('/petitions/repeat-candidates', 'post', 200, offered.body);
    expect(offered.body.candidates.length).toBeGreaterThan(0);
  });

  it('who is signed in, and the unit directory the console picks units from', async () => {
    const me = (await http.get('/auth/me').set('Authorization', staffBearer('x-handler')).expect(200)).body;
    conforms('/auth/me', 'get', 200, me);
    expect(me.unit).toEqual({ id: 'x-zjj', name: expect.any(String), kind: 'functionalDepartment', level: 'county' });
    const county = (await http.get('/units').set('Authorization', staffBearer('x-registrar')).expect(200)).body;
    conforms('/units', 'get', 200, county);
    // 属地管理: a county registrar names the units of the county, none of the city above or a county beside.
    const ids = county.units.map((u: { id: string }) => u.id);
    expect(ids).toEqual(expect.arrayContaining(['x-xfj', 'x-zjj', 'x-jw']));
    expect(ids.filter((id: string) => !id.startsWith('x-'))).toEqual([]);
    const city = (await http.get('/units').set('Authorization', staffBearer('c-supervisor')).expect(200)).body;
    expect(city.units[0].level).toBe('city');
    expect(city.units.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining(['c-xfj', 'x-zjj', 'y-zjj']));
  });

  it('the administration listings: units, users, changes and versions', async () => {
    const admin = staffBearer('admin');
    // A change first, so the change log has at least one line of each side (before and after).
    const region = `t${randomUUID().slice(0, 6)}`;
    const unit = `${region}-zjj`;
    const created = await http
      .post('/admin/units')
      .set('Authorization', admin)
      .send({ id: unit, name: '类型测试局', kind: 'functionalDepartment', level: 'county', parentId: 'c-xfj', region })
      .expect(201);
    conforms('/admin/units', 'post', 201, created.body);
    conforms(
      '/admin/units/{id}',
      'patch',
      200,
      (
        await http
          .patch(`/admin/units/${unit}`)
          .set('Authorization', admin)
          .send({ name: '类型测试局（改）' })
          .expect(200)
      ).body,
    );
    const units = (await http.get('/admin/units').set('Authorization', admin).expect(200)).body;
    conforms('/admin/units', 'get', 200, units);
    expect(units.map((u: { id: string }) => u.id)).toContain(unit);
    conforms('/admin/users', 'get', 200, (await http.get('/admin/users').set('Authorization', admin).expect(200)).body);
    const changes = (await http.get('/admin/changes?limit=20').set('Authorization', admin).expect(200)).body;
    conforms('/admin/changes', 'get', 200, changes);
    expect(
      changes.find((c: { targetId: string; action: string }) => c.targetId === unit && c.action === 'unitRenamed'),
    ).toMatchObject({ before: { name: '类型测试局' } });
    conforms(
      '/admin/versions',
      'get',
      200,
      (await http.get('/admin/versions').set('Authorization', admin).expect(200)).body,
    );
  });

  it("an auditor's history timeline, read-model verification, a replay, the trail's verification and a case's trail", async () => {
    const auditor = staffBearer('p-auditor');
    const registered = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', randomUUID())
      .send({
        category: 'suggestion',
        channel: 'online',
        receivedAt: new Date().toISOString(),
        petitionerName: '卫某',
        summary: '小区路灯不亮',
      })
      .expect(201);
    const id = registered.body.petitionId;
    await http
      .post(`/petitions/${id}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send({ requestId: randomUUID(), args: { unitId: 'x-zjj' } })
      .expect(200);
    await http
      .post(`/petitions/${id}/actions/accept`)
      .set('Authorization', staffBearer('x-handler'))
      .send({ requestId: randomUUID(), args: {} })
      .expect(200);
    // A refused action too: the timeline lists it among the staff requests, the trail records it.
    await http
      .post(`/petitions/${id}/actions/accept`)
      .set('Authorization', staffBearer('x-handler'))
      .send({ requestId: randomUUID(), args: {} })
      .expect((r) => expect(r.status).toBeGreaterThanOrEqual(400));

    const timeline = (
      await http.get(`/audit/petitions/${id}/history-timeline`).set('Authorization', auditor).expect(200)
    ).body;
    conforms('/audit/petitions/{id}/history-timeline', 'get', 200, timeline);
    expect(timeline.entries.length).toBeGreaterThan(1);
    conforms(
      '/audit/petitions/{id}/history',
      'get',
      200,
      (await http.get(`/audit/petitions/${id}/history`).set('Authorization', auditor).expect(200)).body,
    );
    conforms(
      '/audit/petitions/{id}/read-model-verification',
      'get',
      200,
      (await http.get(`/audit/petitions/${id}/read-model-verification`).set('Authorization', auditor).expect(200)).body,
    );
    const replay = await http
      .post('/audit/replays')
      .set('Authorization', auditor)
      .send({ petitionIds: [id] })
      .expect(200);
    conforms('/audit/replays', 'post', 200, replay.body);
    expect(replay.body.results).toEqual([expect.objectContaining({ petitionId: id, deterministic: true })]);
    conforms(
      '/audit/replays/{jobId}',
      'get',
      200,
      (await http.get(`/audit/replays/${replay.body.jobId}`).set('Authorization', auditor).expect(200)).body,
    );
    const verified = (await http.get('/audit/trail/verification').set('Authorization', auditor).expect(200)).body;
    conforms('/audit/trail/verification', 'get', 200, verified);
    expect(verified.ok).toBe(true);
    const trail = (await http.get(`/audit/petitions/${id}/trail`).set('Authorization', auditor).expect(200)).body;
    conforms('/audit/petitions/{id}/trail', 'get', 200, trail);
    expect(trail.length).toBeGreaterThan(2);
  });

  it('an error', async () => {
    const refused = await http
      .post(`/petitions/${randomUUID()}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send({ requestId: 'r', args: { unitId: 'x-zjj', extra: 1 } })
      .expect(400);
    conforms('/petitions/{id}/actions/route', 'post', 400, refused.body);
    const missing = await http
      .get(`/petitions/${randomUUID()}`)
      .set('Authorization', staffBearer('x-registrar'))
      .expect(404);
    conforms('/petitions/{id}', 'get', 404, missing.body);
  });
});
