/** A campaign's instants as people read them: ISO-8601 +08:00 (libs/process/wire-time), named field by field. */
import { campaignPolicyByVersion, countsAsResolved, petitionSettled } from '@/libs/process/campaign-policy';
import { formatInstant, formatOptionalInstant } from '@/libs/process/wire-time';
import type { CampaignCaseView, CampaignView } from '@/workflows/campaign/campaign.contract';
import type { CampaignCaseWireView, CampaignWireView } from './dto/campaign-views';

/** The users a campaign's cases name (responsible persons, leaders, plan owners), whose names the view carries. */
export function campaignUserIds(cases: readonly CampaignCaseView[]): string[] {
  return cases.flatMap((c) => [
    ...(c.responsiblePersonId ? [c.responsiblePersonId] : []),
    ...c.leaders.map((l) => l.userId),
    ...c.plan.map((s) => s.ownerUserId),
  ]);
}

export function campaignCaseToWire(
  c: CampaignCaseView,
  policyVersion: string,
  caseNumbers: ReadonlyMap<string, string> = new Map(),
  names: ReadonlyMap<string, string> = new Map(),
): CampaignCaseWireView {
  const nameOf = (userId: string | null) => (userId ? (names.get(userId) ?? null) : null);
  // Views projected before the petition's step was kept have none: not read yet.
  const petitionStep = c.petitionStep ?? null;
  return {
    petitionId: c.petitionId,
    caseNumber: caseNumbers.get(c.petitionId) ?? null,
    category: c.category,
    imported: c.imported,
    joinedAt: formatInstant(c.joinedAt),
    joined: { ...c.joined },
    reasons: c.joined.by === 'rule' ? [...c.joined.reasons] : [],
    unitId: c.unitId,
    responsiblePersonId: c.responsiblePersonId,
    responsiblePersonName: nameOf(c.responsiblePersonId),
    leaders: c.leaders.map((l) => ({ ...l, name: nameOf(l.userId), assignedAt: formatInstant(l.assignedAt) })),
    plan: c.plan.map((s) => ({
      stepId: s.stepId,
      title: s.title,
      dueDate: s.dueDate,
      dueAt: formatInstant(s.dueAt),
      ownerUserId: s.ownerUserId,
      ownerName: nameOf(s.ownerUserId),
      doneAt: formatOptionalInstant(s.doneAt),
      overdue: s.overdue,
      firedRungs: [...s.firedRungs],
    })),
    status: c.status,
    petitionStep,
    countedResolved: countsAsResolved(campaignPolicyByVersion(policyVersion), {
      status: c.status,
      struckOff: c.strikeOff !== null,
      petitionSettled: petitionSettled(petitionStep),
    }),
    statusNote: c.statusNote,
    statusAt: formatOptionalInstant(c.statusAt),
    followUp: c.followUp && {
      dueAt: formatInstant(c.followUp.dueAt),
      status: c.followUp.status,
      recordedAt: formatOptionalInstant(c.followUp.recordedAt),
      note: c.followUp.note,
    },
    strikeOff: c.strikeOff && {
      ...c.strikeOff,
      at: formatInstant(c.strikeOff.at),
      evidenceFiles: (c.strikeOff.evidenceFiles ?? []).map((f) => ({ ...f })),
    },
    relapses: c.relapses,
    removed: c.removed && { ...c.removed, at: formatInstant(c.removed.at) },
  };
}

/** The campaign with only the cases the viewer may see (`visible`, already filtered), and the count the viewer may know. */
export function campaignToWire(
  view: CampaignView,
  visible: CampaignCaseView[],
  caseCount: number,
  caseNumbers: ReadonlyMap<string, string> = new Map(),
  names: ReadonlyMap<string, string> = new Map(),
): CampaignWireView {
  return {
    campaignId: view.campaignId,
    policyVersion: view.policyVersion,
    name: view.name,
    planRef: view.planRef,
    office: { ...view.office },
    startDate: view.startDate,
    targetDate: view.targetDate,
    cadenceDays: view.cadenceDays,
    rules: { ...view.rules },
    status: view.status,
    createdAt: formatInstant(view.createdAt),
    createdBy: view.createdBy,
    closedAt: formatOptionalInstant(view.closedAt),
    closeReason: view.closeReason,
    nextBulletinAt: formatOptionalInstant(view.nextBulletinAt),
    bulletinsIssued: view.bulletinsIssued,
    caseCount,
    cases: visible.map((c) => campaignCaseToWire(c, view.policyVersion, caseNumbers, names)),
    revision: view.revision,
  };
}
