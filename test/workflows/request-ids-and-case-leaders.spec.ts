/**
 * A request id means one request (issue 20, item 3), and a case leader (包案领导) sits over the case,
 * never in the accused unit (item 4): the petition workflow on the time-skipping server, with the
 * real worker and PostgreSQL. The requests are those the probe sent.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ActionArgs, ActionName, Actor, LeaderPlacement, PetitionView } from '../../libs/process';
import { REJECTION_FAILURE_TYPE_PREFIX, petitionUpdates } from '../../workflows/petition/petition.contract';
import { ACTORS, CaseDriver, at } from '../support/case-driver';
import { useTimeSkippingWorker } from '../support/harness';

const SUPERVISOR: Actor = { userId: 'x-supervisor', role: 'supervisor', unitId: 'x-xfj' };
/** Where the API finds the demo leaders (libs/persistence/leader-placement.ts over the demo seed). */
const PLACED: Record<string, LeaderPlacement> = {
  'x-leader': {
    userId: 'x-leader',
    unitId: 'x-zjj',
    level: 'county',
    officeId: 'x-xfj',
    unitChain: ['x-zjj', 'c-zjj', 'p-zjj'],
  },
  'y-leader': {
    userId: 'y-leader',
    unitId: 'y-zjj',
    level: 'county',
    officeId: 'y-xfj',
    unitChain: ['y-zjj', 'c-zjj', 'p-zjj'],
  },
  'c-leader': { userId: 'c-leader', unitId: 'c-zjj', level: 'city', officeId: 'c-xfj', unitChain: ['c-zjj', 'p-zjj'] },
};

