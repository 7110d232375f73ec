/**
 * A progress bulletin (调度/通报) of a campaign, computed from the state of its cases at one instant:
 * a line per responsible unit and per case leader, the totals, and the verdicts the policy draws
 * (laggards called in for 约谈, units ahead listed for 表扬). Pure: the campaign workflow computes it
 * deterministically; activities only store it.
 */
import { daysBetween, endOfShanghaiDay, shanghaiDateOf, startOfShanghaiDay } from './calendar';
import { CampaignCaseStatus, CampaignPolicy, countsAsResolved } from './campaign-policy';

/** What a bulletin needs to know of one case in the campaign. */
export interface BulletinCaseFacts {
  petitionId: string;
  unitId: string;
  leaderUserIds: string[];
  status: CampaignCaseStatus;
  struckOff: boolean;
  /** The petition's own state says it is settled (reply delivered, or closed): v2 counts only such cases. */
  petitionSettled: boolean;
  /** Plan steps past their due instant and not done. */
  overdueSteps: number;
}

export type BulletinVerdict = 'laggard' | 'praise' | null;

export interface BulletinLine {
  /** 'unit': a responsible unit; 'leader': a case leader (包案领导); 'total': the whole campaign. */
  kind: 'unit' | 'leader' | 'total';
  /** Unit id, leader user id, or 'total'. */
  subjectId: string;
  inScope: number;
  resolved: number;
  struckOff: number;
  /** resolved / inScope (0 when nothing is in scope). */
  rate: number;
  overdueSteps: number;
  daysToTarget: number;
  verdict: BulletinVerdict;
  /** The cases counted in this line (never shown outside the line's own unit, leader or the office). */
  petitionIds: string[];
}

export interface BulletinFigures {
  asOf: number;
  /** Shanghai date of the bulletin. */
  date: string;
  /** Share of the campaign's time elapsed, 0..1. */
  elapsedShare: number;
  /** The rate a unit on schedule would have reached (linear to 100% at the target). */
  expectedRate: number;
  daysToTarget: number;
  totals: BulletinLine;
  units: BulletinLine[];
  leaders: BulletinLine[];
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

function line(
  policy: CampaignPolicy,
  kind: BulletinLine['kind'],
  subjectId: string,
  cases: BulletinCaseFacts[],
  daysToTarget: number,
): BulletinLine {
  const resolved = cases.filter((c) => countsAsResolved(policy, c)).length;
  return {
    kind,
    subjectId,
    inScope: cases.length,
    resolved,
    struckOff: cases.filter((c) => c.struckOff).length,
    rate: cases.length === 0 ? 0 : round(resolved / cases.length),
    overdueSteps: cases.reduce((sum, c) => sum + c.overdueSteps, 0),
    daysToTarget,
    verdict: null,
    petitionIds: cases.map((c) => c.petitionId).sort(),
  };
}

function groupBy(
  cases: BulletinCaseFacts[],
  keys: (c: BulletinCaseFacts) => string[],
): Map<string, BulletinCaseFacts[]> {
  const groups = new Map<string, BulletinCaseFacts[]>();
  for (const c of cases) for (const key of keys(c)) groups.set(key, [...(groups.get(key) ?? []), c]);
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function computeBulletin(
  policy: CampaignPolicy,
  campaign: { startDate: string; targetDate: string },
  cases: BulletinCaseFacts[],
  asOf: number,
): BulletinFigures {
  const start = startOfShanghaiDay(campaign.startDate);
  const end = endOfShanghaiDay(campaign.targetDate);
  const elapsedShare = round(Math.min(1, Math.max(0, (asOf - start) / (end - start))));
  const expectedRate = elapsedShare;
  const date = shanghaiDateOf(asOf);
  const daysToTarget = daysBetween(date, campaign.targetDate);
  const rules = policy.bulletin;
  const units = [...groupBy(cases, (c) => [c.unitId]).entries()].map(([unitId, group]) => {
    const l = line(policy, 'unit', unitId, group, daysToTarget);
    if (elapsedShare >= rules.laggardFromElapsedShare && l.rate < expectedRate * rules.laggardBelowShareOfExpected)
      l.verdict = 'laggard';
    else if (l.resolved >= rules.praiseMinResolved && l.rate >= expectedRate) l.verdict = 'praise';
    return l;
  });
  const leaders = [...groupBy(cases, (c) => c.leaderUserIds).entries()].map(([userId, group]) =>
    line(policy, 'leader', userId, group, daysToTarget),
  );
  return {
    asOf,
    date,
    elapsedShare,
    expectedRate,
    daysToTarget,
    totals: line(policy, 'total', 'total', cases, daysToTarget),
    units,
    leaders,
  };
}
