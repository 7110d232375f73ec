/**
 * The history a backlog case (积案) is imported with, checked before anything starts: the API and
 * the workflow's registration run the same check (libs/process/backlog.ts).
 */
import { backlogHistoryProblem, type BacklogHistory } from '../../libs/process/backlog';
import { ActionRejected } from '../../workflows/petition/state';
import { register } from '../../workflows/petition/registration';
import type { RegistrationInput } from '../../workflows/petition/petition.contract';

const at = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`);
const now = at('2030-03-04 10:00');
const history = (overrides: Partial<BacklogHistory> = {}): BacklogHistory => ({
  firstReceivedAt: at('2024-05-10 09:00'),
  visits: 7,
  earlierDecisions: [{ kind: 'reply', documentRef: '某县住建〔2024〕31号', date: '2024-06-20' }],
  sourceRef: '县信访局积案台账 2024-017',
  ...overrides,
});

describe('an imported history (积案)', () => {
  it('is accepted as given', () => {
    expect(backlogHistoryProblem(history(), now)).toBeNull();
  });

  it.each([
    ['a first receipt in the future', { firstReceivedAt: at('2030-03-05 10:00') }, /in the future/],
    ['no visits', { visits: 0 }, /visits must be a whole number from 1/],
    ['no source', { sourceRef: ' ' }, /sourceRef is required/],
    [
      'a decision before the first receipt',
      { earlierDecisions: [{ kind: 'reply' as const, documentRef: 'X', date: '2024-05-01' }] },
      /between the first receipt \(2024-05-10\) and today/,
    ],
    [
      'a decision after today',
      { earlierDecisions: [{ kind: 'reply' as const, documentRef: 'X', date: '2030-03-05' }] },
      /between the first receipt/,
    ],
    [
      'an unknown kind of decision',
      { earlierDecisions: [{ kind: 'verdict' as never, documentRef: 'X', date: '2025-01-01' }] },
      /kind must be one of/,
    ],
    [
      'a decision without its reference',
      { earlierDecisions: [{ kind: 'reply' as const, documentRef: '', date: '2025-01-01' }] },
      /documentRef is required/,
    ],
  ])('is refused with %s', (_what, overrides, reason) => {
    expect(backlogHistoryProblem(history(overrides), now)).toMatch(reason);
  });

  it("is refused by the workflow registration too, and its first receipt must be the case's receipt", () => {
    const input: RegistrationInput = {
      petitionId: 'p-1',
      requestId: 'r-1',
      registeredBy: { userId: 'x-registrar', role: 'registrar', unitId: 'x-xfj' },
      registeringUnit: {
        id: 'x-xfj',
        kind: 'petitionOffice',
        level: 'county',
        parentId: 'c-xfj',
        supervisingOfficeId: 'x-xfj',
        supervisingOffices: ['x-xfj', 'c-xfj'],
      },
      category: 'appeal',
      channel: 'visit',
      receivedAt: at('2024-05-10 09:00'),
      urgent: false,
      collective: false,
      repeatOf: [],
      accusedUnitId: null,
      handleDirectly: false,
    };
    expect(() => register({ ...input, backlog: history({ visits: 0 }) }, now)).toThrow(ActionRejected);
    expect(() => register({ ...input, receivedAt: at('2025-01-01 09:00'), backlog: history() }, now)).toThrow(
      /receivedAt must be backlog.firstReceivedAt/,
    );
    const { state, outbox } = register({ ...input, backlog: history() }, now);
    expect(state.backlog).toEqual(history());
    expect(outbox.ledger).toEqual([]);
    expect(state.clocks[0]).toMatchObject({ id: 'routing', startedAt: now });
  });
});
