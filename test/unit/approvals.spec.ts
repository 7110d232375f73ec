/**
 * 签发 in the pure transitions the workflow runs: a case started since approvals drafts its reply
 * and issues, on the head's approval, the very notice the draft showed; a case started before
 * (no `approvals` flag, as its history has no marker) issues in one step as it always did.
 */
import type { ActionArgs, ActionName, Actor, UnitRef } from '../../libs/process';
import { CURRENT_POLICY } from '../../libs/process/policy';
import { renderMessage } from '../../libs/process/messages/zh-CN';
import { countyAppeal } from '../support/registration-input';
import { applyAction } from '../../workflows/petition/actions';
import { register } from '../../workflows/petition/registration';
import { ActionRejected, emptyOutbox, type Outbox, type PetitionState } from '../../workflows/petition/state';
import { petitionView } from '../../workflows/petition/view';

const at = (isoShanghai: string) => Date.parse(`${isoShanghai}+08:00`);
const NOW = at('2026-01-05T10:00:00');
const ZJJ: UnitRef = {
  id: 'x-zjj',
  kind: 'functionalDepartment',
  level: 'county',
  parentId: 'c-zjj',
  supervisingOfficeId: 'x-xfj',
  supervisingOffices: ['x-xfj', 'c-xfj', 'p-xfj'],
};
const HANDLER: Actor = { userId: 'x-handler', role: 'handler', unitId: 'x-zjj' };
const HEAD: Actor = { userId: 'x-head', role: 'unitHead', unitId: 'x-zjj' };
const GROUNDS = { facts: '经核查属实', reasons: '符合规定', legalBasis: '《物业管理条例》第三十五条' };

const registration = countyAppeal('00000000-0000-4000-8000-000000000002', 'register-2', at('2026-01-05T09:00:00'));

let n = 0;
function act<A extends ActionName>(state: PetitionState, action: A, actor: Actor, args: ActionArgs[A]): Outbox {
  const outbox = emptyOutbox();
  const units: Record<string, UnitRef | null> = action === 'route' ? { 'x-zjj': ZJJ } : {};
  applyAction(state, action, { requestId: `r-${(n += 1)}`, actor, args }, NOW, units, outbox);
  return outbox;
}

function inHandling(approvals: boolean | undefined): PetitionState {
  const { state } = register(registration, NOW, CURRENT_POLICY);
  state.writtenNotices = true;
  if (approvals !== undefined) state.approvals = approvals;
  act(state, 'route', { userId: 'x-registrar', role: 'registrar', unitId: 'x-xfj' }, { unitId: 'x-zjj' });
  act(state, 'accept', HANDLER, {});
  return state;
}

function refusal(fn: () => unknown): ActionRejected {
  try {
    fn();
  } catch (e) {
    if (e instanceof ActionRejected) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('签发 in the transitions', () => {
  it('a case started before approvals issues its reply in one step, and has no draft to approve', () => {
    const state = inHandling(undefined);
    const outbox = act(state, 'issueReply', HANDLER, { outcome: 'explained', ...GROUNDS });
    expect(state.step).toBe('replyIssued');
    expect(outbox.notices.map((x) => x.request.details.kind)).toEqual(['reply']);
    expect(petitionView(state, NOW).approvals).toBeUndefined();
    const refused = refusal(() => act(state, 'approveDraft', HEAD, { draftNo: 1 }));
    expect(refused.code).toBe('wrongStep');
  });

  it('a case with approvals drafts (no notice, clock running), and the approval requests the notice the draft showed', () => {
    const state = inHandling(true);
    const drafted = act(state, 'issueReply', HANDLER, { outcome: 'supported', ...GROUNDS });
    expect(state.step).toBe('handling');
    expect(drafted.notices).toEqual([]);
    expect(drafted.events.map((e) => e.type)).toEqual(['draftSubmitted']);
    expect(state.clocks.find((c) => c.id === 'handling')?.status).toBe('running');
    const shown = petitionView(state, NOW).draft!;

    const approved = act(state, 'approveDraft', HEAD, { draftNo: 1 });
    expect(state.step).toBe('replyIssued');
    expect(state.draft).toBeNull();
    expect(approved.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['draftApproved', 'replyIssued', 'clockStopped']),
    );
    expect(approved.notices).toHaveLength(1);
    expect(approved.notices[0].request.details).toEqual(shown.details);
    expect(approved.notices[0].request.unitId).toBe('x-zjj');
  });

  it('refusals name their rule, in Chinese', () => {
    const state = inHandling(true);
    expect(refusal(() => act(state, 'approveDraft', HEAD, { draftNo: 1 })).messageKey).toBe('case.noDraftAwaiting');
    act(state, 'issueReply', HANDLER, { outcome: 'supported', ...GROUNDS });
    const again = refusal(() => act(state, 'issueReply', HANDLER, { outcome: 'supported', ...GROUNDS }));
    expect(again.messageKey).toBe('case.draftAwaitingApproval');
    expect(renderMessage(again.messageKey, again.params)).toContain('处理意见书草稿待单位负责人签发');
    const stale = refusal(() => act(state, 'returnDraft', HEAD, { draftNo: 3, comments: '改' }));
    expect(renderMessage(stale.messageKey, stale.params)).toContain('第 1 稿');
    expect(refusal(() => act(state, 'approveDraft', HANDLER, { draftNo: 1 })).code).toBe('wrongRole');
    const otherHead: Actor = { userId: 'c-head', role: 'unitHead', unitId: 'c-zjj' };
    expect(refusal(() => act(state, 'approveDraft', otherHead, { draftNo: 1 })).code).toBe('wrongUnit');
  });
});
