/** The campaign as its query and the read model see it. */
import type { CampaignCaseView, CampaignView } from './campaign.contract';
import type { CampaignCaseState, CampaignState } from './campaign.model';

export function caseView(c: CampaignCaseState, now: number): CampaignCaseView {
  const {
    accusedUnitId: _a,
    unitLevel: _l,
    regionPath: _r,
    offices: _o,
    nextStepNo: _n,
    reopenedCountSeen: _s,
    earlierStrikeOffs: _e,
    petitionStep,
    plan,
    ...rest
  } = c;
  return {
    ...rest,
    petitionStep: petitionStep ?? null,
    leaders: c.leaders.map((l) => ({ ...l })),
    plan: plan.map((s) => ({ ...s, firedRungs: [...s.firedRungs], overdue: s.doneAt === null && now > s.dueAt })),
    followUp: c.followUp && { ...c.followUp },
    strikeOff: c.strikeOff && {
      ...c.strikeOff,
      evidenceFiles: (c.strikeOff.evidenceFiles ?? []).map((f) => ({ ...f })),
    },
    removed: c.removed && { ...c.removed },
  };
}

export function campaignView(state: CampaignState, now: number, nextBulletinAt: number | null): CampaignView {
  return {
    campaignId: state.campaignId,
    policyVersion: state.policyVersion,
    name: state.name,
    planRef: state.planRef,
    office: { ...state.office },
    startDate: state.startDate,
    targetDate: state.targetDate,
    cadenceDays: state.cadenceDays,
    rules: { ...state.rules },
    status: state.status,
    createdAt: state.createdAt,
    createdBy: state.createdBy,
    closedAt: state.closedAt,
    closeReason: state.closeReason,
    nextBulletinAt,
    bulletinsIssued: state.bulletinsIssued,
    cases: state.cases.map((c) => caseView(c, now)),
    revision: state.revision,
  };
}
