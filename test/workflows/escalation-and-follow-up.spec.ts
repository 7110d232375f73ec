/**
 * Missed deadlines act by themselves (DOMAIN §4, §5, §2.9–2.10): the escalation ladder, 督办 and its
 * feedback clock, case leaders, the accountability ledger, 回头看 follow-ups and satisfaction
 * ratings, driven through the real worker on the time-skipping server with real PostgreSQL.
 * Cases are set in 2030 (no official notice: the statutory holidays are computed; see petition-lifecycle.spec.ts).
 */
import { CALENDAR_VERSION } from '../../libs/process/calendar';
import { ACTORS, CaseDriver, GROUNDS, at, endOf } from '../support/case-driver';
import { useTimeSkippingWorker } from '../support/harness';
import type { Actor, UnitRef } from '../../libs/process';
import { recordHistory } from '../support/history-recorder';

const DAY = 86_400_000;
const CITY_OFFICE: UnitRef = {
  id: 'c-xfj',
  kind: 'petitionOffice',
  level: 'city',
  parentId: 'p-xfj',
  supervisingOfficeId: 'c-xfj',
  supervisingOffices: ['c-xfj', 'p-xfj'],
};
const CITY_REGISTRAR: Actor = { userId: 'c-registrar', role: 'registrar', unitId: 'c-xfj' };
const COUNTY_SUPERVISOR: Actor = { userId: 'x-supervisor', role: 'supervisor', unitId: 'x-xfj' };
const CITY_SUPERVISOR: Actor = { userId: 'c-supervisor', role: 'supervisor', unitId: 'c-xfj' };

