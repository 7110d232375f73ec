/** A campaign transition in progress: the state, what it emits, the instant and who acts. */
import type { Actor, LedgerRecord } from '../../libs/process';
import { ledgerEntry } from '../../libs/process/ledger';
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

  /** A record about a case of the campaign (`petitionId`) or about a unit alone (null), from a bulletin or not. */
  ledger(record: LedgerRecord<CampaignRuleId> & { petitionId: string | null; bulletinNo?: number }): void {
    const s = this.state;
    const { petitionId, bulletinNo } = record;
    const entry = ledgerEntry(
      `campaign:${s.campaignId}`,
      this.policy.accountabilityRules[record.rule],
      { ...record, detail: { campaignId: s.campaignId, ...record.detail } },
      this.now,
      {
        campaignId: s.campaignId,
        workflowId: campaignWorkflowId(s.campaignId),
        petitionId,
        eventSeqs: record.eventSeqs,
        historyLength: null,
        ...(bulletinNo === undefined ? {} : { bulletinNo }),
      },
    );
    this.outbox.ledger.push({ ...entry, petitionId });
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
      petitionStep: facts.step,
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
    this.ledger({
      rule: 'resolutionNotReal',
      petitionId: c.petitionId,
      unitId: c.unitId,
      responsibleUserId: c.responsiblePersonId,
      // Nobody named for the case: the unit's person in charge answers (filled in when the record is written).
      responsibleBy: c.responsiblePersonId ? 'namedByCampaign' : 'personInCharge',
      eventSeqs: [eventSeq, seq],
      discriminator: `${c.petitionId}:relapse#${c.relapses}`,
      detail: { source, wasStruckOff, ...detail },
    });
  }
}
