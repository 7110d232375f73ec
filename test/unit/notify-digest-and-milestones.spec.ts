/**
 * The pure parts of the warning digest and the petitioner's milestones: when a morning's digest is
 * due and which Beijing date it carries; which events a petitioner hears of, under which keys; and
 * what their message says (the case number, the milestone, the public page; nothing of the matter).
 */
import { digestDue, digestKey, isDigestTime } from '../../libs/notify/digest';
import { notificationsOf } from '../../libs/notify/derive';
import { renderNotification } from '../../libs/notify/messages';
import type { ProjectionBatch } from '../../libs/process/projection';

const beijing = (iso: string) => Date.parse(`${iso}+08:00`);

describe('digestDue', () => {
  it('is due from the configured time of a Beijing morning, for that Beijing date', () => {
    expect(digestDue(beijing('2026-12-08T07:59:59'))).toBeNull();
    expect(digestDue(beijing('2026-12-08T08:00:00'))).toEqual({
      date: '2026-12-08',
      cutoff: beijing('2026-12-08T08:00:00'),
    });
    // 23:30 UTC on the 7th is already the 8th in Beijing
    expect(digestDue(Date.parse('2026-12-07T23:30:00Z'), '07:00')?.date).toBe('2026-12-08');
    expect(digestDue(beijing('2026-12-08T06:30:00'), '06:30')?.cutoff).toBe(beijing('2026-12-08T06:30:00'));
    expect(digestKey('x-handler', '2026-12-08')).toBe('digest:x-handler:2026-12-08');
    expect(['08:00', '23:59', '8:00', '24:00', '08:60'].map(isDigestTime)).toEqual([true, true, false, false, false]);
  });
});

describe('petitioner milestones', () => {
  const batch = (events: { seq: number; type: string; data?: Record<string, unknown> }[]) =>
    ({
      petitionId: 'p1',
      workflowId: 'petition-p1',
      revision: 1,
      view: { caseNumber: '示县信〔2026〕第00001号', urgent: true, clocks: [], supervisionTasks: [], handlers: [] },
      events: events.map((e) => ({
        at: 0,
        actor: null,
        requestId: null,
        clockKey: null,
        data: {},
        ...e,
      })),
      ledger: [],
      escalations: [],
    }) as unknown as ProjectionBatch;

  it('each milestone of DOMAIN §7 becomes one notification to the petitioner, keyed <case>:<seq>:petitioner, never urgent', () => {
    const drafts = notificationsOf(
      batch([
        { seq: 1, type: 'registered' },
        { seq: 2, type: 'routed', data: { unitId: 'u', handledDirectly: true } },
        { seq: 3, type: 'accepted' },
        { seq: 4, type: 'materialAttached' },
        { seq: 5, type: 'replyIssued' },
        { seq: 6, type: 'reviewDecided' },
        { seq: 7, type: 'closed' },
      ]),
    ).filter((d) => d.kind === 'petitionerMilestone');
    expect(drafts.map((d) => [d.key, d.data.milestone, d.urgent])).toEqual([
      ['p1:1:petitioner', 'registered', false],
      ['p1:3:petitioner', 'accepted', false],
      ['p1:5:petitioner', 'replyIssued', false],
      ['p1:6:petitioner', 'reviewDecided', false],
      ['p1:7:petitioner', 'closed', false],
    ]);
    // the same batch, the same keys
    expect(notificationsOf(batch([{ seq: 1, type: 'registered' }]))[0].key).toBe('p1:1:petitioner');
  });

  it('the message: the case number, the milestone in Chinese, the public page; for SMS the same two variables', () => {
    const message = renderNotification({
      key: 'p1:3:petitioner:email',
      petitionId: 'p1',
      kind: 'petitionerMilestone',
      urgent: false,
      data: { caseNumber: '示县信〔2026〕第00001号', milestone: 'accepted', at: 0 },
    });
    expect(message).toEqual({
      key: 'p1:3:petitioner:email',
      urgent: false,
      title: '信访事项进展：示县信〔2026〕第00001号',
      lines: ['您的信访事项（信访件编号 示县信〔2026〕第00001号）已受理。', '请凭查询码在信访事项查询页面查看详情：'],
      link: '/console/petitioner',
      linkLabel: '查询页面',
      template: { params: { caseNumber: '示县信〔2026〕第00001号', milestone: '已受理' } },
    });
  });
});
