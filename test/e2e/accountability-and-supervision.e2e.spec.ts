/**
 * The supervisor's and auditor's reads (DOMAIN §5, §6, §8) end to end: real cases driven over HTTP
 * through the production API and worker on the dev server, the ledger, escalations, 督办 tasks and
 * clocks they project into PostgreSQL, read back through /accountability and /supervision.
 *
 * Everything here happens without waiting for time: a petition received long before it is
 * registered is late (lateRegistration) and already past its routing clock, so its rungs, 督办 and
 * 挂牌 fire at registration; refused attempts (second extension, routing or reading an accusation
 * as the accused) are recorded at once.
 *
 * The cases (each test builds on the ones before):
 *   A  county appeal received 5 days ago, routed to x-zjj, extended once, then a second extension tried
 *   B  county accusation against x-zjj: routing it there is refused; x-zjj tries to read it
 *   C  county appeal received 40 days ago and left at the petition office (routing overdue by 25+ days)
 *   D  county urgent appeal: its urgentReport clock is due within two days
 *   E  city urgent appeal received 40 days ago, routed to c-zjj, a second extension tried there
 *   G  city accusation against x-xfj, routed to x-zjj, a second extension tried there
 */
import { staffBearer } from '../support/auth';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { useRunningService } from '../support/harness';
import { SHANGHAI_INSTANT, WIRE_DATE, calendarDaysBetween, shanghaiDateOfWire } from '../support/wire';

const DAY = 86_400_000;
const bearer = staffBearer;
const X_REGISTRAR = bearer('x-registrar');
const X_SUPERVISOR = bearer('x-supervisor');
const X_HANDLER = bearer('x-handler');
const X_HEAD = bearer('x-head');
const X_LEADER = bearer('x-leader');
const X_JW_HANDLER = bearer('x-jw-handler');
const C_REGISTRAR = bearer('c-registrar');
const C_SUPERVISOR = bearer('c-supervisor');
const C_HANDLER = bearer('c-handler');
const C_HEAD = bearer('c-head');
const P_AUDITOR = bearer('p-auditor');
const ADMIN = bearer('admin');

interface Disposition {
  id: string;
  disposesRecordId: string;
  disposition: string;
  note: string;
  recordedBy: string;
  recordedByName: string | null;
  recordedAt: string;
}
interface LedgerRecord {
  id: string;
  petitionId: string;
  rule: string;
  unitId: string;
  responsibleUserId: string | null;
  responsibleName: string | null;
  severity: string;
  suggestedAction: string;
  basis: string;
  evidence: { petitionId: string; workflowId: string; eventSeqs: number[]; historyLength: number | null };
  detail: Record<string, unknown>;
  occurredAt: string;
  recordedAt: string;
  dispositions: Disposition[];
}
interface Escalation {
  escalationKey: string;
  petitionId: string;
  clockKey: string;
  clockId: string;
  rung: string;
  unitId: string;
  recipients: { kind: string; userId?: string; unitId?: string }[];
  firedAt: string;
  dueAt: string;
}
interface Task {
  taskKey: string;
  petitionId: string;
  kind: string;
  source: string;
  supervisingUnitId: string;
  supervisedUnitId: string;
  clockKey: string | null;
  feedbackClockKey: string | null;
  status: string;
  openedAt: string;
  closedAt: string | null;
}
interface OverdueClock {
  petitionId: string;
  clockKey: string;
  clockId: string;
  unitId: string;
  startedAt: string;
  dueAt: string;
  lastDay: string;
  remainingDays: number;
  overdue: boolean;
}

