/**
 * 签发 (DOMAIN §2a), through the real worker on the time-skipping server with real PostgreSQL: the
 * handler drafts the 处理意见书 and the reviewing organs draft their decisions; only the head of the
 * drafting unit approves (the 文号 is taken and the document issued then) or returns the draft with
 * comments. The handling period is met when the reply is issued, not when it is drafted: a draft
 * made in time and approved late is overdue. Cases are set in March 2030.
 */
import type { Actor, PetitionView } from '../../libs/process';
import { ACTORS, CaseDriver, GROUNDS, at } from '../support/case-driver';
import { useTimeSkippingWorker } from '../support/harness';
import { recordHistory } from '../support/history-recorder';
import { pdfWords } from '../support/pdf-text';

const DAY = 86_400_000;
const COUNTY_HEAD: Actor = { userId: 'x-head', role: 'unitHead', unitId: 'x-zjj' };
const CITY_HEAD: Actor = { userId: 'c-head', role: 'unitHead', unitId: 'c-zjj' };
const PROVINCE_HEAD: Actor = { userId: 'p-head', role: 'unitHead', unitId: 'p-zjj' };

describe('签发: drafts approved or returned by the head of the drafting unit', () => {
  const ctx = useTimeSkippingWorker('approvals');

  async function events(c: CaseDriver) {
    await c.projected(ctx.dataSource);
    const rows: { type: string; data: Record<string, unknown>; actor_user_id: string | null }[] =
      await ctx.dataSource.query(
        `SELECT type, data, actor_user_id FROM petition_events WHERE petition_id = $1 ORDER BY seq`,
        [c.petitionId],
      );
    return rows;
  }

  async function documentWords(documentId: string): Promise<string> {
    const [row] = await ctx.dataSource.query(`SELECT content FROM documents WHERE id = $1`, [documentId]);
    return pdfWords(row.content);
  }

  async function acceptedCase(): Promise<CaseDriver> {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    c.signOff = false;
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register();
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    await c.act('accept', ACTORS.handler, {});
    return c;
  }

  it('the reply: drafted in time, returned with comments, redrafted, approved after the period ended: overdue, and only then numbered and issued', async () => {
    const c = await acceptedCase();
    const due = c.clock(await c.view(), 'handling#1').dueAt!;
    await c.advanceTo(due - 5 * DAY);

    let view: PetitionView = await c.act('issueReply', ACTORS.handler, { outcome: 'explained', ...GROUNDS });
    expect(view.step).toBe('handling');
    expect(view.approvals).toBe(true);
    expect(view.draft).toMatchObject({
      draftNo: 1,
      kind: 'reply',
      unitId: 'x-zjj',
      draftedBy: 'x-handler',
      details: { kind: 'reply', outcome: 'explained', grounds: GROUNDS, reviewUnitId: 'c-zjj' },
    });
    // A draft is no reply: no document, no 文号, nothing to deliver, and the period runs on.
    expect(view.documents.map((d) => d.kind)).toEqual(['acceptanceNotice']);
    expect(view.awaitingDelivery).toBeNull();
    expect(c.clock(view, 'handling#1').status).toBe('running');

    // Only the head of the handling unit approves: not its handler, not the head of another unit.
    await c.expectRejected('approveDraft', ACTORS.handler, { draftNo: 1 }, 'wrongRole', /unitHead/);
    await c.expectRejected('approveDraft', CITY_HEAD, { draftNo: 1 }, 'wrongUnit', /x-zjj/);
    await c.expectRejected('returnDraft', CITY_HEAD, { draftNo: 1, comments: '请补充' }, 'wrongUnit', /x-zjj/);
    // One draft at a time, and the head acts on the draft previewed.
    await c.expectRejected(
      'issueReply',
      ACTORS.handler,
      { outcome: 'supported', ...GROUNDS },
      'badArgument',
      /draft 1 awaits/,
    );
    await c.expectRejected('approveDraft', COUNTY_HEAD, { draftNo: 2 }, 'badArgument', /not the draft awaiting/);
    await c.expectRejected('returnDraft', COUNTY_HEAD, { draftNo: 1, comments: ' ' }, 'badArgument', /comments/);

    view = await c.act('returnDraft', COUNTY_HEAD, { draftNo: 1, comments: '请写明现场核查的时间和参加人员' });
    expect(view.draft).toBeNull();
    expect(view.returnedDraft).toMatchObject({
      draftNo: 1,
      kind: 'reply',
      comments: '请写明现场核查的时间和参加人员',
      returnedBy: 'x-head',
    });
    await c.expectRejected('approveDraft', COUNTY_HEAD, { draftNo: 1 }, 'badArgument', /no draft awaits/);

    const redrafted = { ...GROUNDS, facts: `2030年4月28日经现场核查（承办人两名），${GROUNDS.facts}` };
    view = await c.act('issueReply', ACTORS.handler, { outcome: 'explained', ...redrafted });
    expect(view.draft).toMatchObject({ draftNo: 2, details: { grounds: redrafted } });

    // The head signs only after the period ended: the reply was drafted in time, but it is issued late.
    await c.advanceTo(due + DAY);
    view = await c.view();
    expect(c.clock(view, 'handling#1')).toMatchObject({ status: 'running', overdue: true });
    expect(c.clock(view, 'handling#1').firedRungs).toContain('breach');

    const approvedAt = await ctx.env.currentTimeMs();
    view = await c.act('approveDraft', COUNTY_HEAD, { draftNo: 2 });
    expect(view.step).toBe('replyIssued');
    expect(view.draft).toBeNull();
    expect(c.clock(view, 'handling#1')).toMatchObject({ status: 'stopped' });
    expect(c.clock(view, 'handling#1').stoppedAt).toBeGreaterThanOrEqual(approvedAt);
    const reply = view.documents.find((d) => d.kind === 'reply')!;
    expect(reply.number).toMatch(/〔2030〕\d+号$/);
    expect(view.awaitingDelivery).toMatchObject({ documentId: reply.documentId, kind: 'reply' });
    expect(view.milestones.find((m) => m.type === 'replied')?.document?.number).toBe(reply.number);

    const words = await documentWords(reply.documentId);
    expect(words).toContain('信访事项处理意见书');
    expect(words).toContain(reply.number);
    expect(words).toContain('2030年4月28日经现场核查');
    expect(words).not.toContain('草稿');

    const timeline = await events(c);
    const approvalEvents = timeline
      .filter((e) => /^draft|^replyIssued$/.test(e.type))
      .map((e) => [e.type, e.actor_user_id, e.data.draftNo ?? null]);
    expect(approvalEvents).toEqual([
      ['draftSubmitted', 'x-handler', 1],
      ['draftReturned', 'x-head', 1],
      ['draftSubmitted', 'x-handler', 2],
      ['draftApproved', 'x-head', 2],
      ['replyIssued', 'x-head', null],
    ]);
    expect(timeline.find((e) => e.type === 'draftReturned')?.data.comments).toBe('请写明现场核查的时间和参加人员');

    // The period was missed by the issue, not by the draft: the ledger records it against the unit.
    await c.projected(ctx.dataSource);
    const overdue: { unit_id: string; responsible_user_id: string | null }[] = await ctx.dataSource.query(
      `SELECT unit_id, responsible_user_id FROM accountability_records
        WHERE petition_id = $1 AND kind = 'trigger' AND rule = 'handlingOverdue'`,
      [c.petitionId],
    );
    expect(overdue).toHaveLength(1);
    expect(overdue[0].unit_id).toBe('x-zjj');
    expect(overdue[0].responsible_user_id).not.toBeNull();
    await recordHistory('approvals-reply-returned-redrafted-approved-late', c.handle);
  });

  it('review and re-review decisions are drafted and approved at the reviewing organ, by its own head', async () => {
    const c = await acceptedCase();
    await c.act('issueReply', ACTORS.handler, { outcome: 'notSupported', ...GROUNDS });
    await c.act('approveDraft', COUNTY_HEAD, { draftNo: 1 });
    await c.advanceTo(at('2030-03-06 10:00'));
    await c.deliver(ACTORS.handler, at('2030-03-05 15:00'));
    await c.act('requestReview', ACTORS.registrar, { receivedAt: at('2030-03-06 09:00') });

    let view = await c.act('issueReviewDecision', ACTORS.reviewHandler, { decision: 'upheld', ...GROUNDS });
    expect(view.step).toBe('review');
    expect(view.draft).toMatchObject({ draftNo: 2, kind: 'reviewDecision', unitId: 'c-zjj' });
    expect(c.clock(view, 'review#1').status).toBe('running');
    // The head of the unit whose reply is reviewed has no say over the review.
    await c.expectRejected('approveDraft', COUNTY_HEAD, { draftNo: 2 }, 'wrongUnit', /c-zjj/);
    await c.expectRejected('approveDraft', ACTORS.reviewHandler, { draftNo: 2 }, 'wrongRole', /unitHead/);
    view = await c.act('approveDraft', CITY_HEAD, { draftNo: 2 });
    expect(view.step).toBe('reviewDecided');
    expect(c.clock(view, 'review#1').status).toBe('stopped');
    const review = view.documents.find((d) => d.kind === 'reviewDecision')!;
    expect(review.unitId).toBe('c-zjj');

    await c.advanceTo(at('2030-03-06 17:00'));
    await c.deliver(ACTORS.reviewHandler, at('2030-03-06 15:00'));
    await c.act('requestReReview', ACTORS.registrar, { receivedAt: at('2030-03-06 16:00') });
    view = await c.act('issueReReviewDecision', ACTORS.reReviewHandler, { decision: 'upheld', ...GROUNDS });
    expect(view.draft).toMatchObject({ draftNo: 3, kind: 'reReviewDecision', unitId: 'p-zjj' });
    // A hearing would reopen the facts the draft states: the head decides on the draft first.
    await c.expectRejected(
      'startHearing',
      ACTORS.reReviewHandler,
      { startDate: '2030-03-06' },
      'badArgument',
      /awaits the unit head/,
    );
    await c.expectRejected('approveDraft', CITY_HEAD, { draftNo: 3 }, 'wrongUnit', /p-zjj/);
    view = await c.act('approveDraft', PROVINCE_HEAD, { draftNo: 3 });
    expect(view.step).toBe('reReviewDecided');
    const reReview = view.documents.find((d) => d.kind === 'reReviewDecision')!;
    expect(reReview.unitId).toBe('p-zjj');
    const words = await documentWords(reReview.documentId);
    expect(words).toContain(reReview.number);
    expect(words).not.toContain('草稿');
  });
});
