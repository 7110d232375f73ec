/** A campaign transition in progress: the state, what it emits, the instant and who acts. */
import type { Actor } from '../../libs/process';
import { CampaignPolicy, CampaignRuleId, campaignPolicyByVersion } from '../../libs/process/campaign-policy';
import {
  BulletinRecord,
  CampaignCaseFacts,
  CampaignCaseView,
  CampaignEscalation,
  campaignWorkflowId,
} from './campaign.contract';
import { CampaignCaseState, CampaignState, Outbox, findCase } from './campaign.model';

export class CampaignContext {
  constructor(
    readonly state: CampaignState,
    private readonly outbox: Outbox,
    readonly now: number,
    readonly actor: Actor | null,
    private readonly requestId: string | null,
  ) {}

  get policy(): CampaignPolicy {
    return campaignPolicyByVersion(this.state.policyVersion);
  }

  event(type: string, petitionId: string | null, data: Record<string, unknown>): number {
    this.state.eventSeq += 1;
    this.outbox.events.push({
      seq: this.state.eventSeq,
      type,
      at: this.now,
      actor: this.actor,
      requestId: this.requestId,
      petitionId,
      data,
    });
    return this.state.eventSeq;
  }

  ledger(
    rule: CampaignRuleId,
    petitionId: string | null,
    unitId: string,
    responsibleUserId: string | null,
    eventSeqs: number[],
    discriminator: string,
    detail: Record<string, unknown>,
    bulletinNo?: number,
  ): void {
    const definition = this.policy.accountabilityRules[rule];
    const s = this.state;
    this.outbox.ledger.push({
      key: `campaign:${s.campaignId}:${rule}:${discriminator}`,
      rule,
      petitionId,
      unitId,
      responsibleUserId,
      severity: definition.severity,
      suggestedAction: definition.suggestedAction,
      basis: definition.basis,
      at: this.now,
      evidence: {
        campaignId: s.campaignId,
        workflowId: campaignWorkflowId(s.campaignId),
        petitionId,
        eventSeqs,
        historyLength: null,
        ...(bulletinNo === undefined ? {} : { bulletinNo }),
      },
      detail: { campaignId: s.campaignId, ...detail },
    });
  }

  escalation(entry: CampaignEscalation): void {
    this.outbox.escalations.push(entry);
  }

  bulletin(record: BulletinRecord): void {
    this.outbox.bulletins.push(record);
  }

  /** A case joins (or, after removal, rejoins) the campaign. */
  join(facts: CampaignCaseFacts, joined: CampaignCaseView['joined']): void {
    const s = this.state;
    const earlier = findCase(s, facts.petitionId);
    const c: CampaignCaseState = {
      petitionId: facts.petitionId,
      category: facts.category,
      imported: facts.imported,
      accusedUnitId: facts.accusedUnitId,
      joinedAt: this.now,
      joined,
      unitId: facts.unitId,
      unitLevel: facts.unitLevel,
      regionPath: facts.regionPath,
      offices: facts.offices,
      responsiblePersonId: earlier?.responsiblePersonId ?? null,
      leaders: earlier?.leaders ?? [],
      plan: earlier?.plan ?? [],
      nextStepNo: earlier?.nextStepNo ?? 0,
      status: earlier?.status ?? 'inProgress',
      statusNote: earlier?.statusNote ?? null,
      statusAt: earlier?.statusAt ?? null,
      followUp: earlier?.followUp ?? null,
      strikeOff: earlier?.strikeOff ?? null,
      earlierStrikeOffs: earlier?.earlierStrikeOffs ?? [],
      relapses: earlier?.relapses ?? 0,
      reopenedCountSeen: facts.reopenedCount,
      removed: null,
    };
    if (earlier) s.cases[s.cases.indexOf(earlier)] = c;
    else s.cases.push(c);
    this.event('caseJoined', c.petitionId, {
      joined,
      unitId: c.unitId,
      imported: c.imported,
      rejoined: earlier !== undefined,
    });
  }

  /** 反弹: the case is back in the campaign as not resolved, and the unit answers for it. */
  relapse(
    c: CampaignCaseState,
    source: 'followUp' | 'reported' | 'petitionReopened' | 'repeatPetition',
    note: string,
    eventSeq: number,
    detail: Record<string, unknown> = {},
  ): void {
    if (c.strikeOff) c.earlierStrikeOffs.push(c.strikeOff);
    const wasStruckOff = c.strikeOff !== null;
    c.strikeOff = null;
    c.status = 'inProgress';
    c.statusNote = note;
    c.statusAt = this.now;
    c.followUp = null;
    c.relapses += 1;
    const seq = this.event('caseReturned', c.petitionId, { source, wasStruckOff, relapses: c.relapses, ...detail });
    this.ledger(
      'resolutionNotReal',
      c.petitionId,
      c.unitId,
      c.responsiblePersonId,
      [eventSeq, seq],
      `${c.petitionId}:relapse#${c.relapses}`,
      { source, wasStruckOff, ...detail },
    );
  }
}
