/**
 * The pure part of a campaign bulletin's notifications: who hears of each bulletin, under which
 * keys, and what it says — a unit its own standing (表扬 / 约谈 / neither) and counts, the office the
 * totals; never a case of the bulletin (a unit line may hold an accusation against the recipient).
 */
import { bulletinNotificationKey, bulletinNotificationsOf } from '../../libs/notify/campaign-bulletin';
import { renderNotification } from '../../libs/notify/messages';
import type { BulletinFigures, BulletinLine } from '../../libs/process/campaign-bulletin';

const line = (
  subjectId: string,
  inScope: number,
  resolved: number,
  verdict: BulletinLine['verdict'],
): BulletinLine => ({
  kind: subjectId === 'total' ? 'total' : 'unit',
  subjectId,
  inScope,
  resolved,
  struckOff: 0,
  rate: inScope === 0 ? 0 : Math.round((resolved / inScope) * 10_000) / 10_000,
  overdueSteps: 0,
  daysToTarget: 30,
  verdict,
  petitionIds: [`case-of-${subjectId}-1`, `case-of-${subjectId}-2`],
});

const figures = (units: BulletinLine[]): BulletinFigures => ({
  asOf: Date.parse('2030-04-01T09:00:00+08:00'),
  date: '2030-04-01',
  elapsedShare: 0.6,
  expectedRate: 0.6,
  daysToTarget: 30,
  totals: line('total', 6, 3, null),
  units,
  leaders: [line('u-leader', 2, 1, null)],
});

const batch = (bulletins: { bulletinNo: number; kind: 'scheduled' | 'final'; figures: BulletinFigures }[]) => ({
  campaignId: 'c1',
  view: { name: '全市信访积案化解专项攻坚', office: { unitId: 'k-xfj' } },
  bulletins,
});

describe('campaign bulletin notifications', () => {
  const units = [line('a-zjj', 2, 2, 'praise'), line('b-zjj', 3, 0, 'laggard'), line('d-zjj', 1, 1, null)];

  it('one per participating unit and one to the office, keyed by campaign, bulletin number and unit', () => {
    const drafts = bulletinNotificationsOf(batch([{ bulletinNo: 3, kind: 'scheduled', figures: figures(units) }]));
    expect(drafts.map((d) => d.key)).toEqual(
      ['k-xfj', 'a-zjj', 'b-zjj', 'd-zjj'].map((u) => bulletinNotificationKey('c1', 3, u)),
    );
    expect(drafts[0].key).toBe('campaign:c1:bulletin:3:unit:k-xfj');
    for (const d of drafts) {
      expect(d).toMatchObject({ petitionId: null, eventSeq: 3, kind: 'campaignBulletin', urgent: false });
      expect(JSON.stringify(d)).not.toContain('case-of-');
    }
    expect(drafts[0].audience).toEqual({ unitId: 'k-xfj', roles: ['unitHead', 'supervisor'] });
    expect(drafts[2].audience).toEqual({ unitId: 'b-zjj', roles: ['unitHead', 'handler'] });
    // The same batch derives the same drafts: a replay's keys collide with the first's.
    expect(bulletinNotificationsOf(batch([{ bulletinNo: 3, kind: 'scheduled', figures: figures(units) }]))).toEqual(
      drafts,
    );
  });

  it('an office that also holds cases hears once, with the totals; two bulletins in a batch, each its own', () => {
    const drafts = bulletinNotificationsOf(
      batch([
        { bulletinNo: 4, kind: 'scheduled', figures: figures([line('k-xfj', 1, 0, 'laggard')]) },
        { bulletinNo: 5, kind: 'final', figures: figures([line('k-xfj', 1, 1, 'praise')]) },
      ]),
    );
    expect(drafts.map((d) => [d.key, d.data.campaign?.for])).toEqual([
      ['campaign:c1:bulletin:4:unit:k-xfj', 'office'],
      ['campaign:c1:bulletin:5:unit:k-xfj', 'office'],
    ]);
  });

  it('says in Chinese the campaign, the bulletin number and the unit’s own standing and counts', () => {
    const drafts = bulletinNotificationsOf(batch([{ bulletinNo: 2, kind: 'final', figures: figures(units) }]));
    const render = (unitId: string) =>
      renderNotification({
        ...drafts.find((d) => 'unitId' in d.audience && d.audience.unitId === unitId)!,
        petitionId: null,
      });
    const praised = render('a-zjj');
    expect(praised.title).toBe('专项攻坚通报：全市信访积案化解专项攻坚（第2期，终期）');
    expect(praised.lines).toEqual(['本单位在本期通报中受到表扬。', '本单位纳入攻坚 2 件，已化解 2 件，化解率 100%。']);
    expect(praised.link).toBe('/console/campaigns/c1');
    expect(render('b-zjj').lines).toEqual([
      '本单位在本期通报中列为进度滞后单位，将被约谈。',
      '本单位纳入攻坚 3 件，已化解 0 件，化解率 0%。',
    ]);
    expect(render('d-zjj').lines[0]).toBe('本单位在本期通报中未列入表扬或约谈名单。');
    expect(render('k-xfj').lines).toEqual([
      '本期通报已发布：纳入攻坚 6 件，已化解 3 件，化解率 50%；表扬 1 个单位，约谈 1 个单位。',
    ]);
    const weekly = bulletinNotificationsOf(batch([{ bulletinNo: 1, kind: 'scheduled', figures: figures(units) }]));
    expect(renderNotification({ ...weekly[0], petitionId: null }).title).toBe(
      '专项攻坚通报：全市信访积案化解专项攻坚（第1期）',
    );
  });
});
