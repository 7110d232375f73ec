/**
 * The statutory procedure, driven through the real worker (real activities, real PostgreSQL) on
 * Temporal's time-skipping server, so every period runs its full statutory length in virtual time.
 *
 * Cases are set in March 2030, a year with no official holiday notice yet: clocks count the
 * statutory holidays of the 放假办法 (2030: 清明 04-05, 劳动节 05-01/02, 端午 06-05, none on the
 * days these cases end) and weekends, and say so (`calendarBasis: 'statutory'`, provisional).
 * Holiday and 调休 arithmetic is covered by the tables of test/unit/deadline.spec.ts and
 * statutory-holidays.spec.ts; here every due instant is worked out by hand from weekdays.
 */
import { ACTORS, CaseDriver, GROUNDS, at, endOf } from '../support/case-driver';
import { useTimeSkippingWorker } from '../support/harness';
import { recordHistory } from '../support/history-recorder';

const DAY = 86_400_000;

describe('the statutory lifecycle of a petition (信访事项办理)', () => {
  const ctx = useTimeSkippingWorker('lifecycle');

  /** Registered on Monday 2030-03-04 10:00 (received by letter on Saturday 03-02) and routed to the county housing bureau. */
  async function routedCase(): Promise<CaseDriver> {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({ receivedAt: at('2030-03-02 09:00'), channel: 'letter' });
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    return c;
  }

  /** …accepted on Wednesday 03-06: handling runs 60 days, to Sunday 05-05, rolled to Monday 05-06. */
  async function acceptedCase(): Promise<CaseDriver> {
    const c = await routedCase();
    await c.advanceTo(at('2030-03-06 10:00'));
    await c.act('accept', ACTORS.handler, {});
    return c;
  }

  /** …replied on 04-10 (not supported) and delivered on Friday 04-12. */
  async function deliveredCase(outcome: 'supported' | 'notSupported' = 'notSupported'): Promise<CaseDriver> {
    const c = await acceptedCase();
    await c.advanceTo(at('2030-04-10 10:00'));
    await c.act('issueReply', ACTORS.unitHead, { outcome, ...GROUNDS });
    await c.advanceTo(at('2030-04-12 15:00'));
    await c.deliver(ACTORS.handler, at('2030-04-12 09:00'));
    return c;
  }

  it('routing is due 15 days after receipt; a last day on a Sunday rolls forward to Monday', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    const view = await c.register({ receivedAt: at('2030-03-02 09:00'), channel: 'letter' });
    expect(view.step).toBe('routing');
    expect(view.policyVersion).toBe('xinfang-2022/v2');
    expect(c.clock(view, 'routing#1')).toMatchObject({
      status: 'running',
      startedAt: at('2030-03-02 09:00'),
      lengthDays: 15,
      lastDay: '2030-03-18',
      dueAt: endOf('2030-03-18'),
      rolledForward: true,
      calendarBasis: 'statutory',
      provisional: true,
    });
  });

  it('the happy path: routed, accepted, replied, delivered, carried out; with no review asked within 30 days the reply is final', async () => {
    const c = await routedCase();
    let view = await c.view();
    expect(view.step).toBe('acceptance');
    expect(c.clock(view, 'routing#1')).toMatchObject({ status: 'stopped', overdue: false });
    // 5 working days from Monday 03-04: Tue–Fri and Monday 03-11.
    expect(c.clock(view, 'misrouteObjection#1')).toMatchObject({
      status: 'running',
      lastDay: '2030-03-11',
      dueAt: endOf('2030-03-11'),
    });
    expect(c.clock(view, 'acceptanceNotice#1')).toMatchObject({
      status: 'running',
      lastDay: '2030-03-19',
      dueAt: endOf('2030-03-19'),
      rolledForward: false,
    });

    await c.advanceTo(at('2030-03-06 10:00'));
    view = await c.act('accept', ACTORS.handler, {});
    expect(view.step).toBe('handling');
    expect(c.clock(view, 'acceptanceNotice#1').status).toBe('stopped');
    expect(c.clock(view, 'misrouteObjection#1').status).toBe('stopped');
    expect(c.clock(view, 'handling#1')).toMatchObject({
      lengthDays: 60,
      lastDay: '2030-05-06',
      dueAt: endOf('2030-05-06'),
      rolledForward: true,
    });

    await c.advanceTo(at('2030-04-10 10:00'));
    view = await c.act('issueReply', ACTORS.unitHead, { outcome: 'supported', ...GROUNDS });
    expect(view.step).toBe('replyIssued');
    expect(c.clock(view, 'handling#1')).toMatchObject({ status: 'stopped', overdue: false });
    expect(c.clock(view, 'handling#1').firedRungs).toEqual([]);

    await c.advanceTo(at('2030-04-12 15:00'));
    view = await c.deliver(ACTORS.handler, at('2030-04-12 09:00'));
    expect(view.step).toBe('reviewWindow');
    // The window opens on receipt (Friday 04-12): 30 days to Sunday 05-12, rolled to Monday 05-13.
    expect(c.clock(view, 'reviewRequestWindow#1')).toMatchObject({
      startedAt: at('2030-04-12 09:00'),
      lastDay: '2030-05-13',
      dueAt: endOf('2030-05-13'),
    });
    view = await c.act('confirmImplementation', ACTORS.handler, { note: 'repairs done' });
    expect(view.implementationConfirmed).toBe(true);

    await c.advanceTo(endOf('2030-05-13') + 60_000);
    const final = await c.view();
    expect(final).toMatchObject({
      step: 'closed',
      final: true,
      closedAt: endOf('2030-05-13'),
      firstTimeResolution: true,
    });
    // 回头看 is scheduled 30 and 180 days after closure.
    expect(final.followUps.map((f) => [f.status, f.dueAt])).toEqual([
      ['scheduled', endOf('2030-05-13') + 30 * DAY],
      ['scheduled', endOf('2030-05-13') + 180 * DAY],
    ]);
    expect(c.clock(final, 'reviewRequestWindow#1').status).toBe('lapsed');
    expect(final.milestones.map((m) => m.type)).toEqual([
      'registered',
      'transferred',
      'accepted',
      'replied',
      'replyDelivered',
      'final',
    ]);

    const [row] = await ctx.dataSource.query(`SELECT step, is_final, closed_at FROM petitions WHERE id = $1`, [
      c.petitionId,
    ]);
    expect(row).toMatchObject({ step: 'closed', is_final: true });
    expect(new Date(row.closed_at).getTime()).toBe(endOf('2030-05-13'));
    await recordHistory('happy-path-final', c.handle);
  });

  it('a petition not handled within 60 days of acceptance breaches: every rung fires once, at its instant', async () => {
    const c = await acceptedCase();
    const startedAt = c.clock(await c.view(), 'handling#1').startedAt;
    const dueAt = endOf('2030-05-06');
    const realStart = Date.now();
    await c.advanceTo(dueAt + 31 * DAY);
    const realElapsedMs = Date.now() - realStart;
    const view = await c.view();
    const handling = c.clock(view, 'handling#1');
    expect(handling).toMatchObject({ status: 'running', overdue: true, dueAt });
    expect(handling.firedRungs).toEqual(['warning70', 'warning90', 'breach', 'listedSupervision', 'takeoverAvailable']);

    const rungs: { rung: string; at: Date }[] = await ctx.dataSource.query(
      `SELECT data->>'rung' AS rung, at FROM petition_events WHERE petition_id = $1 AND type = 'escalationRungFired' AND clock_key = 'handling#1' ORDER BY seq`,
      [c.petitionId],
    );
    expect(rungs.map((r) => [r.rung, new Date(r.at).getTime()])).toEqual([
      ['warning70', Math.round(startedAt + 0.7 * (dueAt - startedAt))],
      ['warning90', Math.round(startedAt + 0.9 * (dueAt - startedAt))],
      ['breach', dueAt],
      ['listedSupervision', dueAt + 15 * DAY],
      ['takeoverAvailable', dueAt + 30 * DAY],
    ]);
    console.log(`91 virtual days of a handling clock took ${realElapsedMs} ms of real time`);
  });

  it('refusal (不予受理) ends the case with its reason; the acceptance notice clock stops', async () => {
    const c = await routedCase();
    await c.advanceTo(at('2030-03-07 10:00'));
    const view = await c.act('decline', ACTORS.handler, { reason: '不属于信访事项受理范围' });
    expect(view.step).toBe('endedDeclined');
    expect(c.clock(view, 'acceptanceNotice#1')).toMatchObject({ status: 'stopped', overdue: false });
    expect(view.milestones.at(-1)).toMatchObject({ type: 'declined', detail: '不属于信访事项受理范围' });
    const result = await c.handle.result();
    expect(result.step).toBe('endedDeclined');
    await recordHistory('declined', c.handle);
  });

  it('the same facts after a completed re-review are not accepted again (不再受理), naming the earlier case', async () => {
    const c = await routedCase();
    const earlier = '7b3f2c1e-0000-4000-8000-000000000042';
    await c.expectRejected(
      'notAcceptedAgain',
      ACTORS.handler,
      { earlierPetitionId: '' },
      'badArgument',
      /earlierPetitionId is required/,
    );
    const view = await c.act('notAcceptedAgain', ACTORS.handler, { earlierPetitionId: earlier });
    expect(view.step).toBe('endedNotAcceptedAgain');
    expect(c.clock(view, 'acceptanceNotice#1')).toMatchObject({ status: 'stopped', overdue: false });
    const [event] = await ctx.dataSource.query(
      `SELECT data FROM petition_events WHERE petition_id = $1 AND type = 'notAcceptedAgain'`,
      [c.petitionId],
    );
    expect(event.data).toEqual({ earlierPetitionId: earlier });
    expect((await c.handle.result()).step).toBe('endedNotAcceptedAgain');
  });

  it('an appeal that belongs to litigation is guided into that procedure (导入); a suggestion cannot be', async () => {
    const suggestion = await (async () => {
      const c = new CaseDriver(ctx.env, ctx.taskQueue);
      await c.advanceTo(at('2030-03-04 10:00'));
      await c.register({ category: 'suggestion' });
      await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
      return c;
    })();
    await suggestion.expectRejected(
      'redirect',
      ACTORS.handler,
      { procedure: 'litigation' },
      'badArgument',
      /only an appeal/,
    );

    const appeal = new CaseDriver(ctx.env, ctx.taskQueue);
    await appeal.register({ category: 'appeal' });
    await appeal.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    const view = await appeal.act('redirect', ACTORS.handler, { procedure: 'litigation', note: '属于民事诉讼' });
    expect(view.step).toBe('endedRedirected');
  });

  /** The case's accountability records: rule, unit, person and the rule that chose the person. */
  async function ledgerOf(c: CaseDriver): Promise<string[][]> {
    await c.projected(ctx.dataSource);
    const rows: { rule: string; unit_id: string; responsible_user_id: string; responsible_by: string }[] =
      await ctx.dataSource.query(
        `SELECT rule, unit_id, responsible_user_id, responsible_by FROM accountability_records WHERE petition_id = $1 ORDER BY id`,
        [c.petitionId],
      );
    return rows.map((r) => [r.rule, r.unit_id, r.responsible_user_id, r.responsible_by]);
  }

  it('a misrouted unit objects within 5 working days; the routing office agrees (核实同意) and the case returns for a fresh 15-day routing decision, the unit not blamed', async () => {
    const c = await routedCase();
    await c.advanceTo(at('2030-03-08 10:00'));
    let view = await c.act('objectMisroute', ACTORS.unitHead, { reasons: '该事项属纪检监察机关职责' });
    // The objection waits for the routing office: the case stays with the unit, its notice clock running.
    expect(view).toMatchObject({
      step: 'acceptance',
      handlingUnitId: 'x-zjj',
      pendingObjection: {
        unitId: 'x-zjj',
        byUserId: 'x-head',
        reasons: '该事项属纪检监察机关职责',
        at: expect.any(Number),
      },
    });
    expect(c.clock(view, 'misrouteObjection#1').status).toBe('stopped');
    expect(c.clock(view, 'acceptanceNotice#1')).toMatchObject({ status: 'running', dueAt: endOf('2030-03-19') });
    // Only the routing office verifies it, and a refusal states its reasons.
    await c.expectRejected(
      'decideMisrouteObjection',
      ACTORS.handler,
      { decision: 'agreed' },
      'wrongRole',
      /only registrar or supervisor/,
    );
    await c.expectRejected(
      'decideMisrouteObjection',
      { userId: 'c-registrar', role: 'registrar', unitId: 'c-xfj' },
      { decision: 'agreed' },
      'wrongUnit',
      /routingUnit/,
    );
    await c.expectRejected(
      'decideMisrouteObjection',
      ACTORS.registrar,
      { decision: 'refused' },
      'badArgument',
      /reasons/,
    );

    await c.advanceTo(at('2030-03-08 15:00'));
    view = await c.act('decideMisrouteObjection', ACTORS.registrar, {
      decision: 'agreed',
      reasons: '经核实属纪委监委职责',
    });
    expect(view.step).toBe('routing');
    expect(view.handlingUnitId).toBeNull();
    expect(view.pendingObjection).toBeNull();
    expect(c.clock(view, 'acceptanceNotice#1').status).toBe('stopped');
    // Friday 03-08 + 15 = Saturday 03-23, rolled to Monday 03-25.
    expect(c.clock(view, 'routing#2')).toMatchObject({
      status: 'running',
      startedAt: expect.any(Number),
      lastDay: '2030-03-25',
      dueAt: endOf('2030-03-25'),
    });
    expect(view.milestones.map((m) => m.type)).toContain('returnedForRerouting');

    view = await c.act('route', ACTORS.registrar, { unitId: 'x-jw' });
    expect(view).toMatchObject({ step: 'acceptance', handlingUnitId: 'x-jw' });
    // Five working days from Friday 03-08: Mon 11 … Fri 15.
    expect(c.clock(view, 'misrouteObjection#2')).toMatchObject({ lastDay: '2030-03-15', dueAt: endOf('2030-03-15') });

    await c.advanceTo(at('2030-03-16 10:00'));
    expect(c.clock(await c.view(), 'misrouteObjection#2').status).toBe('lapsed');
    await c.expectRejected(
      'objectMisroute',
      ACTORS.disciplineHandler,
      { reasons: 'too late' },
      'badArgument',
      /objection period is over/,
    );
    // One agreed objection, below the policy's threshold of two: nobody is blamed.
    expect(await ledgerOf(c)).toEqual([]);
    await recordHistory('objection-agreed', c.handle);
  });

  it('the routing office refuses an objection with reasons: the case stays with the unit, its clocks run on, and 推诿 is recorded against the unit and the objector', async () => {
    const c = await routedCase();
    await c.advanceTo(at('2030-03-08 10:00'));
    await c.act('objectMisroute', ACTORS.handler, { reasons: '不属本单位职权范围' });
    await c.expectRejected(
      'objectMisroute',
      ACTORS.unitHead,
      { reasons: '再次异议' },
      'badArgument',
      /objection period is over/,
    );
    await c.advanceTo(at('2030-03-11 10:00'));
    const view = await c.act('decideMisrouteObjection', ACTORS.registrar, {
      decision: 'refused',
      reasons: '经核实，物业维修基金监管属住建部门职责',
    });
    expect(view).toMatchObject({ step: 'acceptance', handlingUnitId: 'x-zjj', pendingObjection: null });
    expect(c.clock(view, 'acceptanceNotice#1')).toMatchObject({ status: 'running', dueAt: endOf('2030-03-19') });
    expect(view.clocks.some((k) => k.id === 'routing' && k.status === 'running')).toBe(false);
    expect(await ledgerOf(c)).toEqual([['repeatedRerouting', 'x-zjj', 'x-handler', 'actor']]);
    await c.expectRejected(
      'decideMisrouteObjection',
      ACTORS.registrar,
      { decision: 'agreed' },
      'badArgument',
      /no objection to a misroute is waiting/,
    );
    const accepted = await c.act('accept', ACTORS.handler, {});
    expect(accepted.step).toBe('handling');
    await recordHistory('objection-refused', c.handle);
  });

  it('a second agreed objection on the same case records 推诿 against the routing office, naming the registrar who routed it', async () => {
    const c = await routedCase();
    await c.advanceTo(at('2030-03-05 10:00'));
    await c.act('objectMisroute', ACTORS.handler, { reasons: '不属本单位职权范围' });
    await c.act('decideMisrouteObjection', ACTORS.registrar, { decision: 'agreed' });
    await c.act('route', { userId: 'x-registrar-2', role: 'registrar', unitId: 'x-xfj' }, { unitId: 'x-jw' });
    await c.advanceTo(at('2030-03-06 10:00'));
    await c.act('objectMisroute', ACTORS.disciplineHandler, { reasons: '不属纪检监察职责' });
    expect(await ledgerOf(c)).toEqual([]);
    const view = await c.act('decideMisrouteObjection', ACTORS.registrar, {
      decision: 'agreed',
      reasons: '确属住建职责',
    });
    expect(view.step).toBe('routing');
    expect(await ledgerOf(c)).toEqual([['repeatedRerouting', 'x-xfj', 'x-registrar-2', 'actor']]);
  });

  it('the unit head extends handling once by up to 30 days, with the reason told to the petitioner; a second extension is refused', async () => {
    const c = await acceptedCase();
    await c.advanceTo(at('2030-04-20 10:00'));
    await c.expectRejected(
      'extendHandling',
      ACTORS.handler,
      { days: 30, reason: '案情复杂' },
      'wrongRole',
      /only unitHead/,
    );
    await c.expectRejected(
      'extendHandling',
      ACTORS.unitHead,
      { days: 31, reason: '案情复杂' },
      'badArgument',
      /from 1 to 30/,
    );
    const view = await c.act('extendHandling', ACTORS.unitHead, { days: 30, reason: '需要现场勘验，案情复杂' });
    // 03-06 + 90 days = Tuesday 06-04: a working day, no roll.
    expect(c.clock(view, 'handling#1')).toMatchObject({
      lengthDays: 90,
      lastDay: '2030-06-04',
      dueAt: endOf('2030-06-04'),
      rolledForward: false,
    });
    expect(view.extensionsUsed).toBe(1);
    expect(view.milestones.at(-1)).toMatchObject({ type: 'extended', detail: '需要现场勘验，案情复杂' });
    await expect(
      c.act('extendHandling', ACTORS.unitHead, { days: 5, reason: '仍需时间' }, 'second-extension'),
    ).rejects.toMatchObject({
      cause: { type: 'PetitionActionRejected.badArgument', message: expect.stringMatching(/already extended once/) },
    });
    // The refused second attempt is evidence of 拖延: recorded once, even when the request is retried.
    await expect(
      c.act('extendHandling', ACTORS.unitHead, { days: 5, reason: '仍需时间' }, 'second-extension'),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/already extended once/) },
    });
    await c.projected(ctx.dataSource);
    const records = await ctx.dataSource.query(
      `SELECT rule, unit_id, responsible_user_id FROM accountability_records WHERE petition_id = $1`,
      [c.petitionId],
    );
    expect(records).toEqual([{ rule: 'secondExtensionAttempt', unit_id: 'x-zjj', responsible_user_id: 'x-head' }]);
    expect((await c.view()).clocks.find((k) => k.key === 'handling#1')).toMatchObject({ lengthDays: 90 });

    // The old due date passes without a breach; the new one is the one that counts.
    await c.advanceTo(endOf('2030-05-06') + DAY);
    expect(c.clock(await c.view(), 'handling#1').firedRungs).not.toContain('breach');
    await c.advanceTo(endOf('2030-06-04') + 1000);
    expect(c.clock(await c.view(), 'handling#1').firedRungs).toContain('breach');
    await recordHistory('extension', c.handle);
  });

  it('review (复查) upheld, then re-review (复核) with a 12-day hearing that does not count; delivery of the re-review reply makes it final', async () => {
    const c = await deliveredCase();
    await c.advanceTo(at('2030-04-20 10:00'));
    let view = await c.act('requestReview', ACTORS.petitioner, { receivedAt: at('2030-04-20 09:30') });
    expect(view).toMatchObject({ step: 'review', reviewUnitId: 'c-zjj' });
    expect(c.clock(view, 'reviewRequestWindow#1').status).toBe('stopped');
    // Saturday 04-20 + 30 = Monday 05-20.
    expect(c.clock(view, 'review#1')).toMatchObject({
      unitId: 'c-zjj',
      lastDay: '2030-05-20',
      dueAt: endOf('2030-05-20'),
    });

    await c.advanceTo(at('2030-05-10 10:00'));
    view = await c.act('issueReviewDecision', ACTORS.reviewHandler, { decision: 'upheld', ...GROUNDS });
    expect(view.step).toBe('reviewDecided');
    await c.advanceTo(at('2030-05-11 18:00'));
    view = await c.deliver(ACTORS.reviewHandler, at('2030-05-11 16:00'));
    expect(view.step).toBe('reReviewWindow');
    // Saturday 05-11 + 30 = Monday 06-10.
    expect(c.clock(view, 'reReviewRequestWindow#1')).toMatchObject({
      lastDay: '2030-06-10',
      dueAt: endOf('2030-06-10'),
    });

    await c.advanceTo(at('2030-05-20 10:00'));
    view = await c.act('requestReReview', ACTORS.petitioner, { receivedAt: at('2030-05-20 09:00') });
    expect(view).toMatchObject({ step: 'reReview', reReviewUnitId: 'p-zjj' });
    // Monday 05-20 + 30 = Wednesday 06-19.
    expect(c.clock(view, 'reReview#1')).toMatchObject({
      unitId: 'p-zjj',
      lastDay: '2030-06-19',
      dueAt: endOf('2030-06-19'),
    });

    await c.advanceTo(at('2030-05-27 10:00'));
    view = await c.act('startHearing', ACTORS.reReviewHandler, { startDate: '2030-05-27' });
    expect(c.clock(view, 'reReview#1')).toMatchObject({ status: 'suspended', dueAt: null });
    await c.advanceTo(at('2030-06-07 17:00'));
    expect(c.clock(await c.view(), 'reReview#1').firedRungs).toEqual([]);
    view = await c.act('endHearing', ACTORS.reReviewHandler, { endDate: '2030-06-07' });
    // 05-27 … 06-07 is 12 hearing days: 30 + 12 = 42 days from 05-20 = Monday 07-01.
    expect(c.clock(view, 'reReview#1')).toMatchObject({
      status: 'running',
      excludedDays: 12,
      lastDay: '2030-07-01',
      dueAt: endOf('2030-07-01'),
    });

    await c.advanceTo(at('2030-06-20 10:00'));
    expect(c.clock(await c.view(), 'reReview#1').firedRungs).not.toContain('breach'); // the unsuspended due date (06-19) has passed
    view = await c.act('issueReReviewDecision', ACTORS.reReviewHandler, { decision: 'upheld', ...GROUNDS });
    expect(view.step).toBe('reReviewDecided');
    // Delivered that afternoon: a receipt dated before the decision was issued is refused (delivery-records).
    await c.advanceTo(at('2030-06-20 15:00'));
    view = await c.deliver(ACTORS.reReviewHandler, at('2030-06-20 15:00'));
    expect(view).toMatchObject({ step: 'closed', final: true, firstTimeResolution: false });
    const result = await c.view();
    expect(result.milestones.map((m) => m.type)).toEqual([
      'registered',
      'transferred',
      'accepted',
      'replied',
      'replyDelivered',
      'reviewRequested',
      'reviewDecided',
      'reviewReplyDelivered',
      'reReviewRequested',
      'hearingStarted',
      'hearingEnded',
      'reReviewDecided',
      'reReviewReplyDelivered',
      'final',
    ]);
    await recordHistory('review-and-re-review-with-hearing', c.handle);
  });

  it('a review that revokes the reply sends the case back: handling starts again at the original unit from the decision date', async () => {
    const c = await deliveredCase();
    await c.advanceTo(at('2030-04-20 10:00'));
    await c.act('requestReview', ACTORS.petitioner, { receivedAt: at('2030-04-20 09:30') });
    await c.advanceTo(at('2030-05-10 10:00'));
    const view = await c.act('issueReviewDecision', ACTORS.reviewHandler, { decision: 'revoked', ...GROUNDS });
    expect(view).toMatchObject({
      step: 'handling',
      handlingUnitId: 'x-zjj',
      handlingRound: 2,
      extensionsUsed: 0,
      replyOutcome: null,
    });
    // Friday 05-10 + 60 = Tuesday 07-09.
    expect(c.clock(view, 'handling#2')).toMatchObject({
      status: 'running',
      unitId: 'x-zjj',
      lastDay: '2030-07-09',
      dueAt: endOf('2030-07-09'),
    });
    expect(c.clock(view, 'handling#1').status).toBe('stopped');
    // 责任倒查: the revoked reply is traced back to the unit and, nobody being assigned the case (分办),
    // to its person in charge (the unit head).
    await c.projected(ctx.dataSource);
    const records = await ctx.dataSource.query(
      `SELECT rule, unit_id, responsible_user_id, evidence FROM accountability_records WHERE petition_id = $1`,
      [c.petitionId],
    );
    expect(records).toEqual([
      expect.objectContaining({
        rule: 'replyChangedOnReview',
        unit_id: 'x-zjj',
        responsible_user_id: 'x-head',
        evidence: expect.objectContaining({ petitionId: c.petitionId }),
      }),
    ]);
    await recordHistory('review-revoked', c.handle);
  });

  it('a unit with no level above has no review: its reply is final on delivery', async () => {
    const provinceRegistrar = { userId: 'p-registrar', role: 'registrar', unitId: 'p-xfj' } as const;
    const provinceHandler = { userId: 'p-handler', role: 'handler', unitId: 'p-zjj' } as const;
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({
      registeredBy: provinceRegistrar,
      registeringUnit: {
        id: 'p-xfj',
        kind: 'petitionOffice',
        level: 'province',
        parentId: null,
        supervisingOfficeId: 'p-xfj',
        supervisingOffices: ['p-xfj'],
      },
    });
    await c.act('route', provinceRegistrar, { unitId: 'p-zjj' });
    await c.act('accept', provinceHandler, {});
    await c.act('issueReply', provinceHandler, { outcome: 'notSupported', ...GROUNDS });
    await c.advanceTo(at('2030-03-04 11:00'));
    const view = await c.deliver(provinceHandler, at('2030-03-04 11:00'));
    expect(view).toMatchObject({ step: 'closed', final: true, closedAt: at('2030-03-04 11:00'), reviewUnitId: null });
    expect(view.clocks.some((k) => k.id === 'reviewRequestWindow')).toBe(false);
  });

  it('a lapsed re-review window makes the review reply final', async () => {
    const c = await deliveredCase();
    await c.advanceTo(at('2030-04-20 10:00'));
    await c.act('requestReview', ACTORS.petitioner, { receivedAt: at('2030-04-20 09:30') });
    await c.advanceTo(at('2030-05-10 10:00'));
    await c.act('issueReviewDecision', ACTORS.reviewHandler, { decision: 'changed', ...GROUNDS });
    await c.advanceTo(at('2030-05-10 16:00'));
    await c.deliver(ACTORS.reviewHandler, at('2030-05-10 15:00'));
    // Friday 05-10 + 30 = Sunday 06-09, rolled to Monday 06-10.
    await c.advanceTo(endOf('2030-06-10') + 1000);
    const result = await c.view();
    expect(result).toMatchObject({
      step: 'closed',
      final: true,
      closedAt: endOf('2030-06-10'),
      reviewDecision: 'changed',
    });
  });

  it('an illegal action at every step is refused with its reason and leaves the case untouched', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register();
    // routing
    await c.expectRejected('accept', ACTORS.handler, {}, 'wrongStep', /cannot accept .* in step "routing"/);
    await c.expectRejected('route', ACTORS.handler, { unitId: 'x-zjj' }, 'wrongRole', /only registrar may route/);
    await c.expectRejected('route', ACTORS.registrar, { unitId: '' }, 'badArgument', /unitId is required/);
    await c.expectRejected(
      'route',
      ACTORS.registrar,
      { unitId: 'no-such-unit' },
      'badArgument',
      /^unitId: the unit does not exist$/,
    );
    await c.expectRejected(
      'assign',
      ACTORS.registrar,
      { unitId: 'x-zjj', reportBackDays: 0 },
      'badArgument',
      /reportBackDays/,
    );
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    // acceptance
    await c.expectRejected(
      'issueReply',
      ACTORS.handler,
      { outcome: 'supported', ...GROUNDS },
      'wrongStep',
      /in step "acceptance"/,
    );
    await c.expectRejected('accept', ACTORS.disciplineHandler, {}, 'wrongUnit', /handlingUnit \(x-zjj\)/);
    await c.expectRejected('decline', ACTORS.handler, { reason: ' ' }, 'badArgument', /reason is required/);
    await c.act('accept', ACTORS.handler, {});
    // handling
    await c.expectRejected(
      'recordDelivery',
      ACTORS.handler,
      { method: 'direct', signedBy: 'petitioner', deliveredAt: Date.now() },
      'wrongStep',
      /in step "handling"/,
    );
    await c.expectRejected(
      'issueReply',
      ACTORS.handler,
      { outcome: 'maybe' as never, ...GROUNDS },
      'badArgument',
      /outcome must be one of/,
    );
    await c.expectRejected('reportBack', ACTORS.handler, { summary: 'done' }, 'badArgument', /not handed down/);
    await c.advanceTo(at('2030-03-20 10:00'));
    await c.act('issueReply', ACTORS.handler, { outcome: 'explained', ...GROUNDS });
    // replyIssued
    await c.expectRejected(
      'recordDelivery',
      ACTORS.handler,
      { method: 'direct', signedBy: 'petitioner', deliveredAt: at('2030-03-19 10:00') },
      'badArgument',
      /before the reply was issued/,
    );
    await c.expectRejected(
      'recordDelivery',
      ACTORS.handler,
      { method: 'direct', signedBy: 'petitioner', deliveredAt: at('2030-03-25 10:00') },
      'badArgument',
      /in the future/,
    );
    await c.expectRejected('confirmImplementation', ACTORS.handler, {}, 'badArgument', /only a supported/);
    await c.deliver(ACTORS.handler, at('2030-03-20 10:00'));
    // reviewWindow
    await c.expectRejected(
      'requestReview',
      ACTORS.handler,
      { receivedAt: at('2030-03-20 10:00') },
      'wrongRole',
      /registrar or petitioner/,
    );
    await c.expectRejected(
      'requestReview',
      ACTORS.petitioner,
      { receivedAt: at('2030-03-19 12:00') },
      'badArgument',
      /before the reply was delivered/,
    );
    await c.advanceTo(at('2030-03-22 10:00'));
    await c.act('requestReview', ACTORS.registrar, { receivedAt: at('2030-03-22 09:00') });
    // review
    await c.expectRejected(
      'issueReviewDecision',
      ACTORS.handler,
      { decision: 'upheld', ...GROUNDS },
      'wrongUnit',
      /reviewUnit \(c-zjj\)/,
    );
    await c.expectRejected(
      'issueReviewDecision',
      ACTORS.reviewHandler,
      { decision: 'annulled' as never, ...GROUNDS },
      'badArgument',
      /decision must be one of/,
    );
    await c.act('issueReviewDecision', ACTORS.reviewHandler, { decision: 'upheld', ...GROUNDS });
    await c.advanceTo(at('2030-03-22 13:00'));
    // reviewDecided
    await c.expectRejected(
      'recordDelivery',
      ACTORS.handler,
      { method: 'direct', signedBy: 'petitioner', deliveredAt: at('2030-03-22 11:00') },
      'wrongUnit',
      /replyingUnit \(c-zjj\)/,
    );
    await c.deliver(ACTORS.reviewHandler, at('2030-03-22 11:00'));
    // reReviewWindow → reReview
    await c.expectRejected(
      'startHearing',
      ACTORS.reReviewHandler,
      { startDate: '2030-03-22' },
      'wrongStep',
      /in step "reReviewWindow"/,
    );
    await c.act('requestReReview', ACTORS.petitioner, { receivedAt: at('2030-03-22 12:00') });
    await c.expectRejected(
      'endHearing',
      ACTORS.reReviewHandler,
      { endDate: '2030-03-22' },
      'badArgument',
      /no hearing is open/,
    );
    await c.expectRejected(
      'startHearing',
      ACTORS.reReviewHandler,
      { startDate: '2030-04-01' },
      'badArgument',
      /in the future/,
    );
    await c.act('startHearing', ACTORS.reReviewHandler, { startDate: '2030-03-22' });
    await c.expectRejected(
      'issueReReviewDecision',
      ACTORS.reReviewHandler,
      { decision: 'upheld', ...GROUNDS },
      'badArgument',
      /end the hearing/,
    );
    await c.expectRejected(
      'endHearing',
      ACTORS.reReviewHandler,
      { endDate: '2030-03-21' },
      'badArgument',
      /before the hearing started/,
    );
  });

  it('the same request id applied twice changes nothing', async () => {
    const c = await routedCase();
    const first = await c.act('accept', ACTORS.handler, {}, 'accept-once');
    const again = await c.act('accept', ACTORS.handler, {}, 'accept-once');
    expect(again.revision).toBe(first.revision);
    expect(again.clocks.filter((k) => k.id === 'handling')).toHaveLength(1);
    const [{ n }] = await ctx.dataSource.query(
      `SELECT count(*)::int AS n FROM petition_events WHERE petition_id = $1 AND type = 'accepted'`,
      [c.petitionId],
    );
    expect(n).toBe(1);
  });

  it('a handed-down case (交办) carries a report-back clock set by the sender; the report stops it', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register();
    let view = await c.act('assign', ACTORS.registrar, { unitId: 'x-zjj', reportBackDays: 20 });
    // Monday 03-04 + 20 = Sunday 03-24, rolled to Monday 03-25.
    expect(c.clock(view, 'assignedReport#1')).toMatchObject({
      lengthDays: 20,
      lastDay: '2030-03-25',
      dueAt: endOf('2030-03-25'),
    });
    await c.act('accept', ACTORS.handler, {});
    view = await c.act('reportBack', ACTORS.unitHead, { summary: '已受理并开展调查' });
    expect(c.clock(view, 'assignedReport#1')).toMatchObject({ status: 'stopped', overdue: false });
  });

  it('a long case continues as new with its full state and reaches its end', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({}, { continueAsNewAtHistoryLength: 25 });
    const firstRun = (await c.handle.describe()).runId;
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    await c.act('accept', ACTORS.handler, {});
    await c.advanceTo(at('2030-04-10 10:00')); // 70% and 90% warnings fire on the way
    await c.act('issueReply', ACTORS.handler, { outcome: 'explained', ...GROUNDS });
    await c.deliver(ACTORS.handler, at('2030-04-10 10:00'));
    await c.advanceTo(at('2030-05-20 10:00'));
    const result = await c.view();
    const lastRun = (await c.handle.describe()).runId;
    expect(lastRun).not.toBe(firstRun);
    expect(result).toMatchObject({ step: 'closed', final: true });
    expect(result.milestones.map((m) => m.type)).toEqual([
      'registered',
      'transferred',
      'accepted',
      'replied',
      'replyDelivered',
      'final',
    ]);
    expect(result.clocks.map((k) => k.key)).toEqual([
      'routing#1',
      'misrouteObjection#1',
      'acceptanceNotice#1',
      'handling#1',
      'reviewRequestWindow#1',
    ]);
    const events = await ctx.dataSource.query(`SELECT seq FROM petition_events WHERE petition_id = $1 ORDER BY seq`, [
      c.petitionId,
    ]);
    expect(events.map((e: { seq: number }) => e.seq)).toEqual(events.map((_: unknown, i: number) => i + 1));
  });
});