describe('request ids and case leaders in the petition workflow', () => {
  const ctx = useTimeSkippingWorker('request-ids');

  /** One update as the API sends it: a chosen request id, and the leader's placement when it names one. */
  function send<A extends ActionName>(
    c: CaseDriver,
    action: A,
    actor: Actor,
    args: ActionArgs[A],
    requestId: string,
    leaderPlacement?: LeaderPlacement,
  ): Promise<PetitionView> {
    return c.handle.executeUpdate(petitionUpdates[action] as never, {
      args: [{ requestId, actor, args, ...(leaderPlacement ? { leaderPlacement } : {}) }],
    }) as Promise<PetitionView>;
  }
  async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof WorkflowUpdateFailedError)) throw new Error(`expected a refusal, got ${String(error)}`);
    const cause = error.cause as ApplicationFailure;
    return { code: cause.type!.slice(REJECTION_FAILURE_TYPE_PREFIX.length), message: cause.message };
  }
  const events = async (c: CaseDriver) => {
    await c.projected(ctx.dataSource);
    return (await ctx.dataSource.query(
      `SELECT type, request_id FROM petition_events WHERE petition_id = $1 ORDER BY seq`,
      [c.petitionId],
    )) as { type: string; request_id: string | null }[];
  };

  it('a request id already applied answers only its own retry; reused for another action, unit, actor or arguments it is refused, naming the earlier action, and nothing changes', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register();
    const routed = await send(c, 'route', ACTORS.registrar, { unitId: 'x-zjj' }, 'route-1');
    const before = await events(c);

    // The retry: the same answer, nothing new.
    expect((await send(c, 'route', ACTORS.registrar, { unitId: 'x-zjj' }, 'route-1')).revision).toBe(routed.revision);
    // What the probe sent: a decline, an accept and a route to another unit, each reusing route-1.
    for (const [action, actor, args] of [
      ['decline', ACTORS.handler, { reason: '不属于本单位职责' }],
      ['accept', ACTORS.handler, {}],
      ['route', ACTORS.registrar, { unitId: 'x-jw' }],
      ['route', { ...ACTORS.registrar, userId: 'x-registrar-2' }, { unitId: 'x-zjj' }],
    ] as [ActionName, Actor, never][]) {
      const refused = await refusal(send(c, action, actor, args, 'route-1'));
      expect(refused.code).toBe('idempotencyConflict');
      expect(refused.message).toMatch(/requestId was already used on this case for .*"route"/);
    }
    // The registration's own request id is taken too.
    expect((await refusal(send(c, 'accept', ACTORS.handler, {}, `register-${c.petitionId}`))).message).toMatch(
      /"register"/,
    );

    const after = await c.view();
    expect(after).toMatchObject({ step: 'acceptance', handlingUnitId: 'x-zjj', revision: routed.revision });
    expect(await events(c)).toEqual(before);
  });

  it('包案: a leader of the accused unit (or a unit under it) is refused as protectedParty and the attempt recorded; a leader of another county or level is refused; the county leader over the case is accepted', async () => {
    // An accusation against 市住建局 (c-zjj), handled by 县住建局 (x-zjj), which is under it.
    const accusation = new CaseDriver(ctx.env, ctx.taskQueue);
    await accusation.advanceTo(at('2030-03-04 10:00'));
    await accusation.register({ category: 'accusation', accusedUnitId: 'c-zjj' });
    await accusation.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    const leaderOfAccused = await refusal(
      send(
        accusation,
        'assignCaseLeader',
        ACTORS.unitHead,
        { leaderUserId: 'x-leader', resolutionDays: 30 },
        'leader-1',
        PLACED['x-leader'],
      ),
    );
    expect(leaderOfAccused).toEqual({
      code: 'protectedParty',
      message: expect.stringMatching(/^leaderUserId: a leader of the accused unit \(or of a unit under it\)/),
    });
    expect((await events(accusation)).slice(-1)).toEqual([{ type: 'actionRefused', request_id: 'leader-1' }]);
    const ledger = await ctx.dataSource.query(
      `SELECT rule, unit_id, responsible_user_id, record_key FROM accountability_records WHERE petition_id = $1`,
      [accusation.petitionId],
    );
    expect(ledger).toEqual([
      {
        rule: 'accusedPartyAccess',
        unit_id: 'x-zjj',
        responsible_user_id: 'x-head',
        record_key: expect.stringContaining('refused:leader-1'),
      },
    ]);
    expect((await accusation.view()).caseLeader).toBeNull();

    // An accusation against 县住建局 itself, handled by 县纪委监委: the probe's case.
    const probe = new CaseDriver(ctx.env, ctx.taskQueue);
    await probe.register({ category: 'accusation', accusedUnitId: 'x-zjj' });
    await probe.act('route', ACTORS.registrar, { unitId: 'x-jw' });
    expect(
      (
        await refusal(
          send(
            probe,
            'assignCaseLeader',
            SUPERVISOR,
            { leaderUserId: 'x-leader', resolutionDays: 30 },
            'probe-leader',
            PLACED['x-leader'],
          ),
        )
      ).code,
    ).toBe('protectedParty');

    // Another county's leader, and a city leader, on a county case.
    const plain = new CaseDriver(ctx.env, ctx.taskQueue);
    await plain.register();
    await plain.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    expect(
      await refusal(
        send(
          plain,
          'assignCaseLeader',
          ACTORS.unitHead,
          { leaderUserId: 'y-leader', resolutionDays: 30 },
          'other-county',
          PLACED['y-leader'],
        ),
      ),
    ).toEqual({
      code: 'wrongUnit',
      message: "leaderUserId: the leader's unit is not over the case at the county level (another region)",
    });
    expect(
      await refusal(
        send(
          plain,
          'assignCaseLeader',
          ACTORS.unitHead,
          { leaderUserId: 'c-leader', resolutionDays: 30 },
          'other-level',
          PLACED['c-leader'],
        ),
      ),
    ).toEqual({
      code: 'wrongUnit',
      message: 'leaderUserId: the case needs a county-level leader; this leader is of a city-level unit',
    });
    const led = await send(
      plain,
      'assignCaseLeader',
      ACTORS.unitHead,
      { leaderUserId: 'x-leader', resolutionDays: 30 },
      'own-county',
      PLACED['x-leader'],
    );
    expect(led.caseLeader).toMatchObject({ userId: 'x-leader' });
  });

  it('a refusal names the field, never the unit id the client typed', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register();
    const refused = await refusal(send(c, 'route', ACTORS.registrar, { unitId: 'nosuch-secretunit' }, 'route-nosuch'));
    expect(refused).toEqual({ code: 'badArgument', message: 'unitId: the unit does not exist' });
  });
});
