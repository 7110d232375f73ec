/**
 * Work queues (GET /me/queue) over a seeded county (丁县, `w-*`), driven over HTTP through the
 * production API and worker while the time-skipping server lets 56 days pass:
 *
 *   R1, R2, R3  registered at 丁县信访局 10, 2 and 13 days after receipt… left unrouted
 *   H1          routed to 丁县住建局, never accepted (its acceptance notice goes overdue); case leader w-leader
 *   H2          accepted on day 0; extended on day 56 by the unit head
 *   H3          collective; accepted on day 50 (its acceptance notice overdue); case leader w-leader
 *   H4          accepted on day 10
 *   B           an accusation against 丁县住建局, routed to 丁县纪委监委 and left there
 *   G           an accusation against 丁县信访局, registered by the city and routed to 丁县住建局
 *   H5          handed down (交办) on day 0 to 丁县住建局 to report back within 58 days; accepted on day
 *               10: on day 56 its report-back clock, not its handling period, is what the unit owes first
 *
 * Each role sees exactly its cases, soonest first (judged against the workflow's own clocks), and
 * the accused office never sees G: not in its queue, its count, or its search.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useApiOnTimeSkippingServer } from '../support/api-on-time-skipping';

const DAY = 86_400_000;

interface QueueItem {
  petitionId: string;
  step: string;
  clock: { clockKey: string; clockId: string; dueAt: string; overdue: boolean } | null;
  task: { taskKey: string; openedAt: string } | null;
  extensionAvailable: boolean | null;
  summary: string | null;
}
interface Queue {
  queue: string;
  total: number;
  items: QueueItem[];
  nextCursor: string | null;
}

describe('work queues per role, over 56 days of a seeded county', () => {
  const service = useApiOnTimeSkippingServer();
  let http: ReturnType<typeof request>;
  const cases = { R1: '', R2: '', R3: '', H1: '', H2: '', H3: '', H4: '', H5: '', B: '', G: '' };
  const name = (id: string) => Object.entries(cases).find(([, v]) => v === id)?.[0] ?? `other:${id}`;

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
      .send({ category: 'appeal', channel: 'visit', petitionerName: '孙某', summary: '丁县安置房漏水', ...body });
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
  const received = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();

  /** The read model has caught up with every case's workflow (the queues read the read model). */
  async function projected(): Promise<void> {
    for (const id of Object.values(cases)) {
      const live = expectStatus(await http.get(`/petitions/${id}`).set('Authorization', staffBearer('p-auditor')), 200)
        .body.live.revision;
      for (let i = 0; ; i++) {
        const [row] = await service.dataSource.query(`SELECT revision FROM petitions WHERE id = $1`, [id]);
        if (row?.revision >= live) break;
        if (i > 200) throw new Error(`read model of ${name(id)} stuck before revision ${live}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  async function queue(user: string, limit = 100): Promise<Queue> {
    return expectStatus(await http.get(`/me/queue?limit=${limit}`).set('Authorization', staffBearer(user)), 200).body;
  }

  /** When the workflow says each clock is due: the order a queue must follow. */
  async function dueOf(id: string, clockKey: string): Promise<number> {
    const view = expectStatus(await http.get(`/petitions/${id}`).set('Authorization', staffBearer('p-auditor')), 200)
      .body.live;
    const clock = view.clocks.find((c: { key: string }) => c.key === clockKey);
    return new Date(clock.dueAt).getTime();
  }
  async function soonestFirst(items: { id: string; clockKey: string }[]): Promise<string[]> {
    const withDue = await Promise.all(items.map(async (i) => ({ ...i, due: await dueOf(i.id, i.clockKey) })));
    withDue.sort((a, b) => a.due - b.due || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return withDue.map((i) => name(i.id));
  }

  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    // Day 0.
    cases.R1 = await register('w-registrar', { receivedAt: received(10) });
    cases.R2 = await register('w-registrar', { receivedAt: received(2) });
    cases.R3 = await register('w-registrar', { receivedAt: received(13) });
    cases.H1 = await register('w-registrar', { receivedAt: received(12) });
    cases.H2 = await register('w-registrar', { receivedAt: received(1) });
    cases.H3 = await register('w-registrar', { receivedAt: received(1), collective: true });
    cases.H4 = await register('w-registrar', { receivedAt: received(1) });
    cases.B = await register('w-registrar', {
      receivedAt: received(1),
      category: 'accusation',
      accusedUnitId: 'w-zjj',
      summary: '检举丁县住建局违规发包',
    });
    cases.G = await register('c-registrar', {
      receivedAt: received(1),
      category: 'accusation',
      accusedUnitId: 'w-xfj',
      summary: '检举丁县信访局压件不办',
    });
    for (const id of [cases.H1, cases.H2, cases.H3, cases.H4])
      await act('w-registrar', id, 'route', { unitId: 'w-zjj' });
    await act('w-registrar', cases.B, 'route', { unitId: 'w-jw' });
    await act('c-registrar', cases.G, 'route', { unitId: 'w-zjj' });
    cases.H5 = await register('w-registrar', { receivedAt: received(1) });
    await act('w-registrar', cases.H5, 'assign', { unitId: 'w-zjj', reportBackDays: 58 });
    await act('w-handler', cases.H2, 'accept', {});
    await act('w-head', cases.H1, 'assignCaseLeader', { leaderUserId: 'w-leader', resolutionDays: 365 });
    await act('w-head', cases.H3, 'assignCaseLeader', { leaderUserId: 'w-leader', resolutionDays: 365 });
    await service.advance(10);
    await act('w-handler', cases.H4, 'accept', {});
    await act('w-handler', cases.H5, 'accept', {});
    await service.advance(40);
    await act('w-handler', cases.H3, 'accept', {});
    await service.advance(6);
    await act('w-head', cases.H2, 'extendHandling', { days: 5, reason: '需补充鉴定' });
    await projected();
  }, 600_000);

  it('the registrar: routing decisions due at the office, soonest first', async () => {
    const q = await queue('w-registrar');
    expect(q.queue).toBe('routingDue');
    expect(q.items.map((i) => name(i.petitionId))).toEqual(
      await soonestFirst(['R1', 'R2', 'R3'].map((c) => ({ id: cases[c as 'R1'], clockKey: 'routing#1' }))),
    );
    expect(q.items.map((i) => i.clock?.clockId)).toEqual(['routing', 'routing', 'routing']);
    expect(q.total).toBe(3);
    expect(q.items[0].summary).toBe('丁县安置房漏水');
  });

  /**
   * The unit's cases, each by the soonest clock it owes on it. H1 and H3 also run a 365-day 包案
   * clock, later; H1 and G a 督办 feedback clock from their overdue acceptance notice, later than it.
   * H3's notice went overdue too (it was accepted on day 50): the 督办 feedback it has owed since
   * then (due about day 45) is sooner than its handling period (day 110).
   */
  const OWED = [
    { case: 'H1', clockKey: 'acceptanceNotice#1', clockId: 'acceptanceNotice' },
    { case: 'G', clockKey: 'acceptanceNotice#1', clockId: 'acceptanceNotice' },
    { case: 'H2', clockKey: 'handling#1', clockId: 'handling' },
    { case: 'H3', clockKey: 'supervisionFeedback#1', clockId: 'supervisionFeedback' },
    { case: 'H4', clockKey: 'handling#1', clockId: 'handling' },
    { case: 'H5', clockKey: 'assignedReport#1', clockId: 'assignedReport' },
  ];

  it('the handler: each case of the unit once, by its soonest running clock, the accusation against another unit included', async () => {
    const q = await queue('w-handler');
    expect(q.queue).toBe('repliesDue');
    const expected = await soonestFirst(OWED.map((o) => ({ id: cases[o.case as 'H1'], clockKey: o.clockKey })));
    expect(q.items.map((i) => name(i.petitionId))).toEqual(expected);
    expect(q.items.map((i) => [name(i.petitionId), i.clock?.clockId])).toEqual(
      expected.map((c) => [c, OWED.find((o) => o.case === c)!.clockId]),
    );
    // H5's 交办 report-back (day 58) comes before H2's extended handling period (day 65); by its
    // statutory handling period (day 70) it would come after H2. H3's 督办 feedback (about day 45) puts
    // it third, where its handling period (day 110) would put it last.
    expect(expected.slice(2)).toEqual(['H3', 'H5', 'H2', 'H4']);
    expect(await dueOf(cases.H5, 'handling#1')).toBeGreaterThan(await dueOf(cases.H2, 'handling#1'));
    expect(await dueOf(cases.H3, 'handling#1')).toBeGreaterThan(await dueOf(cases.H4, 'handling#1'));
    expect(q.total).toBe(6);
  });

  it('the unit head: every case of the unit with a running clock, as the handler, saying whether the one extension is left', async () => {
    const q = await queue('w-head');
    expect(q.queue).toBe('awaitingHead');
    const handler = (await queue('w-handler')).items.map((i) => [i.petitionId, i.clock?.clockKey]);
    expect(q.items.map((i) => [i.petitionId, i.clock?.clockKey])).toEqual(handler);
    const extension = Object.fromEntries(q.items.map((i) => [name(i.petitionId), i.extensionAvailable]));
    // Every case in handling says whether its one extension is left, whichever clock it is listed by.
    expect(extension).toEqual({ H1: null, G: null, H5: true, H2: false, H4: true, H3: true });
    expect(q.total).toBe(6);
  });

  it('the supervisor: the open 督办 tasks of the office, oldest first; never the accusation against the office itself', async () => {
    const q = await queue('w-supervisor');
    expect(q.queue).toBe('supervision');
    const names = q.items.map((i) => name(i.petitionId));
    // H1, H3 and B waited past their 15-day acceptance notice (H3 was accepted on day 50), G too.
    // R1–R3 are the office's own routing lapses: the city office supervises those, never the office itself.
    expect([...names].sort()).toEqual(['B', 'H1', 'H3']);
    const opened = q.items.map((i) => new Date(i.task!.openedAt).getTime());
    expect(opened).toEqual([...opened].sort((a, b) => a - b));
    expect(q.total).toBe(3);
    // Every page of the city's queue: other suites leave hundreds of older 督办 tasks at the city office.
    const cityItems: Queue['items'] = [];
    for (let cursor: string | null = ''; cursor !== null;) {
      const page: Queue = expectStatus(
        await http
          .get(`/me/queue?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
          .set('Authorization', staffBearer('c-supervisor')),
        200,
      ).body;
      cityItems.push(...page.items);
      cursor = page.nextCursor;
    }
    const city = cityItems.map((i) => name(i.petitionId)).filter((n) => n.startsWith('R'));
    expect([...city].sort()).toEqual(['R1', 'R2', 'R3']);
    // The task for G exists, at this very office: the queue leaves it out, as it leaves out the case.
    const [{ n }] = await service.dataSource.query(
      `SELECT count(*)::int AS n FROM supervision_tasks WHERE petition_id = $1 AND supervising_unit_id = 'w-xfj' AND status = 'open'`,
      [cases.G],
    );
    expect(n).toBe(1);
  });

  it('the case leader: the cases they lead, soonest obligation first', async () => {
    const q = await queue('w-leader');
    expect(q.queue).toBe('caseLeader');
    expect(q.items.map((i) => name(i.petitionId))).toEqual(['H1', 'H3']);
    expect(q.items[0].clock).toMatchObject({ clockId: 'acceptanceNotice' });
  });

  it('pages follow the cursor without gaps or repeats', async () => {
    const whole = (await queue('w-handler')).items.map((i) => i.petitionId);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = expectStatus(
        await http
          .get(`/me/queue?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set('Authorization', staffBearer('w-handler')),
        200,
      );
      seen.push(...response.body.items.map((i: QueueItem) => i.petitionId));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole);
    await http.get('/me/queue?cursor=bm9wZQ').set('Authorization', staffBearer('w-handler')).expect(400);
  });

  it('the accused office does not find the accusation in the case search either; the office that may, does', async () => {
    const search = async (user: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const response = expectStatus(
          await http
            .get(`/petitions?limit=100${cursor ? `&cursor=${cursor}` : ''}`)
            .set('Authorization', staffBearer(user)),
          200,
        );
        ids.push(...response.body.items.map((i: { petitionId: string }) => i.petitionId));
        cursor = response.body.nextCursor;
      } while (cursor);
      return ids
        .map(name)
        .filter((n) => !n.startsWith('other:'))
        .sort();
    };
    expect(await search('w-supervisor')).toEqual(['B', 'H1', 'H2', 'H3', 'H4', 'H5', 'R1', 'R2', 'R3']);
    expect(await search('w-handler')).toEqual(['G', 'H1', 'H2', 'H3', 'H4', 'H5']);
    expect(await search('c-supervisor')).toEqual(['B', 'G', 'H1', 'H2', 'H3', 'H4', 'H5', 'R1', 'R2', 'R3']);
  });

  it('auditors have no queue', async () => {
    expect(await queue('p-auditor')).toMatchObject({ queue: 'none', total: 0, items: [] });
  });
});
