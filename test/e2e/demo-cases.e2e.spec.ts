/**
 * npm start's demo cases, run twice against the real API (over HTTP, signing in with the demo
 * passwords as the launcher does): the first run leaves each case at its step — just registered,
 * near due at 县住建局 with a 督办, routing overdue with the 督办 its breach opened, replied and
 * rated — and the second run finds them and adds nothing.
 */
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { consoleBannerLines, startDemoCases, type DemoCase } from '../../apps/launcher/demo-cases';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

interface Clock {
  id: string;
  status: string;
  lengthDays: number;
  remainingDays: number;
  rolledForward: boolean;
  overdue: boolean;
}
interface Task {
  kind: string;
  source: string;
  status: string;
  supervisedUnitId: string;
}
interface Live {
  step: string;
  handlingUnitId: string | null;
  clocks: Clock[];
  supervisionTasks: Task[];
}

describe('demo cases for a first npm start', () => {
  const service = useRunningService();
  let apiUrl: string;
  beforeAll(async () => {
    const server = await service.app.listen(0, '127.0.0.1');
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  const live = async (id: string, user: string): Promise<Live> =>
    (
      await request(service.app.getHttpServer())
        .get(`/petitions/${id}`)
        .set('Authorization', staffBearer(user))
        .expect(200)
    ).body.live;
  const byKey = (cases: DemoCase[]) => Object.fromEntries(cases.map((c) => [c.key, c]));
  /** What the demo cases have written: their events, intakes, 督办 tasks, ledger records and documents. */
  async function footprint(ids: string[]): Promise<Record<string, number>> {
    const count = (table: string) =>
      `(SELECT count(*)::int FROM ${table} WHERE petition_id = ANY($1::uuid[])) AS ${table}`;
    const [row] = await service.dataSource.query(
      `SELECT ${['petition_events', 'supervision_tasks', 'accountability_records', 'documents'].map(count).join(', ')},
              (SELECT count(*)::int FROM petition_intakes WHERE summary LIKE '【演示】%') AS intakes`,
      [ids],
    );
    return row;
  }

  it('starts each case at its step, and a second run finds them and adds nothing', async () => {
    const logged: string[] = [];
    const first = byKey(await startDemoCases(apiUrl, { log: (m) => logged.push(m) }));
    expect(Object.keys(first).sort()).toEqual(['near-due', 'overdue', 'rated', 'registered']);
    for (const c of Object.values(first))
      expect(c).toMatchObject({
        created: true,
        queryCode: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/),
        caseNumber: expect.stringMatching(/^示县信〔\d{4}〕第\d{5}号$/),
      });
    expect(logged).toHaveLength(4);
    // The banner and the log name each case by its number (a person types it on the petitioner's
    // page, with the 查询码), never by its internal id.
    const banner = consoleBannerLines(apiUrl, Object.values(first)).join('\n');
    for (const c of Object.values(first)) {
      expect(banner).toContain(`${c.caseNumber}  ${c.queryCode}`);
      expect(banner).not.toContain(c.petitionId);
      expect(logged.join('\n')).not.toContain(c.petitionId);
    }
    expect(banner).toContain(`/console/petitioner?id=${encodeURIComponent(first.rated.caseNumber)}`);

    // awaiting routing at the petition office, received 12 days ago: its 15 days to route nearly spent
    expect(first.registered.step).toBe('routing');
    const routing = (await live(first.registered.petitionId, 'x-registrar')).clocks.find((c) => c.id === 'routing')!;
    expect(routing).toMatchObject({ status: 'running', overdue: false });
    expect(routing.remainingDays).toBeGreaterThanOrEqual(2);
    expect(routing.remainingDays).toBeLessThanOrEqual(routing.rolledForward ? 10 : 3);

    // near due: handling at 县住建局, its 交办 report-back in its last days, a 督办 issued by the county office
    const nearDue = await live(first['near-due'].petitionId, 'x-handler');
    expect(nearDue).toMatchObject({ step: 'handling', handlingUnitId: 'x-zjj' });
    const report = nearDue.clocks.find((c) => c.id === 'assignedReport' && c.status === 'running')!;
    // one day to report back; a last day on a rest day rolls forward (to Monday: 3 days; past a holiday week: more)
    expect(report).toMatchObject({ lengthDays: 1 });
    expect(report.remainingDays).toBeGreaterThanOrEqual(0);
    expect(report.remainingDays).toBeLessThanOrEqual(report.rolledForward ? 10 : 1);
    expect(nearDue.supervisionTasks).toEqual([
      expect.objectContaining({ kind: 'supervision', source: 'manual', status: 'open', supervisedUnitId: 'x-zjj' }),
    ]);

    // overdue: routing past its 15 days, its breach opened 督办 on its own (in the read model too); the
    // county office's own lapse is supervised by the city office above it
    const overdue = await live(first.overdue.petitionId, 'x-supervisor');
    expect(overdue.step).toBe('routing');
    expect(overdue.clocks.find((c) => c.id === 'routing')).toMatchObject({ status: 'running', overdue: true });
    expect(overdue.supervisionTasks).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'supervision', source: 'automatic', status: 'open' })]),
    );
    let tasks: Task[] = [];
    for (let i = 0; i < 100 && tasks.length === 0; i++) {
      tasks = (
        await request(service.app.getHttpServer())
          .get(`/supervision/tasks?petitionId=${first.overdue.petitionId}&status=open`)
          .set('Authorization', staffBearer('c-supervisor'))
          .expect(200)
      ).body;
      if (tasks.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(tasks).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'supervision', source: 'automatic' })]),
    );

    // rated: replied, delivered and rated 满意 by the petitioner with the 查询码, in its review window
    const rated = await request(service.app.getHttpServer())
      .get(`/public/petitions/${first.rated.petitionId}`)
      .set('X-Query-Code', first.rated.queryCode)
      .expect(200);
    expect(rated.body).toMatchObject({ step: 'reviewWindow', canRate: false, canRequestReview: true });
    expect(rated.body.milestones.map((m: { type: string }) => m.type)).toEqual([
      'registered',
      'transferred',
      'accepted',
      'replied',
      'replyDelivered',
      'rated',
    ]);

    const ids = Object.values(first).map((c) => c.petitionId);
    const before = await footprint(ids);
    const second = byKey(await startDemoCases(apiUrl));
    for (const key of Object.keys(first)) {
      expect(second[key]).toEqual({ ...first[key], step: first[key].step, created: false });
    }
    expect(await footprint(ids)).toEqual(before);
    expect((await live(first['near-due'].petitionId, 'x-handler')).supervisionTasks).toHaveLength(1);
  });
});
