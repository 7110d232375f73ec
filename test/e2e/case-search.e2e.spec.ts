/**
 * The case search (GET /petitions) over HTTP with the real worker: each filter picks exactly the
 * expected cases of a seeded set, pages follow an opaque cursor, the summary and its text search
 * stay with the staff handling the case, and an accusation never shows to its accused unit.
 *
 *   S1  appeal received 40 days ago, left at the county office: routing overdue
 *   S2  urgent appeal received yesterday: its urgent report is due by the end of tomorrow
 *   S3  collective suggestion received 5 days ago, routed to the county 住建局
 *   S4  repeat of S3, routed and accepted, with case leader x-leader
 *   S5  accusation against the county 纪委监委, received 3 days ago, at the office
 *   S6  a city appeal (the county never sees it)
 *   S7  accusation against the county office, registered by the city, routed to the county 住建局
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

const DAY = 86_400_000;
const shanghaiDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

interface Item {
  petitionId: string;
  summary: string | null;
  nextDue: { dueAt: string; remainingDays: number | null; overdue: boolean } | null;
}

describe('searching cases (GET /petitions)', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  const marker = `标记${randomUUID().slice(0, 8)}`;
  const cases: Record<'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7', string> = {
    S1: '',
    S2: '',
    S3: '',
    S4: '',
    S5: '',
    S6: '',
    S7: '',
  };
  const name = (id: string) => Object.entries(cases).find(([, v]) => v === id)?.[0];

  function expectStatus(response: request.Response, status: number): request.Response {
    if (response.status !== status)
      throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  }
  async function register(user: string, body: Record<string, unknown>): Promise<string> {
    const response = await http
      .post('/petitions')
      .set('Authorization', staffBearer(user))
      .set('Idempotency-Key', randomUUID())
      .send({
        category: 'appeal',
        channel: 'online',
        petitionerName: '周某',
        summary: `小区电梯停运 ${marker}`,
        ...body,
      });
    return expectStatus(response, 201).body.petitionId;
  }
  async function act(user: string, id: string, action: string, args: Record<string, unknown>): Promise<void> {
    expectStatus(
      await http
        .post(`/petitions/${id}/actions/${action}`)
        .set('Authorization', staffBearer(user))
        .send({ requestId: randomUUID(), args }),
      200,
    );
  }
  const receivedDaysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

  /** Every page of a search, as our cases' names in the order returned. */
  async function search(
    user: string,
    query: Record<string, string | number> = {},
    limit = 100,
  ): Promise<{ names: string[]; items: Item[] }> {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({
        ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
        limit: String(limit),
        ...(cursor ? { cursor } : {}),
      });
      const response = expectStatus(
        await http.get(`/petitions?${params}`).set('Authorization', staffBearer(user)),
        200,
      );
      items.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor);
    const ours = items.filter((i) => name(i.petitionId));
    return { names: ours.map((i) => name(i.petitionId)!), items: ours };
  }
  const sorted = (names: string[]) => [...names].sort();

  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    cases.S1 = await register('x-registrar', { receivedAt: receivedDaysAgo(40) });
    cases.S2 = await register('x-registrar', { receivedAt: receivedDaysAgo(1), urgent: true });
    cases.S3 = await register('x-registrar', {
      receivedAt: receivedDaysAgo(5),
      category: 'suggestion',
      collective: true,
    });
    cases.S4 = await register('x-registrar', { receivedAt: receivedDaysAgo(2), repeatOf: [cases.S3] });
    cases.S5 = await register('x-registrar', {
      receivedAt: receivedDaysAgo(3),
      category: 'accusation',
      accusedUnitId: 'x-jw',
    });
    cases.S6 = await register('c-registrar', { receivedAt: receivedDaysAgo(1) });
    cases.S7 = await register('c-registrar', {
      receivedAt: receivedDaysAgo(1),
      category: 'accusation',
      accusedUnitId: 'x-xfj',
    });
    await act('x-registrar', cases.S3, 'route', { unitId: 'x-zjj' });
    await act('x-registrar', cases.S4, 'route', { unitId: 'x-zjj' });
    await act('x-handler', cases.S4, 'accept', {});
    await act('x-head', cases.S4, 'assignCaseLeader', { leaderUserId: 'x-leader', resolutionDays: 90 });
    await act('c-registrar', cases.S7, 'route', { unitId: 'x-zjj' });
    // The read model is what is searched: wait until it holds every case's latest state.
    for (const id of Object.values(cases)) {
      for (let i = 0; ; i++) {
        const [row] = await service.dataSource.query(
          `SELECT revision, (view->>'revision')::int AS v FROM petitions WHERE id = $1`,
          [id],
        );
        const live = (await http.get(`/petitions/${id}`).set('Authorization', staffBearer('p-auditor'))).body.live
          ?.revision;
        if (row && row.revision >= live) break;
        if (i > 200) throw new Error(`read model of ${name(id)} did not catch up`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });

  it('the county office sees its own cases, newest first, with their summaries; the city case is not among them', async () => {
    const { names, items } = await search('x-registrar');
    expect(names).toEqual(['S5', 'S4', 'S3', 'S2', 'S1']);
    expect(items.every((i) => i.summary?.endsWith(marker))).toBe(true);
  });

  it('each filter picks exactly its cases', async () => {
    const today = Date.now();
    const expectations: [Record<string, string | number>, string[]][] = [
      [{ step: 'routing' }, ['S1', 'S2', 'S5']],
      [{ step: 'routing,acceptance' }, ['S1', 'S2', 'S3', 'S5']],
      [{ category: 'accusation' }, ['S5']],
      [{ category: 'suggestion' }, ['S3']],
      [{ urgent: 'true' }, ['S2']],
      [{ urgent: 'false', step: 'handling' }, ['S4']],
      [{ collective: 'true' }, ['S3']],
      [{ repeat: 'true' }, ['S4']],
      [{ repeat: 'false' }, ['S1', 'S2', 'S3', 'S5']],
      [{ repeatOf: cases.S3 }, ['S4']],
      [{ caseLeaderId: 'x-leader' }, ['S4']],
      [{ unitId: 'x-zjj' }, ['S3', 'S4']],
      [{ overdue: 'true' }, ['S1']],
      [{ dueWithinDays: 0 }, ['S1']],
      [{ dueWithinDays: 1 }, ['S1', 'S2']],
      [{ receivedTo: shanghaiDate(today - 30 * DAY) }, ['S1']],
      [{ receivedFrom: shanghaiDate(today - 3 * DAY) }, ['S2', 'S4', 'S5']],
      [{ registeredFrom: shanghaiDate(today) }, ['S1', 'S2', 'S3', 'S4', 'S5']],
      [{ registeredTo: shanghaiDate(today - DAY) }, []],
      [{ q: marker }, ['S1', 'S2', 'S3', 'S4', 'S5']],
      [{ q: '没有这样的摘要' }, []],
    ];
    for (const [query, expected] of expectations) {
      expect({ query, found: sorted((await search('x-registrar', query)).names) }).toEqual({ query, found: expected });
    }
  });

  it('sort=due lists the cases with a running obligation, soonest first', async () => {
    const { names, items } = await search('x-registrar', { sort: 'due' });
    expect(sorted(names)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    const dues = items.map((i) => new Date(i.nextDue!.dueAt).getTime());
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(names.slice(0, 2)).toEqual(['S1', 'S2']);
    expect(items[0].nextDue).toMatchObject({ overdue: true });
  });

  it('pages of two walk the whole list once, in order', async () => {
    const whole = await search('x-registrar', { q: marker }, 100);
    const paged = await search('x-registrar', { q: marker }, 2);
    expect(paged.names).toEqual(whole.names);
    expect(new Set(paged.names).size).toBe(5);
  });

  it("the summary and its search belong to the staff of the case's units: the city supervisor lists the county cases without them", async () => {
    const { names, items } = await search('c-supervisor');
    expect(sorted(names)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7']);
    expect(
      items
        .filter((i) => i.summary !== null)
        .map((i) => name(i.petitionId))
        .sort(),
    ).toEqual(['S6', 'S7']);
    expect(sorted((await search('c-supervisor', { q: marker })).names)).toEqual(['S6', 'S7']);
  });

  it('an accusation never shows to its accused unit: the county office and its supervisor do not find S7; the unit handling it does', async () => {
    expect((await search('x-supervisor')).names).not.toContain('S7');
    expect((await search('x-registrar', { category: 'accusation' })).names).toEqual(['S5']);
    expect(sorted((await search('x-handler')).names)).toEqual(['S3', 'S4', 'S7']);
    expect((await search('x-jw-handler')).names).toEqual([]);
  });

  it('bad filters are a 400 naming the field', async () => {
    const bad = async (query: string, field: string) => {
      const response = await http.get(`/petitions?${query}`).set('Authorization', staffBearer('x-registrar'));
      expect({ query, status: response.status, code: response.body.code, field: response.body.field }).toEqual({
        query,
        status: 400,
        code: 'validation',
        field,
      });
    };
    await bad('step=nowhere', 'step');
    await bad('registeredFrom=2026-02-30', 'registeredFrom');
    await bad('receivedTo=yesterday', 'receivedTo');
    await bad('limit=1000', 'limit');
    await bad('urgent=maybe', 'urgent');
    await bad('cursor=not-a-cursor', 'cursor');
    await bad('q=x', 'q');
    await bad('foo=1', 'foo');
    const first = expectStatus(
      await http
        .get(`/petitions?limit=1&q=${encodeURIComponent(marker)}`)
        .set('Authorization', staffBearer('x-registrar')),
      200,
    );
    await bad(`sort=due&cursor=${first.body.nextCursor}`, 'cursor');
  });
});
