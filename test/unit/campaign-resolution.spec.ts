/**
 * 已化解 in a campaign comes from the petition's own state (issue 16 item 11): under campaign policy
 * v2 a progress note alone neither counts in a bulletin (so no 表扬 and no escape from 约谈) nor is
 * accepted as a resolution; once the petition's reply is issued and delivered (or it is closed) it
 * is. A v1 campaign keeps its rule. And the actions the console offers on a case are exactly what the
 * workflow's validator accepts as far as role, unit and the case's state go (one rule, one place).
 */
import { computeBulletin } from '../../libs/process/campaign-bulletin';
import { CAMPAIGN_CASE_ACTIONS, availableCaseActions } from '../../libs/process/campaign-case-actions';
import { CAMPAIGN_POLICY_V1, CAMPAIGN_POLICY_V2, CURRENT_CAMPAIGN_POLICY } from '../../libs/process/campaign-policy';
import type { CampaignCaseFacts } from '../../libs/process/campaign-selection';
import type { Actor, Role } from '../../libs/process';
import type { Step } from '../../libs/process/policy';
import type { CampaignActionArgs } from '../../workflows/campaign/campaign.contract';
import {
  CampaignActionRejected,
  CampaignContext,
  CampaignState,
  applyAction,
  emptyOutbox,
  launch,
  validateAction,
} from '../../workflows/campaign/campaign.state';
import { advanceTime, issueBulletin } from '../../workflows/campaign/campaign.time';

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const DAY = 86_400_000;
const LAUNCH = at('2031-03-03T10:00:00');
const OFFICE = 'q-xfj';
const CASE_UNIT = 'q1-zjj';
const PETITION = '00000000-0000-4000-8000-00000000a001';
const officeSupervisor: Actor = { userId: 'q-supervisor', role: 'supervisor', unitId: OFFICE };
const handler: Actor = { userId: 'q1-handler', role: 'handler', unitId: CASE_UNIT };
const countySupervisor: Actor = { userId: 'q1-supervisor', role: 'supervisor', unitId: 'q1-xfj' };

const facts = (step: Step): CampaignCaseFacts => ({
  petitionId: PETITION,
  category: 'appeal',
  accusedUnitId: null,
  imported: false,
  unitId: CASE_UNIT,
  unitLevel: 'county',
  regionPath: 'p.q.q1',
  offices: [
    { unitId: 'q1-xfj', level: 'county' },
    { unitId: OFFICE, level: 'city' },
  ],
  step,
  receivedAt: at('2030-06-01T09:00:00'),
  repeatOf: [],
  reopenedCount: 0,
  listedForSupervision: false,
});

function launched(policyVersion = CURRENT_CAMPAIGN_POLICY.version): CampaignState {
  const outbox = emptyOutbox();
  const args: CampaignActionArgs['createCampaign'] = {
    name: '积案化解',
    planRef: '测〔2031〕1号',
    startDate: '2031-03-03',
    targetDate: '2031-05-31',
    cadenceDays: 7,
    rules: {
      openLongerThanDays: 180,
      repeatPetitions: false,
      reopenedAfterRelapse: false,
      listedForSupervision: false,
      importedBacklog: false,
    },
    office: { unitId: OFFICE, level: 'city', regionPath: 'p.q' },
  };
  const state = launch('c1', { requestId: 'create', actor: officeSupervisor, args }, LAUNCH, outbox);
  state.policyVersion = policyVersion;
  new CampaignContext(state, outbox, LAUNCH, null, null).join(facts('handling'), {
    by: 'rule',
    reasons: ['openLongerThan'],
  });
  return state;
}

let n = 0;
function act<A extends keyof CampaignActionArgs>(
  state: CampaignState,
  action: A,
  actor: Actor,
  args: CampaignActionArgs[A],
  now: number,
  caseFacts: CampaignCaseFacts | null = null,
): void {
  applyAction(state, action, { requestId: `r${++n}`, actor, args }, now, caseFacts, emptyOutbox());
}

function bulletinResolved(state: CampaignState, asOf: number) {
  const outbox = emptyOutbox();
  issueBulletin(state, asOf, 'scheduled', outbox);
  const figures = outbox.bulletins[0].figures;
  return { resolved: figures.totals.resolved, verdict: figures.units[0].verdict };
}