describe('escalation, supervision, case leaders, accountability and follow-ups', () => {
  const ctx = useTimeSkippingWorker('escalation');

  /** The case's ledger records, once the read model holds its current revision. */
  const ledger = async (
    c: CaseDriver,
  ): Promise<
    {
      rule: string;
      unit_id: string;
      responsible_user_id: string | null;
      occurred_at: Date;
      evidence: { eventSeqs: number[]; historyLength: number };
    }[]
  > => {
    await c.projected(ctx.dataSource);
    return ctx.dataSource.query(
      `SELECT rule, unit_id, responsible_user_id, occurred_at, evidence FROM accountability_records WHERE petition_id = $1 ORDER BY id`,
      [c.petitionId],
    );
  };

  /** Registered and routed Monday 2030-03-04, accepted Wednesday 03-06: handling due end of Monday 05-06. */
  async function acceptedCase(): Promise<CaseDriver> {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({ receivedAt: at('2030-03-04 09:00') });
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    await c.advanceTo(at('2030-03-06 10:00'));
    await c.act('accept', ACTORS.handler, {});
    // 分办: the unit head names the handler its 承办人, who then answers for the unit's lapses.
    await c.act('assignHandler', ACTORS.unitHead, { handlerUserId: 'x-handler' });
    return c;
  }

  /** …replied and delivered Wednesday 04-10; no review asked within 30 days: final at the end of Friday 05-10. */
  async function closedCase(): Promise<CaseDriver> {
    const c = await acceptedCase();
    await c.advanceTo(at('2030-04-10 10:00'));
    await c.act('issueReply', ACTORS.handler, { outcome: 'explained', ...GROUNDS });
    await c.deliver(ACTORS.handler, at('2030-04-10 10:00'));
    // Wednesday 04-10 + 30 = Friday 05-10: the reply is final at its end.
    await c.advanceTo(endOf('2030-05-10') + 1000);
    expect(await c.view()).toMatchObject({ step: 'closed', closedAt: endOf('2030-05-10') });
    return c;
  }

  it('a breach opens 督办 at the supervising petition office with a 30-day feedback clock, and records the overdue handling once', async () => {
    const c = await acceptedCase();
    const dueAt = endOf('2030-05-06');
    await c.advanceTo(dueAt + 1000);
    const view = await c.view();
    expect(view.supervisionTasks).toEqual([
      expect.objectContaining({
        kind: 'supervision',
        source: 'automatic',
        supervisingUnitId: 'x-xfj',
        supervisedUnitId: 'x-zjj',
        clockKey: 'handling#1',
        status: 'open',
        openedAt: dueAt,
      }),
    ]);
    // Starts at the breach instant, 00:00 of Tuesday 05-07 (the start day, not counted): + 30 = Thursday 06-06.
    expect(c.clock(view, 'supervisionFeedback#1')).toMatchObject({
      status: 'running',
      unitId: 'x-zjj',
      startedAt: dueAt,
      lastDay: '2030-06-06',
      dueAt: endOf('2030-06-06'),
    });
    const records = await ledger(c);
    expect(records.map((r) => [r.rule, r.unit_id, r.responsible_user_id, new Date(r.occurred_at).getTime()])).toEqual([
      ['handlingOverdue', 'x-zjj', 'x-handler', dueAt],
    ]);
    expect(records[0].evidence.eventSeqs).toHaveLength(1);
    expect(records[0].evidence.historyLength).toBeGreaterThan(0);

    const escalations = await ctx.dataSource.query(
      `SELECT rung, recipients, fired_at FROM escalations WHERE petition_id = $1 AND clock_key = 'handling#1' ORDER BY fired_at`,
      [c.petitionId],
    );
    expect(escalations.map((e: { rung: string }) => e.rung)).toEqual(['warning70', 'warning90', 'breach']);
    expect(escalations[0].recipients).toEqual([{ kind: 'handlingUnit', unitId: 'x-zjj' }]);
    expect(escalations[2].recipients).toEqual([{ kind: 'supervisingOffice', unitId: 'x-xfj' }]);

    // The unit answers in writing: the feedback clock stops and no feedback breach follows.
    await c.advanceTo(at('2030-05-20 10:00'));
    const answered = await c.act('recordSupervisionFeedback', ACTORS.unitHead, { feedback: '已组织专班，6月上旬答复' });
    expect(c.clock(answered, 'supervisionFeedback#1')).toMatchObject({ status: 'stopped', overdue: false });
    expect(answered.supervisionTasks[0].status).toBe('answered');
    await c.advanceTo(endOf('2030-06-06') + DAY);
    expect((await ledger(c)).map((r) => r.rule)).toEqual([
      'handlingOverdue',
      'listedForSupervision',
      'takeoverAvailable',
    ]);
  });

  it('a petition registered long after receipt escalates at once, but the 督办 it opens gives the unit its full 30 days from now', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-04-01 10:00'));
    // Received Monday 03-04: routing was due at the end of Tuesday 03-19 (03-04 + 15), 13 days ago.
    const view = await c.register({ receivedAt: at('2030-03-04 09:00') });
    expect(c.clock(view, 'routing#1')).toMatchObject({
      dueAt: endOf('2030-03-19'),
      overdue: true,
      firedRungs: ['warning70', 'warning90', 'breach'],
    });
    // The 督办 is opened when the service recorded the lapse, at registration, by the office above the
    // county office (never by itself); the feedback clock starts today (Monday 04-01): 30 days end on
    // Wednesday 05-01, 劳动节 (05-01 and 05-02 by the 放假办法), rolled to Friday 05-03.
    expect(view.supervisionTasks).toEqual([
      expect.objectContaining({ kind: 'supervision', supervisingUnitId: 'c-xfj', clockKey: 'routing#1' }),
    ]);
    const openedAt = view.supervisionTasks[0].openedAt;
    expect(openedAt).toBeGreaterThanOrEqual(view.registeredAt);
    expect(openedAt).toBeLessThan(view.registeredAt + 60_000);
    expect(c.clock(view, 'supervisionFeedback#1')).toMatchObject({
      status: 'running',
      lastDay: '2030-05-03',
      provisional: true,
      firedRungs: [],
    });
    expect((await ledger(c)).map((r) => r.rule)).toEqual(['lateRegistration', 'routingOverdue']);
  });

  it("15 days after breach the level above lists the case (约谈 suggested); 30 days after, it may take the case over (问责 suggested): the lapses stay the original unit's and the unit above gets a fresh 60-day period", async () => {
    const c = await acceptedCase();
    const dueAt = endOf('2030-05-06');
    await c.advanceTo(dueAt + 15 * DAY + 1000);
    let view = await c.view();
    expect(view.listedForSupervision).toMatchObject({ byUnitId: 'c-xfj', at: dueAt + 15 * DAY });
    await c.expectRejected(
      'takeOver',
      CITY_SUPERVISOR,
      { reason: '长期未办结' },
      'badArgument',
      /30 days after a deadline was missed/,
    );

    await c.advanceTo(dueAt + 30 * DAY + 1000);
    await c.expectRejected(
      'takeOver',
      COUNTY_SUPERVISOR,
      { reason: '长期未办结' },
      'wrongUnit',
      /level above \(c-xfj, p-xfj\)/,
    );
    view = await c.act('takeOver', CITY_SUPERVISOR, { reason: '长期未办结，提级办理' });
    // Thursday 2030-06-06, 00:00:01 (and the moment the update took).
    const takenAt = view.takeovers![0].at;
    expect(takenAt - (dueAt + 30 * DAY + 1000)).toBeGreaterThanOrEqual(0);
    expect(takenAt - (dueAt + 30 * DAY + 1000)).toBeLessThan(60_000);
    expect(view.policyVersion).toBe('xinfang-2022/v2');
    expect(view.handlingUnitId).toBe('c-zjj');
    // The county's period stops where it stood, every rung it earned kept: its lapse stays its own.
    expect(c.clock(view, 'handling#1')).toMatchObject({
      unitId: 'x-zjj',
      status: 'stopped',
      dueAt,
      firedRungs: ['warning70', 'warning90', 'breach', 'listedSupervision', 'takeoverAvailable'],
    });
    // The city owes a fresh 60-day handling period from the takeover: 06-06 + 60 = Monday 08-05.
    expect(c.clock(view, 'handling#2')).toMatchObject({
      unitId: 'c-zjj',
      status: 'running',
      lengthDays: 60,
      lastDay: '2030-08-05',
      dueAt: endOf('2030-08-05'),
      firedRungs: [],
    });
    // The 督办 feedback on the county's lapse is still owed by the county.
    expect(c.clock(view, 'supervisionFeedback#1')).toMatchObject({ unitId: 'x-zjj', status: 'running' });
    expect(view.takeovers).toEqual([{ fromUnitId: 'x-zjj', toUnitId: 'c-zjj', at: takenAt, byUnitId: 'c-xfj' }]);
    // The petitioner sees 提级办理 with the unit taking over and its due date.
    expect(view.milestones.map((m) => m.type)).toEqual(['registered', 'transferred', 'accepted', 'takenOver']);
    expect(view.milestones[3]).toEqual({ type: 'takenOver', at: takenAt, unitId: 'c-zjj', lastDay: '2030-08-05' });
    const rows = (await ledger(c)).map((r) => [
      r.rule,
      r.unit_id,
      r.responsible_user_id,
      new Date(r.occurred_at).getTime(),
    ]);
    expect(rows).toEqual([
      ['handlingOverdue', 'x-zjj', 'x-handler', dueAt],
      ['listedForSupervision', 'x-zjj', 'x-handler', dueAt + 15 * DAY],
      ['takeoverAvailable', 'x-zjj', 'x-handler', dueAt + 30 * DAY],
    ]);
    // The county's 督办 feedback (due end of 06-06) lapses after the takeover: still the county's.
    await c.advanceTo(endOf('2030-06-06') + 1000);
    const afterwards = (await ledger(c)).map((r) => [r.rule, r.unit_id, r.responsible_user_id]);
    expect(afterwards).toEqual([
      ['handlingOverdue', 'x-zjj', 'x-handler'],
      ['listedForSupervision', 'x-zjj', 'x-handler'],
      ['takeoverAvailable', 'x-zjj', 'x-handler'],
      ['supervisionFeedbackOverdue', 'x-zjj', 'x-handler'],
    ]);
    await c.projected(ctx.dataSource);
    const suggestions = await ctx.dataSource.query(
      `SELECT rule, suggested_action FROM accountability_records WHERE petition_id = $1 AND rule IN ('listedForSupervision', 'takeoverAvailable') ORDER BY id`,
      [c.petitionId],
    );
    expect(suggestions).toEqual([
      { rule: 'listedForSupervision', suggested_action: 'admonitoryTalk' },
      { rule: 'takeoverAvailable', suggested_action: 'accountability' },
    ]);
    // The handler of the unit that took over now acts on the case, within its own period.
    const reply = await c.act('issueReply', ACTORS.reviewHandler, { outcome: 'supported', ...GROUNDS });
    expect(reply.step).toBe('replyIssued');
    expect(c.clock(reply, 'handling#2')).toMatchObject({ status: 'stopped', overdue: false });
    await recordHistory('takeover-fresh-period', c.handle);
  });

  it('a case resolved one day before breach fires no breach rung and records nothing', async () => {
    const c = await acceptedCase();
    await c.advanceTo(at('2030-05-05 10:00'));
    const view = await c.act('issueReply', ACTORS.handler, { outcome: 'notSupported', ...GROUNDS });
    expect(c.clock(view, 'handling#1')).toMatchObject({
      status: 'stopped',
      overdue: false,
      firedRungs: ['warning70', 'warning90'],
    });
    await c.advanceTo(endOf('2030-05-06') + 31 * DAY);
    const later = await c.view();
    expect(c.clock(later, 'handling#1').firedRungs).toEqual(['warning70', 'warning90']);
    expect(later.supervisionTasks).toEqual([]);
    expect(await ledger(c)).toEqual([]);
  });

  it('a hearing suspension pauses the pending rungs of the re-review clock', async () => {
    const c = await acceptedCase();
    await c.advanceTo(at('2030-03-20 10:00'));
    await c.act('issueReply', ACTORS.handler, { outcome: 'notSupported', ...GROUNDS });
    await c.deliver(ACTORS.handler, at('2030-03-20 10:00'));
    await c.act('requestReview', ACTORS.petitioner, { receivedAt: at('2030-03-20 10:00') });
    await c.act('issueReviewDecision', ACTORS.reviewHandler, { decision: 'upheld', ...GROUNDS });
    await c.deliver(ACTORS.reviewHandler, at('2030-03-20 10:00'));
    await c.advanceTo(at('2030-03-25 10:00'));
    await c.act('requestReReview', ACTORS.petitioner, { receivedAt: at('2030-03-25 09:00') });
    // Monday 03-25 + 30 = Wednesday 04-24: the 70% warning would fire around 04-15.
    await c.advanceTo(at('2030-03-26 10:00'));
    await c.act('startHearing', ACTORS.reReviewHandler, { startDate: '2030-03-26' });
    await c.advanceTo(at('2030-05-10 10:00'));
    expect(c.clock(await c.view(), 'reReview#1')).toMatchObject({ status: 'suspended', firedRungs: [] });
    const view = await c.act('endHearing', ACTORS.reReviewHandler, { endDate: '2030-05-10' });
    // 03-26 … 05-10 is 46 hearing days: 30 + 46 = 76 days from 03-25 = Sunday 06-09, rolled to Monday 06-10.
    const clock = c.clock(view, 'reReview#1');
    expect(clock).toMatchObject({
      status: 'running',
      excludedDays: 46,
      lastDay: '2030-06-10',
      dueAt: endOf('2030-06-10'),
    });
    await c.advanceTo(endOf('2030-06-10') + 1000);
    const rungs = await ctx.dataSource.query(
      `SELECT data->>'rung' AS rung, at FROM petition_events WHERE petition_id = $1 AND type = 'escalationRungFired' AND clock_key = 'reReview#1' ORDER BY seq`,
      [c.petitionId],
    );
    expect(rungs.map((r: { rung: string; at: Date }) => [r.rung, new Date(r.at).getTime()])).toEqual([
      ['warning70', Math.round(clock.startedAt + 0.7 * (endOf('2030-06-10') - clock.startedAt))],
      ['warning90', Math.round(clock.startedAt + 0.9 * (endOf('2030-06-10') - clock.startedAt))],
      ['breach', endOf('2030-06-10')],
    ]);
  });

  it('a case handed down by a higher level needs a case leader before acceptance; the leader gets the first escalation', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({ registeredBy: CITY_REGISTRAR, registeringUnit: CITY_OFFICE });
    let view = await c.act('assign', CITY_REGISTRAR, { unitId: 'x-zjj', reportBackDays: 20 });
    expect(view.caseLeaderRequired).toBe(true);
    await c.expectRejected('accept', ACTORS.handler, {}, 'badArgument', /needs a case leader/);
    view = await c.act('assignCaseLeader', ACTORS.unitHead, { leaderUserId: 'x-leader', resolutionDays: 40 });
    expect(view.caseLeader).toMatchObject({ userId: 'x-leader' });
    // Monday 03-04 + 40 = Saturday 04-13 → Monday 04-15.
    expect(c.clock(view, 'leaderResolution#1')).toMatchObject({ lastDay: '2030-04-15', dueAt: endOf('2030-04-15') });
    await c.act('accept', ACTORS.handler, {});
    await c.advanceTo(endOf('2030-03-25') + 1000); // the report-back (03-04 + 20 = Sun 03-24 → Mon 03-25) was missed
    await c.projected(ctx.dataSource);
    const escalations = await ctx.dataSource.query(
      `SELECT clock_key, rung, recipients FROM escalations WHERE petition_id = $1 ORDER BY fired_at, clock_key`,
      [c.petitionId],
    );
    expect(escalations.length).toBeGreaterThan(0);
    for (const e of escalations) expect(e.recipients[0]).toEqual({ kind: 'caseLeader', userId: 'x-leader' });
    expect(
      escalations.find(
        (e: { clock_key: string; rung: string }) => e.clock_key === 'assignedReport#1' && e.rung === 'breach',
      ).recipients,
    ).toEqual([
      { kind: 'caseLeader', userId: 'x-leader' },
      { kind: 'supervisingOffice', unitId: 'x-xfj' },
    ]);
    const overdue = (await ledger(c)).find((r) => r.rule === 'assignedReportOverdue');
    // The leader hears of it first; the unit's person in charge answers for it (nobody was assigned: 分办).
    expect(overdue).toMatchObject({ unit_id: 'x-zjj', responsible_user_id: 'x-head' });
  });

  it('回头看: 30 days after closure a check falls due; a relapse reopens handling with a fresh clock, records "resolution not real" and no longer counts as resolved first time', async () => {
    const c = await closedCase();
    const closedAt = endOf('2030-05-10');
    await c.advanceTo(closedAt + 30 * DAY + 1000);
    let view = await c.view();
    expect(view.followUps[0]).toMatchObject({ status: 'open', clockKey: 'followUp#1', dueAt: closedAt + 30 * DAY });
    // The check is a task of the handling unit with its own 10-day clock, from 00:00 of Monday 06-10: due end of Thursday 06-20.
    expect(c.clock(view, 'followUp#1')).toMatchObject({
      unitId: 'x-zjj',
      startedAt: closedAt + 30 * DAY,
      lengthDays: 10,
      lastDay: '2030-06-20',
    });
    await c.advanceTo(at('2030-06-12 10:00'));
    view = await c.act('recordFollowUp', ACTORS.handler, { result: 'relapsed', note: '维修再次停滞，群众再次反映' });
    expect(view).toMatchObject({
      step: 'handling',
      final: false,
      closedAt: null,
      firstTimeResolution: false,
      reopenedCount: 1,
      handlingRound: 2,
    });
    // A fresh 60-day handling clock from the reopening: Wednesday 06-12 + 60 = Sunday 08-11 → Monday 08-12.
    expect(c.clock(view, 'handling#2')).toMatchObject({
      status: 'running',
      lastDay: '2030-08-12',
      dueAt: endOf('2030-08-12'),
    });
    expect(view.followUps.map((f) => f.status)).toEqual(['relapsed', 'cancelled']);
    const records = await ledger(c);
    expect(records.map((r) => [r.rule, r.unit_id, r.responsible_user_id])).toEqual([
      ['resolutionNotReal', 'x-zjj', 'x-handler'],
    ]);
    const [row] = await ctx.dataSource.query(
      `SELECT step, first_time_resolution, is_final FROM petitions WHERE id = $1`,
      [c.petitionId],
    );
    expect(row).toEqual({ step: 'handling', first_time_resolution: false, is_final: false });
    await recordHistory('follow-up-relapse-reopens', c.handle);
  });

  it('a follow-up not recorded within its 10 days escalates and is recorded against the unit', async () => {
    const c = await closedCase();
    const checkDue = endOf('2030-05-10') + 30 * DAY;
    await c.advanceTo(checkDue + 1000);
    const clock = c.clock(await c.view(), 'followUp#1');
    await c.advanceTo(clock.dueAt! + 1000);
    const view = await c.view();
    expect(c.clock(view, 'followUp#1')).toMatchObject({
      overdue: true,
      firedRungs: ['warning70', 'warning90', 'breach'],
    });
    expect(view.supervisionTasks).toEqual([
      expect.objectContaining({ kind: 'supervision', clockKey: 'followUp#1', supervisingUnitId: 'x-xfj' }),
    ]);
    const records = await ledger(c);
    expect(records.map((r) => [r.rule, new Date(r.occurred_at).getTime()])).toEqual([['followUpOverdue', clock.dueAt]]);
    // Stable at last: the check is closed, the second stays scheduled.
    const done = await c.act('recordFollowUp', ACTORS.handler, { result: 'stable', note: '已回访，问题未反弹' });
    expect(done.followUps.map((f) => f.status)).toEqual(['stable', 'scheduled']);
    expect(done.step).toBe('closed');
  });

  it('satisfaction is rated once per reply while its review window is open; 不满意 schedules an immediate check', async () => {
    const c = await acceptedCase();
    await c.advanceTo(at('2030-04-10 10:00'));
    await c.act('issueReply', ACTORS.handler, { outcome: 'explained', ...GROUNDS });
    await c.expectRejected('rate', ACTORS.petitioner, { rating: 'satisfied' }, 'wrongStep', /in step "replyIssued"/);
    await c.deliver(ACTORS.handler, at('2030-04-10 10:00'));
    await c.expectRejected(
      'rate',
      ACTORS.petitioner,
      { rating: 'great' as never },
      'badArgument',
      /rating must be one of/,
    );
    const view = await c.act('rate', ACTORS.petitioner, { rating: 'dissatisfied' });
    expect(view.ratings).toEqual([{ replyKey: 'reply#1', rating: 'dissatisfied', at: expect.any(Number) }]);
    expect(view.followUps).toEqual([
      expect.objectContaining({ reason: 'dissatisfied', status: 'open', clockKey: 'followUp#1' }),
    ]);
    await c.expectRejected('rate', ACTORS.petitioner, { rating: 'satisfied' }, 'badArgument', /already rated/);
    await recordHistory('rated-dissatisfied', c.handle);
  });

  it('an urgent case not reported up by the end of the next day is recorded (隐瞒/缓报); a late registration is recorded at once', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    const view = await c.register({ urgent: true, receivedAt: at('2030-02-27 09:00') });
    expect(c.clock(view, 'urgentReport#1')).toMatchObject({
      lastDay: '2030-03-05',
      dueAt: endOf('2030-03-05'),
      rolledForward: false,
    });
    await c.advanceTo(endOf('2030-03-05') + 1000);
    const records = await ledger(c);
    expect(records.map((r) => [r.rule, r.unit_id])).toEqual([
      ['lateRegistration', 'x-xfj'],
      ['urgentNotReported', 'x-xfj'],
    ]);
  });

  it('an accusation is never routed to the accused unit: the attempt is refused and recorded', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({ category: 'accusation', accusedUnitId: 'x-zjj' });
    await expect(c.act('route', ACTORS.registrar, { unitId: 'x-zjj' }, 'route-to-accused')).rejects.toMatchObject({
      cause: { type: 'PetitionActionRejected.protectedParty' },
    });
    const view = await c.view();
    expect(view).toMatchObject({ step: 'routing', handlingUnitId: null });
    expect((await ledger(c)).map((r) => [r.rule, r.unit_id, r.responsible_user_id])).toEqual([
      ['accusedPartyAccess', 'x-xfj', 'x-registrar'],
    ]);
    const routed = await c.act('route', ACTORS.registrar, { unitId: 'x-jw' });
    expect(routed.handlingUnitId).toBe('x-jw');
    await recordHistory('accusation-routed-to-accused-refused', c.handle);
  });

  it('registration is never silently edited: a correction is a new event and a ledger record; a corrected receipt moves the clocks that run from it', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    let view = await c.register({ receivedAt: at('2030-03-04 09:00') });
    expect(c.clock(view, 'routing#1')).toMatchObject({ lastDay: '2030-03-19' });
    await c.expectRejected(
      'correctRegistration',
      ACTORS.registrar,
      { field: 'receivedAt', value: at('2030-03-05 09:00'), reason: '录入错误' },
      'badArgument',
      /after it was registered/,
    );
    await c.expectRejected(
      'correctRegistration',
      ACTORS.handler,
      { field: 'urgent', value: true, reason: 'x' },
      'wrongRole',
      /only registrar/,
    );
    // The letter was in fact received on Monday 02-25: routing runs from then, 15 days to Tuesday 03-12.
    view = await c.act('correctRegistration', ACTORS.registrar, {
      field: 'receivedAt',
      value: at('2030-02-25 09:00'),
      reason: '信件实际收到日期为2月25日',
    });
    expect(view.receivedAt).toBe(at('2030-02-25 09:00'));
    expect(c.clock(view, 'routing#1')).toMatchObject({
      startedAt: at('2030-02-25 09:00'),
      lastDay: '2030-03-12',
      dueAt: endOf('2030-03-12'),
    });
    view = await c.act('correctRegistration', ACTORS.registrar, {
      field: 'urgent',
      value: true,
      reason: '涉及群体性安全隐患',
    });
    expect(c.clock(view, 'urgentReport#1').status).toBe('running');
    const records = await ledger(c);
    // Registered 7 days after the corrected receipt: late as well as corrected.
    expect(records.map((r) => [r.rule, r.unit_id, r.responsible_user_id])).toEqual([
      ['registrationCorrected', 'x-xfj', 'x-registrar'],
      ['lateRegistration', 'x-xfj', 'x-registrar'],
      ['registrationCorrected', 'x-xfj', 'x-registrar'],
    ]);
    const corrections = await ctx.dataSource.query(
      `SELECT data FROM petition_events WHERE petition_id = $1 AND type = 'registrationCorrected' ORDER BY seq`,
      [c.petitionId],
    );
    expect(
      corrections.map((e: { data: { field: string; from: unknown; to: unknown } }) => [
        e.data.field,
        e.data.from,
        e.data.to,
      ]),
    ).toEqual([
      ['receivedAt', at('2030-03-04 09:00'), at('2030-02-25 09:00')],
      ['urgent', false, true],
    ]);
  });

  it("a calendar re-projection is an admin's explicit act, refused onto the calendar the case already counts by", async () => {
    const c = await acceptedCase();
    const admin: Actor = { userId: 'admin', role: 'admin', unitId: 'p-xfj' };
    const view = await c.view();
    // A new case counts by the current calendar (the official notices, the statutory holidays beyond them).
    expect(view.calendarVersion).toBe(CALENDAR_VERSION);
    await c.expectRejected(
      'reprojectCalendar',
      ACTORS.unitHead,
      { calendarVersion: CALENDAR_VERSION },
      'wrongRole',
      /only admin/,
    );
    await c.expectRejected(
      'reprojectCalendar',
      admin,
      { calendarVersion: CALENDAR_VERSION },
      'badArgument',
      /already counts by chinese-days@1\.5\.7\+statutory/,
    );
    await c.expectRejected(
      'reprojectCalendar',
      admin,
      { calendarVersion: 'chinese-days@1.5.1' },
      'badArgument',
      /older than the case's/,
    );
  });

  it('manual 督办 and 挂牌: supervisors of the handling unit issue them; only the level above lists and strikes off', async () => {
    const c = await acceptedCase();
    let view = await c.act('issueSupervision', COUNTY_SUPERVISOR, { instructions: '请于两周内书面反馈' });
    expect(view.supervisionTasks).toEqual([
      expect.objectContaining({ kind: 'supervision', source: 'manual', supervisingUnitId: 'x-xfj', status: 'open' }),
    ]);
    expect(c.clock(view, 'supervisionFeedback#1').status).toBe('running');
    await c.expectRejected('issueSupervision', ACTORS.handler, { instructions: 'x' }, 'wrongRole', /only supervisor/);
    await c.expectRejected(
      'listForSupervision',
      COUNTY_SUPERVISOR,
      { reason: '群众反映强烈' },
      'wrongUnit',
      /level above/,
    );
    view = await c.act('listForSupervision', CITY_SUPERVISOR, { reason: '群众反映强烈' });
    expect(view.listedForSupervision).toMatchObject({ byUnitId: 'c-xfj', reason: '群众反映强烈' });
    view = await c.act('unlistFromSupervision', CITY_SUPERVISOR, { reason: '已化解，销号' });
    expect(view.listedForSupervision).toBeNull();
    expect(view.supervisionTasks.find((t) => t.kind === 'listed')).toMatchObject({ status: 'closed' });
  });
});
