/**
 * Accountability that names the right unit and person (DOMAIN §4, §5), through the real worker on
 * the time-skipping server with real PostgreSQL: a backdated receipt at the county petition office,
 * whose own routing lapse is supervised by the city office (never by itself), whose 督办 feedback is
 * owed by the county office and decided by the city office; 分办 at the handling unit, with a
 * reason for each reassignment; each ledger row's unit, person and rule; no timeline entry dated
 * before the case existed. Cases are set in 2030 (weekends-only calendar).
 */
import { ACTORS, CaseDriver, at, endOf } from '../support/case-driver';
import { useTimeSkippingWorker } from '../support/harness';
import type { Actor } from '../../libs/process';
import { recordHistory } from '../support/history-recorder';

const DAY = 86_400_000;
const COUNTY_OFFICE_HEAD: Actor = { userId: 'x-xfj-head', role: 'unitHead', unitId: 'x-xfj' };
const COUNTY_SUPERVISOR: Actor = { userId: 'x-supervisor', role: 'supervisor', unitId: 'x-xfj' };
const CITY_SUPERVISOR: Actor = { userId: 'c-supervisor', role: 'supervisor', unitId: 'c-xfj' };
const CASE_LEADER_OF_ZJJ: Actor = { userId: 'x-leader', role: 'caseLeader', unitId: 'x-zjj' };

/** An instant from `from` (inclusive) to `to` (exclusive), as an asymmetric matcher inside toEqual. */
function between(from: number, to: number) {
  return {
    asymmetricMatch: (value: unknown) => typeof value === 'number' && value >= from && value < to,
    toAsymmetricMatcher: () => `an instant in [${from}, ${to})`,
  };
}