describe('已化解 from the petition, not from a progress note (campaign policy v2)', () => {
  it('new campaigns are launched under v2', () => {
    expect(CURRENT_CAMPAIGN_POLICY.version).toBe(CAMPAIGN_POLICY_V2.version);
    expect(launched().policyVersion).toBe('campaign-2026/v2');
  });

  it('a resolution reported while the petition is still being handled is refused on its status, and changes nothing', () => {
    const state = launched();
    const before = JSON.stringify(state);
    let refusal: unknown;
    try {
      act(
        state,
        'recordProgress',
        handler,
        { petitionId: PETITION, status: 'resolved', note: '已谈话' },
        LAUNCH + DAY,
        facts('handling'),
      );
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(CampaignActionRejected);
    expect(refusal).toMatchObject({
      field: 'args.status',
      messageKey: 'campaign.petitionNotSettled',
      params: { step: 'handling' },
    });
    expect(JSON.stringify(state)).toBe(before);
    // 在办 is a note like any other.
    act(
      state,
      'recordProgress',
      handler,
      { petitionId: PETITION, status: 'inProgress', note: '已约谈信访人' },
      LAUNCH + DAY,
      facts('handling'),
    );
    expect(state.cases[0].status).toBe('inProgress');
  });

  it('a note of 已化解 alone (the petition unsettled since) is not counted: no praise; once the reply is delivered it is', () => {
    const state = launched();
    act(
      state,
      'recordProgress',
      handler,
      { petitionId: PETITION, status: 'resolved', note: '已送达' },
      LAUNCH + DAY,
      facts('reviewWindow'),
    );
    // The petitioner asked for review: the petition is open again, the note still says resolved.
    state.cases[0].petitionStep = 'review';
    const bulletin1 = at('2031-03-10T09:00:00');
    expect(bulletinResolved(state, bulletin1)).toEqual({ resolved: 0, verdict: null });
    state.cases[0].petitionStep = 'reReviewWindow';
    expect(bulletinResolved(state, bulletin1 + 7 * DAY)).toEqual({ resolved: 1, verdict: 'praise' });
  });

  it('a unit whose cases are only noted resolved is still a laggard (约谈) once a quarter of the time is gone', () => {
    const state = launched(CAMPAIGN_POLICY_V2.version);
    // Reported while settled, then the petition went back into review: the note stays, the figure does not.
    act(
      state,
      'recordProgress',
      handler,
      { petitionId: PETITION, status: 'resolved', note: '已化解' },
      LAUNCH + DAY,
      facts('reviewWindow'),
    );
    state.cases[0].petitionStep = 'review';
    expect(bulletinResolved(state, at('2031-04-07T09:00:00')).verdict).toBe('laggard');
  });

  it('销号 is refused while the petition is not settled, even with the 回头看 passed', () => {
    const state = launched();
    act(
      state,
      'recordProgress',
      handler,
      { petitionId: PETITION, status: 'resolved', note: '已送达' },
      LAUNCH + DAY,
      facts('reviewWindow'),
    );
    advanceTime(state, LAUNCH + 32 * DAY, emptyOutbox()); // the 回头看 falls due 30 days after the report
    expect(state.cases[0].followUp?.status).toBe('open');
    act(
      state,
      'recordFollowUpCheck',
      handler,
      { petitionId: PETITION, result: 'stable', note: '稳定' },
      LAUNCH + 32 * DAY,
    );
    const strike = {
      petitionId: PETITION,
      documentRef: '化解协议 1号',
      rating: 'satisfied' as const,
      note: '同意销号',
    };
    expect(() => act(state, 'strikeOff', officeSupervisor, strike, LAUNCH + 33 * DAY, facts('review'))).toThrow(
      expect.objectContaining({ messageKey: 'campaign.petitionNotSettled' }),
    );
    act(state, 'strikeOff', officeSupervisor, strike, LAUNCH + 33 * DAY, facts('closed'));
    expect(state.cases[0].strikeOff).toMatchObject({ documentRef: '化解协议 1号' });
  });

  it('a v1 campaign keeps its rule: the note counts', () => {
    const state = launched(CAMPAIGN_POLICY_V1.version);
    act(state, 'recordProgress', handler, { petitionId: PETITION, status: 'resolved', note: '已化解' }, LAUNCH + DAY);
    expect(bulletinResolved(state, at('2031-03-10T09:00:00')).resolved).toBe(1);
  });

  it('the bulletin rule alone: reported and settled counts, either alone does not (but 销号 does)', () => {
    const figures = (status: 'inProgress' | 'resolved', petitionSettled: boolean, struckOff = false) =>
      computeBulletin(
        CAMPAIGN_POLICY_V2,
        { startDate: '2031-03-03', targetDate: '2031-05-31' },
        [
          {
            petitionId: PETITION,
            unitId: CASE_UNIT,
            leaderUserIds: [],
            status,
            struckOff,
            petitionSettled,
            overdueSteps: 0,
          },
        ],
        at('2031-03-10T09:00:00'),
      ).totals.resolved;
    expect([
      figures('resolved', false),
      figures('inProgress', true),
      figures('resolved', true),
      figures('resolved', false, true),
    ]).toEqual([0, 0, 1, 1]);
  });
});

describe('the actions offered on a case are those the workflow accepts (role, unit, state)', () => {
  const ROLES: Role[] = ['registrar', 'handler', 'unitHead', 'caseLeader', 'supervisor', 'auditor'];
  const UNITS = [OFFICE, CASE_UNIT, 'q1-xfj', 'elsewhere'];
  const probeArgs: { [A in (typeof CAMPAIGN_CASE_ACTIONS)[number]]: CampaignActionArgs[A] } = {
    removeCase: { petitionId: PETITION, reason: '移出' },
    assignLeader: { petitionId: PETITION, level: 'county', leaderUserId: 'q1-leader' },
    setResponsiblePerson: { petitionId: PETITION, personUserId: 'q1-handler' },
    editPlan: {
      petitionId: PETITION,
      steps: [{ title: '谈话', dueDate: '2031-12-01', ownerUserId: 'x' }],
      note: '方案',
    },
    recordProgress: { petitionId: PETITION, status: 'inProgress', note: '进展' },
    recordFollowUpCheck: { petitionId: PETITION, result: 'stable', note: '稳定' },
    strikeOff: { petitionId: PETITION, documentRef: '化解协议', rating: 'satisfied', note: '销号' },
    reportRelapse: { petitionId: PETITION, note: '反弹' },
  };

  function states(): [string, CampaignState, number][] {
    const fresh = launched();
    const resolved = launched();
    act(
      resolved,
      'recordProgress',
      handler,
      { petitionId: PETITION, status: 'resolved', note: '已送达' },
      LAUNCH + DAY,
      facts('reviewWindow'),
    );
    const open = structuredClone(resolved);
    open.cases[0].followUp!.status = 'open';
    const passed = launched();
    act(
      passed,
      'recordProgress',
      handler,
      { petitionId: PETITION, status: 'resolved', note: '已送达' },
      LAUNCH + DAY,
      facts('reviewWindow'),
    );
    passed.cases[0].followUp!.status = 'open';
    act(
      passed,
      'recordFollowUpCheck',
      handler,
      { petitionId: PETITION, result: 'stable', note: '稳定' },
      LAUNCH + 32 * DAY,
    );
    const struck = structuredClone(passed);
    act(struck, 'strikeOff', officeSupervisor, probeArgs.strikeOff, LAUNCH + 33 * DAY, facts('closed'));
    return [
      ['fresh', fresh, LAUNCH + DAY],
      ['resolved', resolved, LAUNCH + 2 * DAY],
      ['check open', open, LAUNCH + 31 * DAY],
      ['check passed', passed, LAUNCH + 33 * DAY],
      ['struck off', struck, LAUNCH + 34 * DAY],
    ];
  }

  it.each(states())('%s', (_name, state, now) => {
    const c = state.cases[0];
    for (const role of ROLES)
      for (const unitId of UNITS) {
        const actor: Actor = { userId: `${unitId}-${role}`, role, unitId };
        const offered = new Map(
          availableCaseActions(CURRENT_CAMPAIGN_POLICY, state, c, actor).map((a) => [a.action, a.levels]),
        );
        const accepts = (action: (typeof CAMPAIGN_CASE_ACTIONS)[number], args: unknown) => {
          try {
            validateAction(state, action, { requestId: `probe-${action}`, actor, args: args as never }, now);
            return true;
          } catch (error) {
            if (!(error instanceof CampaignActionRejected)) throw error;
            return false;
          }
        };
        for (const action of CAMPAIGN_CASE_ACTIONS) {
          if (action === 'assignLeader') {
            // Offered with exactly the levels the workflow accepts from this actor.
            const accepted = (['province', 'city', 'county'] as const).filter((level) =>
              accepts(action, { ...probeArgs.assignLeader, level }),
            );
            expect({ role, unitId, action, levels: offered.get(action) ?? [] }).toEqual({
              role,
              unitId,
              action,
              levels: accepted,
            });
            continue;
          }
          expect({ role, unitId, action, offered: offered.has(action) }).toEqual({
            role,
            unitId,
            action,
            offered: accepts(action, probeArgs[action]),
          });
        }
      }
  });

  it('assignLeader names the levels the actor’s office assigns', () => {
    const state = launched();
    expect(availableCaseActions(CURRENT_CAMPAIGN_POLICY, state, state.cases[0], countySupervisor)).toEqual([
      { action: 'assignLeader', levels: ['county'] },
    ]);
    const offered = availableCaseActions(CURRENT_CAMPAIGN_POLICY, state, state.cases[0], officeSupervisor);
    expect(offered.find((a) => a.action === 'assignLeader')).toEqual({ action: 'assignLeader', levels: ['city'] });
  });
});
