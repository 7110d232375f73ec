/** The one way the console shows a deadline (apps/console/src/shared/time.ts), on every screen. */
import { chineseDate, deadlineWhen, formatDeadline } from '../../apps/console/src/shared/time';

describe('formatDeadline', () => {
  it('a period ending at the end of a day reads as 24:00 of that day, with its weekday and the days left', () => {
    expect(formatDeadline({ dueAt: '2026-12-12T00:00:00+08:00', lastDay: '2026-12-11', remainingDays: 5 })).toBe(
      '2026年12月11日（周五）24:00 截止，剩余 5 天',
    );
  });

  it('says how long it is overdue once past, and today on its last day', () => {
    expect(formatDeadline({ dueAt: '2026-12-12T00:00:00+08:00', lastDay: '2026-12-11', remainingDays: -3 })).toBe(
      '2026年12月11日（周五）24:00 截止，已超期 3 天',
    );
    expect(formatDeadline({ dueAt: '2026-12-12T00:00:00+08:00', lastDay: '2026-12-11', remainingDays: 0 })).toBe(
      '2026年12月11日（周五）24:00 截止，今日截止',
    );
  });

  it('is Beijing time whatever offset the instant is written in, and an instant within a day keeps its time', () => {
    expect(deadlineWhen({ dueAt: '2026-12-11T16:00:00Z' })).toBe('2026年12月11日（周五）24:00 截止');
    expect(deadlineWhen({ dueAt: '2027-01-06T09:30:00+08:00' })).toBe('2027年1月6日（周三）09:30 截止');
  });

  it('a last day alone is 24:00 of it; nothing is a dash', () => {
    expect(formatDeadline({ lastDay: '2027-01-06' })).toBe('2027年1月6日（周三）24:00 截止');
    expect(formatDeadline(null)).toBe('—');
    expect(chineseDate('2026-02-17')).toBe('2026年2月17日（周二）');
  });
});
