/**
 * Every refusal names its rule: a key from the one list (REFUSAL_MESSAGE_KEYS) a catalogue renders
 * for people, with parameters a catalogue can fill in, and the argument at fault (or none, when the
 * case's state refuses). Proven by walking many refusals the rule files actually produce: every
 * action, tried by every role, with missing, mistyped and overlong arguments, on a case in several
 * steps; then bad registrations and campaign actions.
 */
import { ACTIONS, type ActionName, type Role } from '../../libs/process/policy';
import { CURRENT_POLICY } from '../../libs/process/policy';
import { REFUSAL_MESSAGE_KEYS, type Actor, type RefusalParams } from '../../libs/process';
import type { RegistrationInput } from '../../workflows/petition/petition.contract';
import { countyAppeal } from '../support/registration-input';
import { applyAction, validateAction } from '../../workflows/petition/actions';
import { register } from '../../workflows/petition/registration';
import { ActionRejected, PetitionState, emptyOutbox } from '../../workflows/petition/state';
import {
  CampaignActionRejected,
  validateAction as validateCampaignAction,
} from '../../workflows/campaign/campaign.state';
import { CAMPAIGN_ACTION_NAMES } from '../../workflows/campaign/campaign.contract';
import { REFUSAL_TEXTS_ZH, renderMessage } from '../../libs/process/messages/zh-CN';

const at = (isoShanghai: string) => Date.parse(`${isoShanghai}+08:00`);
const NOW = at('2026-01-05T10:00:00');
const ROLES: Role[] = [
  'registrar',
  'handler',
  'unitHead',
  'caseLeader',
  'supervisor',
  'auditor',
  'admin',
  'petitioner',
];
const actorAs = (role: Role, unitId = 'x-xfj'): Actor => ({ userId: `x-${role}`, role, unitId });

const registration = countyAppeal('00000000-0000-4000-8000-000000000001', 'register-1', at('2026-01-05T09:00:00'));

function inRouting(): PetitionState {
  return register(registration, NOW, CURRENT_POLICY).state;
}
function inHandling(): PetitionState {
  const { state } = register({ ...registration, handleDirectly: true }, NOW, CURRENT_POLICY);
  applyAction(state, 'accept', { requestId: 'accept-1', actor: actorAs('handler'), args: {} }, NOW, {}, emptyOutbox());
  return state;
}

/** Arguments that are missing, of the wrong type, or far too long, for whatever names an action takes. */
const SAMPLE_ARGS: Record<string, unknown>[] = [
  {},
  Object.fromEntries(
    ['unitId', 'reason', 'days', 'outcome', 'deliveredAt', 'startDate', 'endDate', 'decision', 'rating', 'result'].map(
      (name) => [name, 42],
    ),
  ),
  Object.fromEntries(
    ['unitId', 'reason', 'reasons', 'summary', 'note', 'instructions', 'feedback', 'facts', 'leaderUserId'].map(
      (name) => [name, '理'.repeat(6000)],
    ),
  ),
  { days: 9999, reason: '需补充调查', reportBackDays: 0, unitId: 'x-zjj', resolutionDays: 0, leaderUserId: 'x-l' },
  { deliveredAt: NOW + 86_400_000, receivedAt: NOW + 86_400_000, startDate: '2099-01-01', endDate: '2099-01-01' },
];

function refusalsOf(attempt: () => void, into: (ActionRejected | CampaignActionRejected)[]): void {
  try {
    attempt();
  } catch (error) {
    if (error instanceof ActionRejected || error instanceof CampaignActionRejected) into.push(error);
    else throw error;
  }
}

function expectCatalogueReady(refusal: ActionRejected | CampaignActionRejected): void {
  const seen = { message: refusal.message, messageKey: refusal.messageKey, field: refusal.field };
  expect({ ...seen, known: (REFUSAL_MESSAGE_KEYS as readonly string[]).includes(refusal.messageKey) }).toEqual({
    ...seen,
    known: true,
  });
  // Params cross the wire as JSON: they must come back unchanged.
  expect(JSON.parse(JSON.stringify(refusal.params)) as RefusalParams).toEqual(refusal.params);
  if (refusal.field !== null) expect(refusal.field).toMatch(/^(args(\.|$)|requestId$|[a-zA-Z]+$)/);
  // An argument rule says which argument, in its params too (for "{field} is required").
  if (refusal.messageKey.startsWith('args.') && refusal.field?.startsWith('args.') && 'field' in refusal.params)
    expect(`args.${String(refusal.params.field)}`).toBe(refusal.field);
  // The Chinese sentence names only what this refusal carries, and reads as Chinese once filled in.
  const template = REFUSAL_TEXTS_ZH[refusal.messageKey];
  const missing = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((name) => !(name in refusal.params));
  expect({ key: refusal.messageKey, missing }).toEqual({ key: refusal.messageKey, missing: [] });
  expect(renderMessage(refusal.messageKey, refusal.params)).toMatch(/[\u4e00-\u9fff]/);
}

