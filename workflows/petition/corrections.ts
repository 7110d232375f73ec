/** Corrections after the fact: a registration field (a new event and a ledger record), a newer calendar. */
import { CALENDAR_VERSIONS } from '../../libs/process/calendar';
import { CORRECTABLE_FIELDS, INTAKE_CHANNELS, policyByVersion } from '../../libs/process/policy';
import { bad, requireInstant, requireOneOf, requireText, type Appliers, type ArgumentChecks } from './checks';
import { reproject, startClock, stopClock } from './clocks';
import { shanghaiDaysBetween } from './registration';
import type { PetitionState } from './state';

export const CORRECTION_CHECKS: ArgumentChecks<'correctRegistration' | 'reprojectCalendar'> = {
  correctRegistration: (state, args) => {
    requireOneOf(args?.field, CORRECTABLE_FIELDS, 'field');
    requireText(args.reason, 'reason');
    const current = {
      receivedAt: state.receivedAt,
      channel: state.channel,
      urgent: state.urgent,
      collective: state.collective,
    }[args.field];
    if (args.field === 'receivedAt') {
      requireInstant(args.value, 'value');
      if (args.value > state.registeredAt)
        bad(
          'a petition cannot have been received after it was registered',
          'args.value',
          'args.receivedAfterRegistration',
        );
    } else if (args.field === 'channel') {
      requireOneOf(args.value, INTAKE_CHANNELS, 'value');
    } else if (typeof args.value !== 'boolean')
      bad('value must be true or false', 'args.value', 'args.notBoolean', { field: 'value' });
    if (args.value === current)
      bad(`${args.field} is already ${String(current)}`, 'args.value', 'args.unchanged', {
        field: args.field,
        value: String(current),
      });
  },
  reprojectCalendar: (state, args) => {
    requireOneOf(args?.calendarVersion, CALENDAR_VERSIONS, 'calendarVersion');
    if (args.calendarVersion === state.calendarVersion)
      bad(`the case already counts by ${state.calendarVersion}`, 'args.calendarVersion', 'args.calendarUnchanged', {
        calendarVersion: state.calendarVersion,
      });
    if (CALENDAR_VERSIONS.indexOf(args.calendarVersion) < CALENDAR_VERSIONS.indexOf(state.calendarVersion)) {
      bad(
        `${args.calendarVersion} is older than the case's ${state.calendarVersion}; a calendar is only ever replaced by a newer one`,
        'args.calendarVersion',
        'args.calendarOlder',
        { calendarVersion: args.calendarVersion, current: state.calendarVersion },
      );
    }
  },
};

export const CORRECTIONS: Appliers<'correctRegistration' | 'reprojectCalendar'> = {
  correctRegistration: (ctx, args) => {
    const s = ctx.state;
    const from = { receivedAt: s.receivedAt, channel: s.channel, urgent: s.urgent, collective: s.collective }[
      args.field
    ];
    const seq = ctx.event('registrationCorrected', { field: args.field, from, to: args.value, reason: args.reason });
    ctx.ledger({
      rule: 'registrationCorrected',
      unitId: s.routingUnit.id,
      responsibleUserId: s.registeredBy.userId,
      responsibleBy: 'actor',
      eventSeqs: [seq],
      discriminator: `correction:${seq}`,
      detail: {
        field: args.field,
        from,
        to: args.value,
      },
    });
    if (args.field === 'channel') s.channel = args.value as PetitionState['channel'];
    if (args.field === 'collective') s.collective = args.value as boolean;
    if (args.field === 'urgent') {
      s.urgent = args.value as boolean;
      if (s.urgent) startClock(ctx, 'urgentReport', s.routingUnit.id, ctx.now);
      else stopClock(ctx, 'urgentReport', 'correctedNotUrgent');
    }
    if (args.field === 'receivedAt') {
      const previous = s.receivedAt;
      s.receivedAt = args.value as number;
      // An imported case's receipt is its history's first receipt; its clocks run from the import.
      if (s.backlog) s.backlog = { ...s.backlog, firstReceivedAt: s.receivedAt };
      // Clocks that run from receipt run from the corrected receipt; their pending rungs move with them.
      for (const clock of s.clocks) {
        if (clock.status === 'running' && clock.startedAt === previous) {
          clock.startedAt = s.receivedAt;
          reproject(ctx, clock, clock.lengthDays, clock.excludedDays);
        }
      }
      const policy = policyByVersion(s.policyVersion);
      const wasLate = shanghaiDaysBetween(previous, s.registeredAt) > policy.lateRegistrationDays;
      if (!s.backlog && !wasLate && shanghaiDaysBetween(s.receivedAt, s.registeredAt) > policy.lateRegistrationDays) {
        ctx.ledger({
          rule: 'lateRegistration',
          unitId: s.routingUnit.id,
          responsibleUserId: s.registeredBy.userId,
          responsibleBy: 'actor',
          eventSeqs: [seq],
          discriminator: 'registration',
          detail: {
            receivedAt: s.receivedAt,
            registeredAt: s.registeredAt,
            allowedDays: policy.lateRegistrationDays,
          },
        });
      }
    }
  },
  reprojectCalendar: (ctx, args) => {
    const s = ctx.state;
    const from = s.calendarVersion;
    s.calendarVersion = args.calendarVersion;
    const moved: Record<string, unknown>[] = [];
    for (const clock of s.clocks) {
      if (clock.status !== 'running') continue;
      const before = { dueAt: clock.dueAt, lastDay: clock.lastDay };
      // A suspended clock takes the new calendar when its hearing ends; the others now. Their
      // pending rungs are derived from the due instant, so they move with it.
      if (clock.hearingOpenSince === null) reproject(ctx, clock, clock.lengthDays, clock.excludedDays);
      else clock.calendarVersion = s.calendarVersion;
      moved.push({
        clockKey: clock.key,
        from: before,
        to: { dueAt: clock.dueAt, lastDay: clock.lastDay, calendarBasis: clock.calendarBasis },
      });
    }
    ctx.event('calendarReprojected', { from, to: args.calendarVersion, clocks: moved });
  },
};