describe('accountable units: the responsible person, supervision from above, truthful time', () => {
  const ctx = useTimeSkippingWorker('accountable');

  async function ledger(c: CaseDriver) {
    await c.projected(ctx.dataSource);
    const rows: {
      rule: string;
      unit_id: string;
      responsible_user_id: string | null;
      responsible_by: string | null;
      occurred_at: Date;
      detail: Record<string, unknown>;
    }[] = await ctx.dataSource.query(
      `SELECT rule, unit_id, responsible_user_id, responsible_by, occurred_at, detail FROM accountability_records
        WHERE petition_id = $1 AND kind = 'trigger' ORDER BY id`,
      [c.petitionId],
    );
    return rows;
  }

  async function timeline(c: CaseDriver) {
    await c.projected(ctx.dataSource);
    const rows: { seq: number; type: string; at: Date; refers_to: Date | null; data: Record<string, unknown> }[] =
      await ctx.dataSource.query(
        `SELECT seq, type, at, refers_to, data FROM petition_events WHERE petition_id = $1 ORDER BY seq`,
        [c.petitionId],
      );
    return rows;
  }

  it('a backdated receipt at the county office: every rung already due is recorded at registration, naming the office, its person in charge and the rule; the city office supervises it', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    // Received Wednesday 01-02: routing was due at the end of Thursday 01-17, 46 days before registration.
    const view = await c.register({ receivedAt: at('2030-01-02 09:00') });
    const registeredAt = view.registeredAt;
    /** Recorded at registration: the caught-up rungs follow the registration within its first moments (a unit lookup). */
    const atRegistration = between(registeredAt, registeredAt + 60_000);
    const routingDue = endOf('2030-01-17');
    expect(c.clock(view, 'routing#1')).toMatchObject({
      dueAt: routingDue,
      firedRungs: ['warning70', 'warning90', 'breach', 'listedSupervision', 'takeoverAvailable'],
    });
    expect(view.accountableUnits).toBe(true);
    // 督办 from the city office, 挂牌 and 提级 from the province: never the county office over its own lapse.
    expect(view.supervisionTasks.map((t) => [t.kind, t.supervisingUnitId, t.supervisedUnitId, t.openedAt])).toEqual([
      ['supervision', 'c-xfj', 'x-xfj', atRegistration],
      ['listed', 'p-xfj', 'x-xfj', atRegistration],
      ['takeoverAvailable', 'p-xfj', 'x-xfj', atRegistration],
    ]);
    expect(view.listedForSupervision).toMatchObject({ byUnitId: 'p-xfj', at: atRegistration });

    const records = await ledger(c);
    expect(
      records.map((r) => [
        r.rule,
        r.unit_id,
        r.responsible_user_id,
        r.responsible_by,
        new Date(r.occurred_at).getTime(),
      ]),
    ).toEqual([
      ['lateRegistration', 'x-xfj', 'x-registrar', 'actor', registeredAt],
      ['routingOverdue', 'x-xfj', 'x-xfj-head', 'personInCharge', atRegistration],
      ['listedForSupervision', 'x-xfj', 'x-xfj-head', 'personInCharge', atRegistration],
      ['takeoverAvailable', 'x-xfj', 'x-xfj-head', 'personInCharge', atRegistration],
    ]);
    // What each lapse refers to is its own field: the rung's due instant, before the case existed.
    expect(records.slice(1).map((r) => r.detail.refersTo)).toEqual([
      routingDue,
      routingDue + 15 * DAY,
      routingDue + 30 * DAY,
    ]);

    const events = await timeline(c);
    // Nothing is dated before the case existed.
    expect(Math.min(...events.map((e) => new Date(e.at).getTime()))).toBe(registeredAt);
    const rungs = events.filter((e) => e.type === 'escalationRungFired');
    expect(
      rungs.map((e) => [e.data.rung, new Date(e.at).getTime(), e.refers_to && new Date(e.refers_to).getTime()]),
    ).toEqual([
      ['warning70', atRegistration, expect.any(Number)],
      ['warning90', atRegistration, expect.any(Number)],
      ['breach', atRegistration, routingDue],
      ['listedSupervision', atRegistration, routingDue + 15 * DAY],
      ['takeoverAvailable', atRegistration, routingDue + 30 * DAY],
    ]);
    for (const r of rungs) expect(new Date(r.refers_to!).getTime()).toBeLessThan(registeredAt);
    const escalations = await ctx.dataSource.query(
      `SELECT rung, recipients FROM escalations WHERE petition_id = $1 AND clock_key = 'routing#1' AND rung = 'breach'`,
      [c.petitionId],
    );
    expect(escalations[0].recipients).toEqual([{ kind: 'supervisingOffice', unitId: 'c-xfj' }]);
  });

  it("the county office's own 督办 feedback is owed by the county office (not a case leader of another unit), and the city office returns or accepts it", async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({ receivedAt: at('2030-01-02 09:00') });
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    // Even once the case is at 县住建局, the routing lapse was the county office's: its feedback is theirs.
    await c.expectRejected(
      'recordSupervisionFeedback',
      CASE_LEADER_OF_ZJJ,
      { feedback: '已转送住建局' },
      'wrongUnit',
      /x-xfj/,
    );
    await c.expectRejected('recordSupervisionFeedback', ACTORS.unitHead, { feedback: '已办理' }, 'wrongUnit', /x-xfj/);
    let view = await c.act('recordSupervisionFeedback', COUNTY_OFFICE_HEAD, { feedback: '已于3月4日转送县住建局' });
    expect(view.supervisionTasks[0]).toMatchObject({ kind: 'supervision', status: 'answered' });
    // The county office cannot judge its own feedback: the city office that asked decides.
    await c.expectRejected(
      'decideSupervisionFeedback',
      COUNTY_SUPERVISOR,
      { decision: 'accepted' },
      'wrongUnit',
      /c-xfj/,
    );
    await c.expectRejected(
      'decideSupervisionFeedback',
      CITY_SUPERVISOR,
      { decision: 'returned' },
      'badArgument',
      /comments is required/,
    );
    view = await c.act('decideSupervisionFeedback', CITY_SUPERVISOR, {
      decision: 'returned',
      comments: '未说明逾期原因及整改措施',
    });
    // Returned: a new written feedback is owed by the county office, on a fresh clock.
    expect(view.supervisionTasks[0]).toMatchObject({ status: 'open', feedbackClockKey: 'supervisionFeedback#2' });
    expect(c.clock(view, 'supervisionFeedback#2')).toMatchObject({ status: 'running', unitId: 'x-xfj' });
    await c.act('recordSupervisionFeedback', COUNTY_OFFICE_HEAD, { feedback: '逾期系登记积压，已建立每日转送制度' });
    view = await c.act('decideSupervisionFeedback', CITY_SUPERVISOR, { decision: 'accepted' });
    expect(view.supervisionTasks[0]).toMatchObject({ status: 'closed' });
    const decided = (await timeline(c)).filter((e) => e.type === 'supervisionFeedbackDecided').map((e) => e.data);
    expect(decided).toEqual([
      expect.objectContaining({ decision: 'returned', byUnitId: 'c-xfj', supervisedUnitId: 'x-xfj' }),
      expect.objectContaining({ decision: 'accepted', byUnitId: 'c-xfj', supervisedUnitId: 'x-xfj' }),
    ]);
    await recordHistory('accountable-units-office-lapse-feedback', c.handle);
  });

  it('分办: the handling unit names its 承办人, a reassignment needs a reason, and a lapse names the 承办人 who owed the act', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({ receivedAt: at('2030-03-04 09:00') });
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    // The routing office no longer holds the case: it cannot assign within 县住建局.
    await c.expectRejected('assignHandler', ACTORS.registrar, { handlerUserId: 'x-handler' }, 'wrongUnit', /x-zjj/);
    await c.act('assignHandler', ACTORS.unitHead, { handlerUserId: 'x-leader' });
    await c.expectRejected(
      'assignHandler',
      ACTORS.unitHead,
      { handlerUserId: 'x-handler' },
      'badArgument',
      /reason is required/,
    );
    const view = await c.act('assignHandler', ACTORS.unitHead, { handlerUserId: 'x-handler', reason: '原承办人调岗' });
    expect(view.handlers).toEqual([
      expect.objectContaining({ unitId: 'x-zjj', userId: 'x-handler', assignedBy: 'x-head', reason: '原承办人调岗' }),
    ]);
    const assigned = (await timeline(c)).filter((e) => e.type === 'handlerAssigned').map((e) => e.data);
    expect(assigned).toEqual([
      { unitId: 'x-zjj', handlerUserId: 'x-leader', previousHandlerUserId: null, reason: null },
      { unitId: 'x-zjj', handlerUserId: 'x-handler', previousHandlerUserId: 'x-leader', reason: '原承办人调岗' },
    ]);

    // Routed Monday 03-04: the acceptance notice is due at the end of Tuesday 03-19.
    const acceptanceDue = endOf('2030-03-19');
    await c.advanceTo(acceptanceDue + 1000);
    const records = await ledger(c);
    expect(records.map((r) => [r.rule, r.unit_id, r.responsible_user_id, r.responsible_by])).toEqual([
      ['acceptanceNoticeOverdue', 'x-zjj', 'x-handler', 'assignedHandler'],
    ]);
    // 县住建局's lapse is supervised by the county office over it, and its feedback is 县住建局's.
    const later = await c.view();
    expect(later.supervisionTasks.map((t) => [t.kind, t.supervisingUnitId, t.supervisedUnitId])).toEqual([
      ['supervision', 'x-xfj', 'x-zjj'],
    ]);
    await c.expectRejected('recordSupervisionFeedback', COUNTY_OFFICE_HEAD, { feedback: '—' }, 'wrongUnit', /x-zjj/);
    await c.act('recordSupervisionFeedback', ACTORS.handler, { feedback: '已受理并书面告知' });
    await recordHistory('accountable-units-handler-assigned-lapse', c.handle);
  });
});