describe('accountability ledger and supervision lists over real cases', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });

  const cases = { A: '', B: '', C: '', D: '', E: '', G: '' };
  const ours = () => new Set(Object.values(cases).filter(Boolean));

  /** Fails with the response body, so a refusal says why. */
  function expectStatus(response: request.Response, status: number): request.Response {
    if (response.status !== status)
      throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  }

  async function register(token: string, body: Record<string, unknown>): Promise<string> {
    const response = await http
      .post('/petitions')
      .set('Authorization', token)
      .set('Idempotency-Key', `acc-e2e-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'letter',
        petitionerName: '王某',
        summary: '小区加装电梯补贴未兑现',
        ...body,
      });
    return expectStatus(response, 201).body.petitionId;
  }

  async function act(
    token: string,
    petitionId: string,
    action: string,
    args: Record<string, unknown>,
    status = 200,
  ): Promise<request.Response> {
    const response = await http
      .post(`/petitions/${petitionId}/actions/${action}`)
      .set('Authorization', token)
      .send({ requestId: randomUUID(), args });
    return expectStatus(response, status);
  }

  async function get(token: string, path: string, status = 200): Promise<request.Response> {
    return expectStatus(await http.get(path).set('Authorization', token), status);
  }

  const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

  /** Polls PostgreSQL until the workflow's projection has caught up (registration is asynchronous). */
  async function waitFor<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    let last: T | undefined;
    for (let i = 0; i < 150; i++) {
      last = await probe();
      if (done(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
  }

  async function rulesInDb(petitionId: string): Promise<string[]> {
    const rows: { rule: string }[] = await service.dataSource.query(
      `SELECT rule FROM accountability_records WHERE petition_id = $1 AND kind = 'trigger' ORDER BY rule`,
      [petitionId],
    );
    return rows.map((r) => r.rule);
  }

  async function ledger(
    token: string,
    query: Record<string, string | number>,
  ): Promise<{ records: LedgerRecord[]; nextBefore: string | null }> {
    const params = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    return (await get(token, `/accountability?${params}`)).body;
  }

  async function caseLedger(token: string, petitionId: string): Promise<LedgerRecord[]> {
    const body = (await get(token, `/petitions/${petitionId}/accountability`)).body;
    expect(body.petitionId).toBe(petitionId);
    return body.records;
  }

  const summary = (records: LedgerRecord[]) => records.map((r) => `${r.rule}@${r.unitId}`).sort();

  it('a late registration and a second extension attempt are recorded against the units responsible (A)', async () => {
    const receivedAt = daysAgo(5);
    cases.A = await register(X_REGISTRAR, { receivedAt });
    await act(X_REGISTRAR, cases.A, 'route', { unitId: 'x-zjj' });
    await act(X_HANDLER, cases.A, 'accept', {});
    const extended = await act(X_HEAD, cases.A, 'extendHandling', { days: 20, reason: '需现场勘验' });
    expect(extended.body.extensionsUsed).toBe(1);
    const second = await act(X_HEAD, cases.A, 'extendHandling', { days: 10, reason: '再次延期' }, 400);
    expect(second.body.detail).toContain('already extended once');

    const records = await caseLedger(X_SUPERVISOR, cases.A);
    expect(records.map((r) => r.rule)).toEqual(['secondExtensionAttempt', 'lateRegistration']); // newest first
    const [secondExtension, late] = records;
    expect(late).toMatchObject({
      petitionId: cases.A,
      unitId: 'x-xfj',
      responsibleUserId: 'x-registrar',
      // People read the person's name; the id is for machines.
      responsibleName: '县信访局登记员',
      severity: 'low',
      suggestedAction: 'correction',
      basis: '《信访工作条例》第四十三条、第四十四条',
      evidence: { petitionId: cases.A, workflowId: `petition-${cases.A}` },
      dispositions: [],
    });
    expect(late.evidence.eventSeqs.length).toBeGreaterThan(0);
    // instants on the wire, in the record and in its detail, are ISO-8601 +08:00
    for (const instant of [late.occurredAt, late.recordedAt, late.detail.receivedAt, late.detail.registeredAt])
      expect(instant).toMatch(SHANGHAI_INSTANT);
    expect(Date.parse(late.detail.receivedAt as string)).toBe(Date.parse(receivedAt));
    expect(late.detail.allowedDays).toBe(3);
    expect(secondExtension).toMatchObject({
      unitId: 'x-zjj',
      responsibleUserId: 'x-head',
      responsibleName: '县住建局局长',
      severity: 'medium',
      suggestedAction: 'criticism',
      basis: '《信访工作条例》第二十八条、第四十五条',
    });
    expect(Number(secondExtension.id)).toBeGreaterThan(Number(late.id));
  });

  it('an accusation is never routed to the accused unit: the attempt is refused (403) and recorded (B)', async () => {
    cases.B = await register(X_REGISTRAR, {
      category: 'accusation',
      receivedAt: daysAgo(1),
      accusedUnitId: 'x-zjj',
      summary: '检举县住建局工作人员收受好处费',
    });
    const refused = await act(X_REGISTRAR, cases.B, 'route', { unitId: 'x-zjj' }, 403);
    expect(refused.body.detail).toContain('never routed to the accused unit');
    await act(X_REGISTRAR, cases.B, 'route', { unitId: 'x-jw' });
    // the case exists and is visible to the unit it went to
    expect((await get(X_JW_HANDLER, `/petitions/${cases.B}`)).body.readModel.view.handlingUnitId).toBe('x-jw');

    const records = await caseLedger(X_SUPERVISOR, cases.B);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      rule: 'accusedPartyAccess',
      unitId: 'x-xfj',
      responsibleUserId: 'x-registrar',
      severity: 'high',
      suggestedAction: 'accountability',
      basis: '《信访工作条例》第三十条、第四十六条第五项',
      detail: { action: 'route' },
    });
  });

  it('the accused unit gets exactly the 404 of a case that does not exist, and every attempt is recorded (B)', async () => {
    const missing = randomUUID();
    const accusedView = await get(X_HANDLER, `/petitions/${cases.B}`, 404);
    const nothing = await get(X_HANDLER, `/petitions/${missing}`, 404);
    expect(JSON.stringify(accusedView.body).replaceAll(cases.B, '<id>')).toBe(
      JSON.stringify(nothing.body).replaceAll(missing, '<id>'),
    );
    expect(accusedView.headers['content-type']).toBe(nothing.headers['content-type']);
    expect(accusedView.headers['content-length']).toBe(nothing.headers['content-length']);

    const accusedTimeline = await get(X_HANDLER, `/petitions/${cases.B}/timeline`, 404);
    const nothingTimeline = await get(X_HANDLER, `/petitions/${missing}/timeline`, 404);
    expect(JSON.stringify(accusedTimeline.body).replaceAll(cases.B, '<id>')).toBe(
      JSON.stringify(nothingTimeline.body).replaceAll(missing, '<id>'),
    );

    // Recorded once the 404 is on its way (the answer does the same work as for a missing case).
    const attempts: {
      record_key: string;
      unit_id: string;
      responsible_user_id: string;
      severity: string;
      suggested_action: string;
      basis: string;
      evidence: unknown;
      detail: unknown;
    }[] = await waitFor(
      'the two attempts on the ledger',
      () =>
        service.dataSource.query(
          `SELECT record_key, unit_id, responsible_user_id, severity, suggested_action, basis, evidence, detail
               FROM accountability_records WHERE petition_id = $1 AND rule = 'accusedPartyAccess' AND unit_id = 'x-zjj' ORDER BY id`,
          [cases.B],
        ),
      (rows: unknown[]) => rows.length >= 2,
    );
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) {
      expect(attempt.record_key).toMatch(new RegExp(`^${cases.B}:accusedPartyAccess:read:[0-9a-f-]{36}$`));
      expect(attempt).toMatchObject({
        unit_id: 'x-zjj',
        responsible_user_id: 'x-handler',
        severity: 'high',
        suggested_action: 'accountability',
        basis: '《信访工作条例》第三十条、第四十六条第五项',
        evidence: { petitionId: cases.B, workflowId: `petition-${cases.B}`, eventSeqs: [], historyLength: null },
        detail: { attempt: 'read', userId: 'x-handler' },
      });
    }
    expect(attempts[0].record_key).not.toBe(attempts[1].record_key);
    // a case that does not exist leaves nothing behind
    expect(await rulesInDb(missing)).toEqual([]);
  });

  it('cases overdue at registration escalate and open 督办 at once; so does a city case (C, D, E)', async () => {
    cases.C = await register(X_REGISTRAR, { receivedAt: daysAgo(40) });
    cases.D = await register(X_REGISTRAR, { receivedAt: daysAgo(0.05), urgent: true });
    cases.E = await register(C_REGISTRAR, { receivedAt: daysAgo(40), urgent: true });
    // routing was due 25+ days ago (even rolled over a holiday): breach and 挂牌 (+15 days) have fired, 提级 (+30) not yet
    const overdueAtRegistration = ['lateRegistration', 'listedForSupervision', 'routingOverdue'];
    expect(
      await waitFor(
        'C ledger',
        () => rulesInDb(cases.C),
        (r) => r.length >= 3,
      ),
    ).toEqual(overdueAtRegistration);
    expect(
      await waitFor(
        'E ledger',
        () => rulesInDb(cases.E),
        (r) => r.length >= 3,
      ),
    ).toEqual(overdueAtRegistration);
    await waitFor(
      'D projected',
      () => service.dataSource.query(`SELECT 1 FROM petitions WHERE id = $1`, [cases.D]) as Promise<unknown[]>,
      (rows) => rows.length === 1,
    );
    expect(await rulesInDb(cases.D)).toEqual([]);

    await act(C_REGISTRAR, cases.E, 'route', { unitId: 'c-zjj' });
    await act(C_HANDLER, cases.E, 'accept', {});
    await act(C_HEAD, cases.E, 'extendHandling', { days: 15, reason: '需要协调' });
    await act(C_HEAD, cases.E, 'extendHandling', { days: 15, reason: '再次延期' }, 400);
    expect(await rulesInDb(cases.E)).toEqual([...overdueAtRegistration, 'secondExtensionAttempt'].sort());
  });

  it('the ledger per unit and per case holds exactly the expected rules', async () => {
    const mine = (records: LedgerRecord[]) => records.filter((r) => ours().has(r.petitionId));

    const zjj = await ledger(X_SUPERVISOR, { unitId: 'x-zjj', limit: 200 });
    expect(zjj.records.every((r) => r.unitId === 'x-zjj')).toBe(true);
    expect(summary(mine(zjj.records))).toEqual([
      'accusedPartyAccess@x-zjj',
      'accusedPartyAccess@x-zjj',
      'secondExtensionAttempt@x-zjj',
    ]);

    const xfj = await ledger(X_SUPERVISOR, { unitId: 'x-xfj', limit: 200 });
    expect(xfj.records.every((r) => r.unitId === 'x-xfj')).toBe(true);
    expect(summary(mine(xfj.records))).toEqual([
      'accusedPartyAccess@x-xfj', // B, routing attempt
      'lateRegistration@x-xfj', // A
      'lateRegistration@x-xfj', // C
      'listedForSupervision@x-xfj', // C
      'routingOverdue@x-xfj', // C
    ]);

    expect(summary(await caseLedger(X_SUPERVISOR, cases.A))).toEqual([
      'lateRegistration@x-xfj',
      'secondExtensionAttempt@x-zjj',
    ]);
    expect(summary(await caseLedger(X_SUPERVISOR, cases.B))).toEqual([
      'accusedPartyAccess@x-xfj',
      'accusedPartyAccess@x-zjj',
      'accusedPartyAccess@x-zjj',
    ]);
    expect(summary(await caseLedger(X_SUPERVISOR, cases.C))).toEqual([
      'lateRegistration@x-xfj',
      'listedForSupervision@x-xfj',
      'routingOverdue@x-xfj',
    ]);
    expect(await caseLedger(X_SUPERVISOR, cases.D)).toEqual([]);

    // the filters combine, and the per-case list is the listing filtered by case
    const byCaseAndRule = await ledger(X_SUPERVISOR, { petitionId: cases.C, rule: 'routingOverdue' });
    expect(summary(byCaseAndRule.records)).toEqual(['routingOverdue@x-xfj']);
    expect(byCaseAndRule.records[0].detail).toMatchObject({ clockId: 'routing' });
    expect((await ledger(X_SUPERVISOR, { petitionId: cases.A })).records).toEqual(
      await caseLedger(X_SUPERVISOR, cases.A),
    );
    expect(
      (await ledger(X_SUPERVISOR, { petitionId: cases.A, unitId: 'x-zjj', rule: 'lateRegistration' })).records,
    ).toEqual([]);
  });

  it('region: a county supervisor sees nothing of the city; the city supervisor and the province auditor see the county', async () => {
    // there are city records to see ...
    const cityZjj = await ledger(P_AUDITOR, { unitId: 'c-zjj', petitionId: cases.E });
    expect(summary(cityZjj.records)).toEqual(['secondExtensionAttempt@c-zjj']);
    expect(summary((await ledger(C_SUPERVISOR, { petitionId: cases.E })).records)).toEqual([
      'lateRegistration@c-xfj',
      'listedForSupervision@c-xfj',
      'routingOverdue@c-xfj',
      'secondExtensionAttempt@c-zjj',
    ]);
    // ... but not from the county
    expect((await ledger(X_SUPERVISOR, { unitId: 'c-zjj' })).records).toEqual([]);
    expect((await ledger(X_SUPERVISOR, { unitId: 'c-xfj' })).records).toEqual([]);
    expect((await ledger(X_SUPERVISOR, { petitionId: cases.E })).records).toEqual([]);
    expect((await ledger(X_SUPERVISOR, { unitId: 'p-xfj' })).records).toEqual([]);
    await get(X_SUPERVISOR, `/petitions/${cases.E}/accountability`, 404);
    const county = await ledger(X_SUPERVISOR, { limit: 200 });
    expect(county.records.length).toBeGreaterThan(0);
    expect(county.records.every((r) => r.unitId.startsWith('x-'))).toBe(true);

    // above the county, everything of the county is visible, the same records
    for (const token of [C_SUPERVISOR, P_AUDITOR, ADMIN]) {
      for (const unitId of ['x-zjj', 'x-xfj']) {
        const above = await ledger(token, { unitId, limit: 200 });
        const below = await ledger(X_SUPERVISOR, { unitId, limit: 200 });
        const mineAbove = above.records.filter((r) => ours().has(r.petitionId) && r.petitionId !== cases.G);
        expect(mineAbove.map((r) => r.id)).toEqual(
          below.records.filter((r) => ours().has(r.petitionId)).map((r) => r.id),
        );
      }
    }
  });

  it('an accusation against a petition office is hidden from that office in every ledger read, and its read attempt is recorded (G)', async () => {
    cases.G = await register(C_REGISTRAR, {
      category: 'accusation',
      receivedAt: daysAgo(1),
      accusedUnitId: 'x-xfj',
      summary: '检举县信访局压案不报',
    });
    await act(C_REGISTRAR, cases.G, 'route', { unitId: 'x-zjj' });
    await act(X_HANDLER, cases.G, 'accept', {});
    await act(X_HEAD, cases.G, 'extendHandling', { days: 10, reason: '需调取档案' });
    await act(X_HEAD, cases.G, 'extendHandling', { days: 10, reason: '再次延期' }, 400);

    // the county supervisor oversees x-zjj, but is at the accused office: the record is not there for them
    expect(summary((await ledger(P_AUDITOR, { petitionId: cases.G })).records)).toEqual([
      'secondExtensionAttempt@x-zjj',
    ]);
    expect((await ledger(X_SUPERVISOR, { petitionId: cases.G })).records).toEqual([]);
    expect(
      (await ledger(X_SUPERVISOR, { unitId: 'x-zjj', limit: 200 })).records.some((r) => r.petitionId === cases.G),
    ).toBe(false);

    const missing = randomUUID();
    const hidden = await get(X_SUPERVISOR, `/petitions/${cases.G}/accountability`, 404);
    const nothing = await get(X_SUPERVISOR, `/petitions/${missing}/accountability`, 404);
    expect(JSON.stringify(hidden.body).replaceAll(cases.G, '<id>')).toBe(
      JSON.stringify(nothing.body).replaceAll(missing, '<id>'),
    );

    // The attempt is recorded once the 404 is on its way.
    const records = await waitFor(
      'the read attempt on the ledger',
      () => caseLedger(P_AUDITOR, cases.G),
      (r) => r.length >= 2,
    );
    expect(summary(records)).toEqual(['accusedPartyAccess@x-xfj', 'secondExtensionAttempt@x-zjj']);
    expect(records[0]).toMatchObject({
      rule: 'accusedPartyAccess',
      responsibleUserId: 'x-supervisor',
      detail: { attempt: 'read', userId: 'x-supervisor' },
    });
    expect(
      (await ledger(X_SUPERVISOR, { unitId: 'x-xfj', limit: 200 })).records.some((r) => r.petitionId === cases.G),
    ).toBe(false);
  });

  it('only supervisors, auditors and admins read the ledger; bad query values are 400 naming the field', async () => {
    for (const token of [X_HANDLER, X_HEAD, X_REGISTRAR, X_LEADER]) {
      const refused = await get(token, '/accountability', 403);
      expect(refused.body.detail).toContain('supervisor or auditor or admin');
      await get(token, `/petitions/${cases.A}/accountability`, 403);
    }
    await get(X_HANDLER, `/petitions/${cases.A}`, 200); // the handler does see the case itself
    expectStatus(await http.get('/accountability'), 401);

    const bad: [Record<string, string>, string][] = [
      [{ petitionId: 'not-a-uuid' }, 'petitionId'],
      [{ rule: 'bribery' }, 'rule'],
      [{ unitId: "x-zjj' OR 1=1" }, 'unitId'],
      [{ limit: '201' }, 'limit'],
      [{ limit: '0' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ before: 'abc' }, 'before'],
      [{ before: '-5' }, 'before'],
      [{ severity: 'high' }, 'severity'],
    ];
    for (const [query, field] of bad) {
      const response = await get(X_SUPERVISOR, `/accountability?${new URLSearchParams(query)}`, 400);
      expect(JSON.stringify(response.body.detail)).toContain(field);
    }
    const badCase = await get(X_SUPERVISOR, '/petitions/not-a-uuid/accountability', 400);
    expect(JSON.stringify(badCase.body.detail)).toContain('uuid');
  });

  it('pages run newest first, and the before cursor walks them without gaps or repeats', async () => {
    const all = await ledger(X_SUPERVISOR, { limit: 6 });
    expect(all.records).toHaveLength(6); // A, B and C alone left 8 county records
    expect(all.nextBefore).toBe(all.records[5].id);

    const walked: LedgerRecord[] = [];
    let before: string | null = null;
    for (let page = 0; page < 3; page++) {
      const next: { records: LedgerRecord[]; nextBefore: string | null } = await ledger(
        X_SUPERVISOR,
        before ? { limit: 2, before } : { limit: 2 },
      );
      expect(next.records).toHaveLength(2);
      walked.push(...next.records);
      before = next.nextBefore;
      expect(before).toBe(next.records[1].id);
    }
    expect(walked.map((r) => r.id)).toEqual(all.records.map((r) => r.id));
    const ids = walked.map((r) => BigInt(r.id));
    for (let i = 1; i < ids.length; i++) expect(ids[i] < ids[i - 1]).toBe(true);

    const last = await ledger(X_SUPERVISOR, { limit: 200, before: '1' });
    expect(last).toEqual({ records: [], nextBefore: null });
    const tail = await ledger(X_SUPERVISOR, { petitionId: cases.A, limit: 1 });
    expect(tail.records.map((r) => r.rule)).toEqual(['secondExtensionAttempt']);
    const end = await ledger(X_SUPERVISOR, { petitionId: cases.A, limit: 1, before: tail.nextBefore! });
    expect(end.records.map((r) => r.rule)).toEqual(['lateRegistration']);
    expect(end.nextBefore).toBeNull();
  });

  it('a disposition is appended under its record; a retry returns the same row; the record itself never changes', async () => {
    const [, late] = await caseLedger(X_SUPERVISOR, cases.A);
    expect(late.rule).toBe('lateRegistration');
    const before: unknown[] = await service.dataSource.query(`SELECT * FROM accountability_records WHERE id = $1`, [
      late.id,
    ]);
    const body = { requestId: 'disp-1', disposition: 'admonitoryTalkHeld', note: '约谈县信访局登记组负责人' };

    const first = expectStatus(
      await http.post(`/accountability/${late.id}/dispositions`).set('Authorization', X_SUPERVISOR).send(body),
      201,
    ).body as Disposition;
    expect(first).toMatchObject({
      disposesRecordId: late.id,
      petitionId: cases.A,
      rule: 'lateRegistration',
      unitId: 'x-xfj',
      ...{ disposition: body.disposition, note: body.note },
      recordedBy: 'x-supervisor',
    });
    const retried = expectStatus(
      await http.post(`/accountability/${late.id}/dispositions`).set('Authorization', X_SUPERVISOR).send(body),
      201,
    ).body as Disposition;
    expect(retried).toEqual(first);
    expect(first.recordedAt).toMatch(SHANGHAI_INSTANT);
    const reused = expectStatus(
      await http
        .post(`/accountability/${late.id}/dispositions`)
        .set('Authorization', X_SUPERVISOR)
        .send({ ...body, disposition: 'dismissed' }),
      409,
    );
    expect(reused.body.detail).toContain('disp-1');
    const second = expectStatus(
      await http
        .post(`/accountability/${late.id}/dispositions`)
        .set('Authorization', C_SUPERVISOR)
        .send({ requestId: 'disp-1', disposition: 'corrected', note: '已补正登记' }),
      201,
    ).body as Disposition;
    expect(second.id).not.toBe(first.id);
    expect(second.recordedBy).toBe('c-supervisor');

    const rows: { kind: string }[] = await service.dataSource.query(
      `SELECT kind FROM accountability_records WHERE disposes_record_id = $1`,
      [late.id],
    );
    expect(rows).toEqual([{ kind: 'disposition' }, { kind: 'disposition' }]);
    expect(await service.dataSource.query(`SELECT * FROM accountability_records WHERE id = $1`, [late.id])).toEqual(
      before,
    );

    const [, shown] = await caseLedger(X_SUPERVISOR, cases.A);
    const { dispositions, ...record } = shown;
    expect(record).toEqual((({ dispositions: _d, ...rest }) => rest)(late));
    expect(dispositions.map((d) => [d.id, d.disposition, d.note, d.recordedBy, d.recordedByName])).toEqual([
      [first.id, 'admonitoryTalkHeld', body.note, 'x-supervisor', '县信访局督办员'],
      [second.id, 'corrected', '已补正登记', 'c-supervisor', '市信访局督办员'],
    ]);
    // dispositions are not records of their own in the listing
    expect((await ledger(X_SUPERVISOR, { petitionId: cases.A })).records.map((r) => r.id)).toEqual(
      (await caseLedger(X_SUPERVISOR, cases.A)).map((r) => r.id),
    );
    expect((await ledger(X_SUPERVISOR, { petitionId: cases.A })).records).toHaveLength(2);
  });

  it('a disposition needs a trigger record the caller oversees, a known decision and a supervisor or admin (auditors only read)', async () => {
    const post = (token: string, id: string, body: Record<string, unknown>) =>
      http.post(`/accountability/${id}/dispositions`).set('Authorization', token).send(body);
    const body = { requestId: randomUUID(), disposition: 'confirmed', note: '属实' };
    const [cityRecord] = (await ledger(P_AUDITOR, { petitionId: cases.E, unitId: 'c-zjj' })).records;
    const [, late] = await caseLedger(X_SUPERVISOR, cases.A);
    const dispositionId = late.dispositions[0].id;
    const countBefore: { n: number }[] = await service.dataSource.query(
      `SELECT count(*)::int AS n FROM accountability_records`,
    );

    expect(expectStatus(await post(X_SUPERVISOR, '999999999999', body), 404).body.detail).toContain('999999999999');
    expect(expectStatus(await post(X_SUPERVISOR, cityRecord.id, body), 404).body.detail).toContain(cityRecord.id);
    expectStatus(await post(X_SUPERVISOR, dispositionId, body), 404);
    const hidden = (await ledger(P_AUDITOR, { petitionId: cases.G, rule: 'secondExtensionAttempt' })).records[0];
    expectStatus(await post(X_SUPERVISOR, hidden.id, body), 404);
    expectStatus(await post(X_HANDLER, late.id, body), 403);
    expectStatus(await post(X_HEAD, late.id, body), 403);
    expectStatus(await post(P_AUDITOR, late.id, body), 403);
    expect(
      JSON.stringify(
        expectStatus(await post(X_SUPERVISOR, late.id, { ...body, disposition: 'forgiven' }), 400).body.detail,
      ),
    ).toContain('disposition');
    expect(
      JSON.stringify(
        expectStatus(await post(X_SUPERVISOR, late.id, { disposition: 'confirmed', note: 'x' }), 400).body.detail,
      ),
    ).toContain('requestId');
    expect(
      JSON.stringify(expectStatus(await post(X_SUPERVISOR, late.id, { ...body, note: '' }), 400).body.detail),
    ).toContain('note');
    expect(JSON.stringify(expectStatus(await post(X_SUPERVISOR, 'abc', body), 400).body.detail)).toContain('record id');
    expect(await service.dataSource.query(`SELECT count(*)::int AS n FROM accountability_records`)).toEqual(
      countBefore,
    );

    // the city's own supervisor may decide on it
    expect(expectStatus(await post(C_SUPERVISOR, cityRecord.id, body), 201).body).toMatchObject({
      disposesRecordId: cityRecord.id,
      disposition: 'confirmed',
    });
  });

  it("a manual 督办 opens a task at the county office, feedback answers it, and tasks follow the supervising office's region", async () => {
    const tasks = async (token: string, query: Record<string, string>): Promise<Task[]> =>
      (await get(token, `/supervision/tasks?${new URLSearchParams(query)}`)).body;

    await act(X_SUPERVISOR, cases.A, 'issueSupervision', { instructions: '请于30日内书面反馈办理情况' });
    const open = await tasks(X_SUPERVISOR, { petitionId: cases.A, status: 'open', kind: 'supervision' });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      petitionId: cases.A,
      kind: 'supervision',
      source: 'manual',
      supervisingUnitId: 'x-xfj',
      supervisedUnitId: 'x-zjj',
      status: 'open',
      clockKey: null,
      feedbackClockKey: 'supervisionFeedback#1',
      closedAt: null,
    });
    expect(open[0].openedAt).toMatch(SHANGHAI_INSTANT);
    expect(Date.parse(open[0].openedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await tasks(X_SUPERVISOR, { petitionId: cases.A, status: 'answered' })).toEqual([]);

    await act(X_HANDLER, cases.A, 'recordSupervisionFeedback', { feedback: '已约谈当事人，正在现场勘验' });
    expect(await tasks(X_SUPERVISOR, { petitionId: cases.A, status: 'open' })).toEqual([]);
    expect((await tasks(X_SUPERVISOR, { petitionId: cases.A, status: 'answered' })).map((t) => t.taskKey)).toEqual([
      open[0].taskKey,
    ]);

    // C's breach is the county office's own lapse: its 督办 is the city office's, its 挂牌 the
    // province's, and the county office supervises none of it (DOMAIN §4)
    const kinds = (list: Task[]) => list.map((t) => `${t.kind}@${t.supervisingUnitId}`).sort();
    expect(kinds(await tasks(X_SUPERVISOR, { petitionId: cases.C }))).toEqual([]);
    expect(kinds(await tasks(C_SUPERVISOR, { petitionId: cases.C }))).toEqual(['supervision@c-xfj']);
    expect(kinds(await tasks(P_AUDITOR, { petitionId: cases.C }))).toEqual(['listed@p-xfj', 'supervision@c-xfj']);
    const automatic = (await tasks(C_SUPERVISOR, { petitionId: cases.C }))[0];
    expect(automatic).toMatchObject({
      source: 'automatic',
      clockKey: 'routing#1',
      supervisedUnitId: 'x-xfj',
      status: 'open',
    });

    // the city office's own lapse (E) is the province's to supervise, never the city's or the county's
    expect(await tasks(X_SUPERVISOR, { petitionId: cases.E })).toEqual([]);
    expect(kinds(await tasks(C_SUPERVISOR, { petitionId: cases.E }))).toEqual([]);
    expect(kinds(await tasks(P_AUDITOR, { petitionId: cases.E }))).toEqual(['listed@p-xfj', 'supervision@p-xfj']);
    const county = await tasks(X_SUPERVISOR, {});
    expect(county.length).toBeGreaterThan(0);
    expect(county.every((t) => t.supervisingUnitId.startsWith('x-'))).toBe(true);
    const newestFirst = county.map((t) => Date.parse(t.openedAt));
    expect([...newestFirst].sort((a, b) => b - a)).toEqual(newestFirst);

    await get(X_HANDLER, '/supervision/tasks', 403);
    await get(X_LEADER, '/supervision/tasks', 403);
    expect(JSON.stringify((await get(X_SUPERVISOR, '/supervision/tasks?status=pending', 400)).body.detail)).toContain(
      'status',
    );
    expect(JSON.stringify((await get(X_SUPERVISOR, '/supervision/tasks?kind=urgent', 400)).body.detail)).toContain(
      'kind',
    );
  });

  it('escalations of the overdue clocks are listed by case, rung and unit within the region', async () => {
    const escalations = async (token: string, query: Record<string, string>): Promise<Escalation[]> =>
      (await get(token, `/supervision/escalations?${new URLSearchParams(query)}`)).body;

    const c = await escalations(X_SUPERVISOR, { petitionId: cases.C });
    const onRouting = c.filter((e) => e.clockKey === 'routing#1');
    expect(onRouting.map((e) => e.rung).sort()).toEqual(['breach', 'listedSupervision', 'warning70', 'warning90']);
    for (const e of onRouting) {
      expect(e).toMatchObject({ petitionId: cases.C, clockId: 'routing', unitId: 'x-xfj' });
      expect(e.firedAt).toMatch(SHANGHAI_INSTANT);
      // a period ends at 24:00 of its last day: midnight, Shanghai time
      expect(e.dueAt).toMatch(/T00:00:00\+08:00$/);
      expect(Date.parse(e.dueAt)).toBeLessThan(Date.now());
      expect(Date.parse(e.firedAt)).toBeLessThan(Date.now());
    }
    // The 督办 opened at the breach started its 30-day feedback clock back then, so that clock's own
    // warnings may already have come due, depending on the calendar; nothing else escalated.
    expect(
      c
        .filter((e) => e.clockKey !== 'routing#1')
        .every((e) => e.clockKey === 'supervisionFeedback#1' && e.rung.startsWith('warning')),
    ).toBe(true);
    // the county office's own lapse goes to the office one level up, its 挂牌 one level above that
    expect(onRouting.find((e) => e.rung === 'breach')!.recipients).toEqual([
      { kind: 'supervisingOffice', unitId: 'c-xfj', name: expect.stringMatching(/信访局$/) },
    ]);
    expect(onRouting.find((e) => e.rung === 'listedSupervision')!.recipients).toEqual([
      { kind: 'levelAbove', unitId: 'p-xfj', name: expect.stringMatching(/信访局$/) },
    ]);
    expect(onRouting.find((e) => e.rung === 'warning70')!.recipients).toEqual([
      { kind: 'handlingUnit', unitId: 'x-xfj', name: expect.stringMatching(/信访局$/) },
    ]);

    expect((await escalations(X_SUPERVISOR, { petitionId: cases.C, rung: 'breach' })).map((e) => e.rung)).toEqual([
      'breach',
    ]);
    expect(await escalations(X_SUPERVISOR, { petitionId: cases.C, rung: 'takeoverAvailable' })).toEqual([]);
    expect(await escalations(X_SUPERVISOR, { petitionId: cases.C, unitId: 'x-zjj' })).toEqual([]);
    expect(await escalations(X_SUPERVISOR, { petitionId: cases.A })).toEqual([]); // A is within its clocks

    // the city case's escalations: the city and the province see them, the county does not
    expect(await escalations(X_SUPERVISOR, { petitionId: cases.E })).toEqual([]);
    expect(await escalations(X_SUPERVISOR, { unitId: 'c-xfj' })).toEqual([]);
    const city = await escalations(C_SUPERVISOR, { petitionId: cases.E });
    expect(city.length).toBeGreaterThanOrEqual(4);
    expect(
      city
        .filter((e) => e.clockKey === 'routing#1')
        .map((e) => `${e.rung}@${e.unitId}`)
        .sort(),
    ).toEqual(['breach@c-xfj', 'listedSupervision@c-xfj', 'warning70@c-xfj', 'warning90@c-xfj']);
    expect((await escalations(P_AUDITOR, { petitionId: cases.E })).map((e) => e.escalationKey).sort()).toEqual(
      city.map((e) => e.escalationKey).sort(),
    );
    expect((await escalations(C_SUPERVISOR, { petitionId: cases.C })).map((e) => e.escalationKey).sort()).toEqual(
      c.map((e) => e.escalationKey).sort(),
    );

    const county = await escalations(X_SUPERVISOR, { limit: '200' });
    expect(county.every((e) => e.unitId.startsWith('x-'))).toBe(true);
    const newestFirst = county.map((e) => Date.parse(e.firedAt));
    expect([...newestFirst].sort((a, b) => b - a)).toEqual(newestFirst);

    await get(X_HANDLER, '/supervision/escalations', 403);
    await get(X_REGISTRAR, '/supervision/escalations', 403);
    expect(JSON.stringify((await get(X_SUPERVISOR, '/supervision/escalations?rung=late', 400)).body.detail)).toContain(
      'rung',
    );
    expect(
      JSON.stringify((await get(X_SUPERVISOR, '/supervision/escalations?petitionId=1', 400)).body.detail),
    ).toContain('petitionId');
    expect(JSON.stringify((await get(X_SUPERVISOR, '/supervision/escalations?limit=1000', 400)).body.detail)).toContain(
      'limit',
    );
  });

  it('a case leader sees only the escalations addressed to them by name', async () => {
    // A rung reaches a case leader only when it fires after the 包案, which takes days of real
    // time; the workflow tests prove the recipients (test/workflows/escalation-and-follow-up.spec.ts).
    // Here two projected rows, as the projection writes them, pin the API's filter.
    const fixture = (leader: string) => ({
      key: `${cases.D}:fixture-${leader}:${randomUUID()}`,
      recipients: [
        { kind: 'caseLeader', userId: leader },
        { kind: 'handlingUnit', unitId: 'x-xfj' },
      ],
    });
    const forLeader = fixture('x-leader');
    const forSomeoneElse = fixture('x-other-leader');
    for (const f of [forLeader, forSomeoneElse]) {
      await service.dataSource.query(
        `INSERT INTO escalations (escalation_key, petition_id, clock_key, clock_id, rung, unit_id, recipients, fired_at, due_at)
         VALUES ($1, $2, 'urgentReport#1', 'urgentReport', 'warning70', 'x-xfj', $3, now(), now() + interval '1 day')`,
        [f.key, cases.D, JSON.stringify(f.recipients)],
      );
    }

    const seen: Escalation[] = (await get(X_LEADER, '/supervision/escalations?limit=200')).body;
    expect(seen.map((e) => e.escalationKey)).toContain(forLeader.key);
    expect(seen.map((e) => e.escalationKey)).not.toContain(forSomeoneElse.key);
    expect(seen.some((e) => e.petitionId === cases.C)).toBe(false);
    // (a campaign's escalation to its case leader also names the leader's level)
    for (const e of seen)
      expect(e.recipients).toContainEqual(expect.objectContaining({ kind: 'caseLeader', userId: 'x-leader' }));
    // a supervisor sees both, and C's
    const supervisor: Escalation[] = (await get(X_SUPERVISOR, `/supervision/escalations?petitionId=${cases.D}`)).body;
    expect(supervisor.map((e) => e.escalationKey).sort()).toEqual([forLeader.key, forSomeoneElse.key].sort());
    // filters still apply to the case leader
    expect((await get(X_LEADER, `/supervision/escalations?petitionId=${cases.D}&rung=breach`)).body).toEqual([]);
  });

  it('the overdue list shows running obligations past due or due within 3 days, soonest first, within the region', async () => {
    const overdue = async (
      token: string,
      query: Record<string, string> = {},
    ): Promise<{ asOf: string; clocks: OverdueClock[] }> =>
      (await get(token, `/supervision/overdue?${new URLSearchParams(query)}`)).body;

    const county = await overdue(X_SUPERVISOR, { limit: '200' });
    expect(county.asOf).toMatch(SHANGHAI_INSTANT);
    const asOf = Date.parse(county.asOf);
    expect(Math.abs(asOf - Date.now())).toBeLessThan(60_000);
    const of = (petitionId: string) => county.clocks.filter((c) => c.petitionId === petitionId);

    expect(of(cases.C)).toEqual([
      expect.objectContaining({ clockKey: 'routing#1', clockId: 'routing', unitId: 'x-xfj', overdue: true }),
    ]);
    expect(of(cases.D)).toEqual([
      expect.objectContaining({ clockKey: 'urgentReport#1', clockId: 'urgentReport', unitId: 'x-xfj', overdue: false }),
    ]);
    const d = of(cases.D)[0];
    expect(Date.parse(d.dueAt)).toBeGreaterThan(asOf);
    expect(Date.parse(d.dueAt)).toBeLessThan(asOf + 3 * DAY);
    // A's handling (60 + 20 days) and 督办 feedback clocks are far off; E and G are not the county's
    expect(of(cases.A)).toEqual([]);
    expect(of(cases.E)).toEqual([]);
    expect(of(cases.G)).toEqual([]);

    expect(of(cases.C)[0].remainingDays).toBeLessThanOrEqual(-15); // 挂牌 (due + 15 days) has fired
    expect(d.remainingDays).toBeGreaterThanOrEqual(0);
    expect(d.remainingDays).toBeLessThanOrEqual(3);
    for (const clock of county.clocks) {
      expect(clock.unitId.startsWith('x-')).toBe(true);
      expect(clock.startedAt).toMatch(SHANGHAI_INSTANT);
      expect(clock.lastDay).toMatch(WIRE_DATE);
      // due at 24:00 of the last day, i.e. 00:00 of the next; remaining days counted from asOf's date
      expect(calendarDaysBetween(clock.lastDay, shanghaiDateOfWire(clock.dueAt))).toBe(1);
      expect(clock.dueAt).toMatch(/T00:00:00\+08:00$/);
      expect(clock.remainingDays).toBe(calendarDaysBetween(shanghaiDateOfWire(county.asOf), clock.lastDay));
      expect(clock.overdue).toBe(Date.parse(clock.dueAt) < asOf);
      expect(Date.parse(clock.dueAt)).toBeLessThan(asOf + 3 * DAY);
      expect(['misrouteObjection', 'reviewRequestWindow', 'reReviewRequestWindow']).not.toContain(clock.clockId);
    }
    const due = county.clocks.map((c) => Date.parse(c.dueAt));
    expect([...due].sort((a, b) => a - b)).toEqual(due);
    expect(county.clocks.findIndex((c) => c.petitionId === cases.C)).toBeLessThan(
      county.clocks.findIndex((c) => c.petitionId === cases.D),
    );

    // the city's urgent clock is the city's, and the county's clocks are in the city's region (each
    // read through its unit: other suites leave hundreds of overdue cases in the city's counties)
    const city = await overdue(C_SUPERVISOR, { unitId: 'c-xfj', limit: '200' });
    expect(city.clocks.filter((c) => c.petitionId === cases.E)).toEqual([
      expect.objectContaining({ clockKey: 'urgentReport#1', unitId: 'c-xfj', overdue: false }),
    ]);
    const countyUnitOfC = of(cases.C)[0].unitId;
    expect(
      (await overdue(C_SUPERVISOR, { unitId: countyUnitOfC, limit: '200' })).clocks.some(
        (c) => c.petitionId === cases.C,
      ),
    ).toBe(true);
    expect((await overdue(X_SUPERVISOR, { unitId: 'c-xfj' })).clocks).toEqual([]);
    expect((await overdue(X_SUPERVISOR, { unitId: 'x-zjj' })).clocks.every((c) => c.unitId === 'x-zjj')).toBe(true);

    await get(X_HANDLER, '/supervision/overdue', 403);
    await get(X_LEADER, '/supervision/overdue', 403);
    expect(JSON.stringify((await get(X_SUPERVISOR, '/supervision/overdue?unitId=%20', 400)).body.detail)).toContain(
      'unitId',
    );
  });

  it('the OpenAPI document describes the new endpoints and their parameters', async () => {
    const doc = (await http.get('/docs/openapi.json').expect(200)).body;
    const params = (path: string, method = 'get') =>
      (doc.paths[path]?.[method]?.parameters ?? []).map((p: { name: string }) => p.name).sort();
    expect(params('/accountability')).toEqual(['before', 'campaignId', 'limit', 'petitionId', 'rule', 'unitId']);
    expect(params('/petitions/{id}/accountability')).toEqual(['id']);
    expect(doc.paths['/accountability/{id}/dispositions'].post.requestBody).toBeDefined();
    expect(params('/supervision/escalations')).toEqual(['limit', 'petitionId', 'rung', 'unitId']);
    expect(params('/supervision/tasks')).toEqual(['kind', 'limit', 'petitionId', 'status']);
    expect(params('/supervision/overdue')).toEqual(['limit', 'unitId']);
    expect(doc.paths['/accountability'].get.tags).toEqual(['accountability']);
    expect(doc.paths['/supervision/overdue'].get.tags).toEqual(['supervision']);
  });
});
