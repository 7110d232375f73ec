/**
 * Years after a case closed (DOMAIN §8): a case that ran to final — reply, delivery, the review
 * window lapsing, both 回头看 checks — across several runs (continue-as-new) is archived once
 * when its workflow closes; with that Temporal server gone, its history replays against the
 * current code and the read model is verified from the archive alone; an edited read-model row
 * and an edited timeline line are each found.
 */
import { CaseHistory, closeStatus, decodeCaseHistory, fetchCaseHistory } from '../../libs/audit/case-history';
import { loadCaseHistory } from '../../libs/audit/case-history-source';
import { archiveCaseHistory, archiveRow } from '../../libs/audit/history-archive';
import { readHistory } from '../../libs/audit/history-reading';
import { compareTimelines, timelineFromHistory } from '../../libs/audit/history-timeline';
import { verifyReadModel } from '../../libs/audit/read-model-verification';
import { replayCases } from '../../libs/audit/replay';
import { ACTORS, CaseDriver, GROUNDS, at, endOf } from '../support/case-driver';
import { testDataConverter, useTimeSkippingWorker, workflowBundle } from '../support/harness';
import { asOwner } from '../support/owner';

const DAY = 86_400_000;

describe('archive, replay and verification after the Temporal server is gone', () => {
  const ctx = useTimeSkippingWorker('archive');

  it('a case run to final over several runs is archived once; from the archive alone it replays and its read model verifies', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({}, { continueAsNewAtHistoryLength: 40 });
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    await c.advanceTo(at('2030-03-06 10:00'));
    await c.act('accept', ACTORS.handler, {});
    await c.advanceTo(at('2030-04-10 10:00'));
    await c.act('issueReply', ACTORS.unitHead, { outcome: 'supported', ...GROUNDS });
    // Delivered that morning, after the reply was issued (a receipt dated before it is refused).
    await c.advanceTo(at('2030-04-10 11:00'));
    await c.deliver(ACTORS.handler, at('2030-04-10 10:30'));
    await c.act('confirmImplementation', ACTORS.handler, { note: '维修资金已拨付' });
    await c.advanceTo(endOf('2030-05-10') + 60_000);
    const closed = await c.view();
    expect(closed).toMatchObject({ step: 'closed', final: true });
    for (const followUp of closed.followUps) {
      await c.advanceTo(followUp.dueAt + 3_600_000);
      await c.act('recordFollowUp', ACTORS.handler, { result: 'stable', note: '已回访，问题未反弹' });
    }
    await c.advanceTo(closed.closedAt! + 200 * DAY);
    await c.handle.result();

    const workflowId = c.handle.workflowId;
    const history = await fetchCaseHistory(ctx.env.client, workflowId);
    expect(history.runs.length).toBeGreaterThan(1);
    expect(closeStatus(history)).toBe('completed');
    expect(history.runs[0].history.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');

    // Written once: the second archiver finds it and adds nothing.
    expect(await archiveCaseHistory(ctx.dataSource.manager, c.petitionId, history, 'test')).toBe('archived');
    const first = await archiveRow(ctx.dataSource.manager, c.petitionId);
    expect(
      await archiveCaseHistory(
        ctx.dataSource.manager,
        c.petitionId,
        await fetchCaseHistory(ctx.env.client, workflowId),
        'test',
      ),
    ).toBe('alreadyArchived');
    expect(await archiveRow(ctx.dataSource.manager, c.petitionId)).toEqual(first);
    expect(first).toMatchObject({ runCount: history.runs.length, closeStatus: 'completed' });
    expect(first!.compressedBytes).toBeLessThan(first!.uncompressedBytes);

    // The Temporal server and everything it held are gone.
    await ctx.worker!.stop();
    await ctx.env.teardown();
    ctx.worker = undefined;
    ctx.env = undefined as never;
    const temporalGone = async (): Promise<never> => {
      throw new Error('Temporal is gone: the archive must be enough');
    };

    const loaded = await loadCaseHistory(ctx.dataSource.manager, temporalGone, c.petitionId, workflowId);
    expect(loaded.source).toBe('archive');
    const [replayed] = await replayCases(
      { workflowBundle: await workflowBundle(), dataConverter: testDataConverter() },
      [loaded],
    );
    expect(replayed).toMatchObject({
      deterministic: true,
      divergence: null,
      runs: history.runs.length,
      source: 'archive',
    });

    const reading = readHistory(await decodeCaseHistory(testDataConverter(), loaded.history));
    expect(reading.requests.map((r) => [r.action, r.outcome])).toEqual([
      ['route', 'accepted'],
      ['accept', 'accepted'],
      ['issueReply', 'accepted'],
      ['approveDraft', 'accepted'], // 签发 by the head (the driver approves the draft it made)
      ['recordDelivery', 'accepted'],
      ['confirmImplementation', 'accepted'],
      ['recordFollowUp', 'accepted'],
      ['recordFollowUp', 'accepted'],
    ]);
    const verified = await verifyReadModel(ctx.dataSource.manager, c.petitionId, reading);
    expect(verified.divergences).toEqual([]);
    expect(verified.rowsCompared).toBeGreaterThan(20);

    const timeline = timelineFromHistory(reading);
    const readModelTimeline = async () =>
      ctx.dataSource.query(
        `SELECT seq, type, at, actor_user_id AS "actorUserId", actor_role AS "actorRole", actor_unit_id AS "actorUnitId",
                request_id AS "requestId", clock_key AS "clockKey", data FROM petition_events WHERE petition_id = $1 ORDER BY seq`,
        [c.petitionId],
      );
    expect(compareTimelines(timeline, await readModelTimeline())).toEqual([]);
    const reply = timeline.find((e) => e.type === 'replyIssued')!;
    expect(reply).toMatchObject({
      actor: ACTORS.unitHead,
      stepBefore: 'handling',
      stepAfter: 'replyIssued',
      reasons: { outcome: 'supported' },
    });
    expect(reply.at).toMatch(/^2030-04-10T10:00:\d\d(\.\d{3})?\+08:00$/);
    expect(timeline.some((e) => e.type === 'clockStarted' && e.clockKey === 'handling#1')).toBe(true);

    // A row edited behind the service's back, and a timeline line changed, are found.
    await ctx.dataSource.query(
      `UPDATE petition_clocks SET due_at = due_at + interval '1 day' WHERE petition_id = $1 AND clock_key = 'handling#1'`,
      [c.petitionId],
    );
    await asOwner(`UPDATE petition_events SET actor_user_id = 'x-head' WHERE petition_id = $1 AND type = 'accepted'`, [
      c.petitionId,
    ]);
    const tampered = await verifyReadModel(ctx.dataSource.manager, c.petitionId, reading);
    expect(tampered.ok).toBe(false);
    expect(tampered.divergences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'petition_clocks', key: 'handling#1', kind: 'changed', field: 'due_at' }),
        expect.objectContaining({
          table: 'petition_events',
          kind: 'changed',
          field: 'actor_user_id',
          expected: 'x-handler',
          actual: 'x-head',
        }),
      ]),
    );
    const accepted = timeline.find((e) => e.type === 'accepted')!;
    expect(compareTimelines(timeline, await readModelTimeline())).toEqual([
      { seq: accepted.seq, kind: 'changed', field: 'actorUserId', history: 'x-handler', readModel: 'x-head' },
    ]);
    const staleView: CaseHistory = loaded.history;
    expect(staleView.runs.length).toBe(history.runs.length);
  });
});