describe('every refusal carries a key a catalogue can render', () => {
  it('staff actions: every action, by every role, with bad arguments, on a case in routing and in handling', () => {
    const refusals: ActionRejected[] = [];
    for (const state of [inRouting(), inHandling()]) {
      for (const action of Object.keys(ACTIONS) as ActionName[]) {
        for (const role of ROLES) {
          // The case's own office, and the office of the level above (挂牌督办, 提级办理).
          for (const unitId of ['x-xfj', 'c-xfj']) {
            for (const [i, args] of SAMPLE_ARGS.entries()) {
              const request = { requestId: `r-${action}-${role}-${unitId}-${i}`, actor: actorAs(role, unitId), args };
              refusalsOf(() => validateAction(state, action, request as never, NOW), refusals as never);
            }
          }
        }
      }
      refusalsOf(
        () => validateAction(state, 'route', { requestId: '', actor: actorAs('registrar'), args: {} } as never, NOW),
        refusals as never,
      );
      refusalsOf(
        () => validateAction(state, 'route', { requestId: 'no-actor', args: {} } as never, NOW),
        refusals as never,
      );
    }
    expect(refusals.length).toBeGreaterThan(500);
    refusals.forEach(expectCatalogueReady);
    const keys = new Set(refusals.map((r) => r.messageKey));
    // The walk reaches the who-may-act rule, the argument checks and the state checks alike.
    for (const key of [
      'actor.wrongStep',
      'actor.wrongRole',
      'actor.wrongUnit',
      'args.required',
      'args.tooLong',
      'args.notOneOf',
      'args.daysOutOfRange',
      'case.notListed',
      'request.idRequired',
      'request.noActor',
    ])
      expect([...keys]).toContain(key);
    expect(keys.size).toBeGreaterThan(12);
  });

  it('registration: every refused registration names its rule', () => {
    const refusals: ActionRejected[] = [];
    const bad: Partial<RegistrationInput>[] = [
      { petitionId: '' },
      { category: 'gossip' as never },
      { channel: 'pigeon' as never },
      { receivedAt: 1.5 },
      { receivedAt: NOW + 86_400_000 },
      { lateRegistrationReason: '理'.repeat(2001) },
      { registeredBy: actorAs('handler') },
      { registeredBy: actorAs('registrar', 'x-zjj') },
      { accusedUnitId: 'x-xfj', handleDirectly: true },
      { notAcceptedAgainOf: 'someone-else' },
      { summary: 'a lone surrogate \ud800' } as never,
    ];
    for (const change of bad)
      refusalsOf(() => register({ ...registration, ...change }, NOW, CURRENT_POLICY), refusals as never);
    expect(refusals).toHaveLength(bad.length);
    refusals.forEach(expectCatalogueReady);
    expect(refusals.map((r) => r.messageKey)).toContain('registration.accusedHandles');
  });

  it('campaign actions: refused before launch, and with bad arguments', () => {
    const refusals: CampaignActionRejected[] = [];
    for (const action of CAMPAIGN_ACTION_NAMES) {
      for (const role of ROLES) {
        for (const [i, args] of SAMPLE_ARGS.entries()) {
          refusalsOf(
            () =>
              validateCampaignAction(
                null,
                action,
                { requestId: `c-${action}-${role}-${i}`, actor: actorAs(role), args } as never,
                NOW,
              ),
            refusals as never,
          );
        }
      }
    }
    expect(refusals.length).toBeGreaterThan(50);
    refusals.forEach(expectCatalogueReady);
    expect(new Set(refusals.map((r) => r.messageKey))).toContain('campaign.notLaunched');
  });
});
