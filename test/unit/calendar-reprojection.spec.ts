/**
 * A calendar change (next year's holiday notice) re-projects a case's open clocks explicitly, and
 * their pending rungs move with them. Driven through the pure transition module the workflow runs.
 *
 * chinese-days@1.5.1 predates the 2026 notice (2026 counts weekends only); chinese-days@1.5.7 has
 * it. A case accepted on Saturday 2025-12-20 under 1.5.1 has 60 days to Wednesday 2026-02-18; the
 * 2026 notice makes Feb 15–23 the Spring Festival holiday, so under 1.5.7 the last day rolls to
 * Tuesday Feb 24.
 */
import { CALENDAR_VERSION, CALENDAR_VERSIONS, WEEKENDS_ONLY_CALENDAR_VERSION } from '../../libs/process/calendar';
import { CURRENT_POLICY } from '../../libs/process/policy';
import type { Actor } from '../../libs/process';
import type { RegistrationInput } from '../../workflows/petition/petition.contract';
import { applyAction } from '../../workflows/petition/actions';
import { advanceTime, nextWakeAt } from '../../workflows/petition/passage-of-time';
import { register } from '../../workflows/petition/registration';
import { ActionRejected, PetitionState, emptyOutbox } from '../../workflows/petition/state';

const at = (isoShanghai: string) => Date.parse(`${isoShanghai}+08:00`);
const endOf = (date: string) => Date.parse(`${date}T00:00:00+08:00`) + 86_400_000;
const registrar: Actor = { userId: 'x-registrar', role: 'registrar', unitId: 'x-xfj' };
const officeHandler: Actor = { userId: 'x-xfj-handler', role: 'handler', unitId: 'x-xfj' };
const admin: Actor = { userId: 'admin', role: 'admin', unitId: 'p-xfj' };
const OLD = 'chinese-days@1.5.1';

function acceptedUnderOldCalendar(): PetitionState {
  const input: RegistrationInput = {
    petitionId: '00000000-0000-4000-8000-000000000001',
    requestId: 'register-1',
    registeredBy: registrar,
    registeringUnit: {
      id: 'x-xfj',
      kind: 'petitionOffice',
      level: 'county',
      parentId: 'c-xfj',
      supervisingOfficeId: 'x-xfj',
      supervisingOffices: ['x-xfj', 'c-xfj', 'p-xfj'],
    },
    category: 'appeal',
    channel: 'visit',
    receivedAt: at('2025-12-20T09:00:00'),
    urgent: false,
    collective: false,
    repeatOf: [],
    accusedUnitId: null,
    handleDirectly: true,
  };
  const { state } = register(input, at('2025-12-20T10:00:00'), CURRENT_POLICY, OLD);
  applyAction(
    state,
    'accept',
    { requestId: 'accept-1', actor: officeHandler, args: {} },
    at('2025-12-20T10:00:00'),
    {},
    emptyOutbox(),
  );
  return state;
}

const handling = (state: PetitionState) => state.clocks.find((c) => c.key === 'handling#1')!;
const seventyPercent = (state: PetitionState) =>
  Math.round(handling(state).startedAt + 0.7 * (handling(state).dueAt! - handling(state).startedAt));

describe('re-projecting a case on a newer official calendar', () => {
  it('keeps both calendars: the old one for cases that started with it, the current one for new cases', () => {
    expect(CALENDAR_VERSIONS).toEqual([OLD, WEEKENDS_ONLY_CALENDAR_VERSION, CALENDAR_VERSION]);
    const state = acceptedUnderOldCalendar();
    expect(state.calendarVersion).toBe(OLD);
    expect(handling(state)).toMatchObject({
      lastDay: '2026-02-18',
      dueAt: endOf('2026-02-18'),
      calendarBasis: 'weekends-only',
      calendarVersion: OLD,
    });
  });

  it('moves the due instant and the pending rungs; rungs due under the old calendar no longer fire', () => {
    const state = acceptedUnderOldCalendar();
    const oldWarning = seventyPercent(state);
    expect(nextWakeAt(state)).toBe(oldWarning);

    const outbox = emptyOutbox();
    applyAction(
      state,
      'reprojectCalendar',
      { requestId: 'reproject-1', actor: admin, args: { calendarVersion: CALENDAR_VERSION } },
      at('2026-01-10T10:00:00'),
      {},
      outbox,
    );
    expect(state.calendarVersion).toBe(CALENDAR_VERSION);
    expect(handling(state)).toMatchObject({
      lastDay: '2026-02-24',
      dueAt: endOf('2026-02-24'),
      rolledForward: true,
      calendarBasis: 'official',
      calendarVersion: CALENDAR_VERSION,
    });
    expect(outbox.events.at(-1)).toMatchObject({
      type: 'calendarReprojected',
      data: {
        from: OLD,
        to: CALENDAR_VERSION,
        clocks: [{ clockKey: 'handling#1', from: { dueAt: endOf('2026-02-18') }, to: { dueAt: endOf('2026-02-24') } }],
      },
    });

    const newWarning = seventyPercent(state);
    expect(newWarning).toBeGreaterThan(oldWarning);
    expect(nextWakeAt(state)).toBe(newWarning);
    advanceTime(state, oldWarning, emptyOutbox());
    expect(handling(state).firedRungs).toEqual([]);
    advanceTime(state, newWarning, emptyOutbox());
    expect(handling(state).firedRungs).toEqual(['warning70']);
    // Breach now comes at the end of Feb 24, not Feb 18.
    advanceTime(state, endOf('2026-02-18') + 1, emptyOutbox());
    expect(handling(state).firedRungs).not.toContain('breach');
    advanceTime(state, endOf('2026-02-24'), emptyOutbox());
    expect(handling(state).firedRungs).toContain('breach');
  });

  it('is for an admin, only towards a newer known calendar', () => {
    const state = acceptedUnderOldCalendar();
    const attempt = (actor: Actor, calendarVersion: string) => () =>
      applyAction(
        state,
        'reprojectCalendar',
        { requestId: `r-${actor.userId}-${calendarVersion}`, actor, args: { calendarVersion } },
        at('2026-01-10T10:00:00'),
        {},
        emptyOutbox(),
      );
    expect(attempt(officeHandler, CALENDAR_VERSION)).toThrow(ActionRejected);
    expect(attempt(officeHandler, CALENDAR_VERSION)).toThrow(/only admin may re-project/);
    expect(attempt(admin, 'chinese-days@0.0.1')).toThrow(/calendarVersion must be one of/);
    expect(attempt(admin, OLD)).toThrow(/already counts by chinese-days@1.5.1/);
    attempt(admin, CALENDAR_VERSION)();
    expect(attempt(admin, OLD)).toThrow(/older than the case's/);
  });
});
