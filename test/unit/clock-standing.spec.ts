/** How a clock stands: overdue while running past its due instant or stopped after it, never while suspended. */
import { isOverdue } from '../../libs/process/clock-standing';
import { currentReplyKey } from '../../libs/process/replies';

describe('a clock at an instant', () => {
  const dueAt = Date.parse('2026-12-08T00:00:00+08:00');
  it('is overdue once a running clock passes its due instant, not at the instant itself', () => {
    expect(isOverdue({ status: 'running', dueAt, stoppedAt: null }, dueAt)).toBe(false);
    expect(isOverdue({ status: 'running', dueAt, stoppedAt: null }, dueAt + 1)).toBe(true);
  });
  it('keeps a stopped clock overdue only if it stopped after its due instant', () => {
    expect(isOverdue({ status: 'stopped', dueAt, stoppedAt: dueAt - 1 }, dueAt + 10 * 86_400_000)).toBe(false);
    expect(isOverdue({ status: 'stopped', dueAt, stoppedAt: dueAt + 1 }, dueAt + 10 * 86_400_000)).toBe(true);
  });
  it('never counts a suspended clock (a hearing is open) or a lapsed window as overdue', () => {
    expect(isOverdue({ status: 'suspended', dueAt: null, stoppedAt: null }, dueAt + 86_400_000)).toBe(false);
    expect(isOverdue({ status: 'lapsed', dueAt, stoppedAt: dueAt }, dueAt + 86_400_000)).toBe(false);
  });
});

describe('the reply a rating is about', () => {
  it('is the handling reply of the round, or the review reply once its window is open', () => {
    expect(currentReplyKey('reviewWindow', 1)).toBe('reply#1');
    expect(currentReplyKey('reReviewWindow', 2)).toBe('reviewReply#2');
  });
});
