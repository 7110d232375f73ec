/** The primitives every rule uses: timeline events, milestones, ledger records. */
import { policyByVersion } from '../../libs/process/policy';
import type { Actor, LedgerRecord, MilestoneType, Responsible, UnitRef } from '../../libs/process';
import { ledgerEntry } from '../../libs/process/ledger';
import { responsibleFor } from '../../libs/process/lapse-supervision';
import { petitionWorkflowId } from './petition.contract';
import type { Outbox, PetitionState } from './state';

/** How late a due instant must be processed to count as caught up on rather than fired on time. */
export const CATCH_UP_THRESHOLD_MS = 60_000;

/** A ledger record's responsible person and the rule that chose them. */
export function responsible(r: Responsible): { responsibleUserId: string | null; responsibleBy: Responsible['by'] } {
  return { responsibleUserId: r.userId, responsibleBy: r.by };
}

/** A mutation in progress: the state, what it emits, the instant and who acts. */
export class Transition {
  constructor(
    readonly state: PetitionState,
    readonly outbox: Outbox,
    readonly now: number,
    readonly actor: Actor | null,
    readonly requestId: string | null,
    /** When the workflow is catching up on instants already past (a backdated registration), the present. */
    readonly catchingUpAt: number = now,
  ) {}

  /**
   * When the service records what this transition does: the present. Cases started before truthful
   * time dated a caught-up rung at its due instant, even one before the case was registered.
   */
  get recordedAt(): number {
    // A timer fires a moment after its instant (and after the person-in-charge lookup): only a real
    // catch-up, over a minute late, is dated apart from what it refers to (as openSupervision judges it).
    const caughtUp = this.catchingUpAt - this.now > CATCH_UP_THRESHOLD_MS;
    return this.state.accountableUnits && caughtUp ? this.catchingUpAt : this.now;
  }

  event(type: string, data: Record<string, unknown>, clockKey: string | null = null): number {
    this.state.eventSeq += 1;
    const at = this.recordedAt;
    this.outbox.events.push({
      seq: this.state.eventSeq,
      type,
      at,
      ...(at !== this.now ? { refersTo: this.now } : {}),
      actor: this.actor,
      requestId: this.requestId,
      clockKey,
      data,
    });
    return this.state.eventSeq;
  }

  milestone(type: MilestoneType, at: number, detail?: string): void {
    this.state.milestones.push(detail === undefined ? { type, at } : { type, at, detail });
  }

  /** Appends an accountability record; its discriminator makes its key unique within the case and rule. */
  ledger(record: LedgerRecord): void {
    const s = this.state;
    const definition = policyByVersion(s.policyVersion).accountabilityRules[record.rule];
    this.outbox.ledger.push(
      ledgerEntry(
        s.petitionId,
        definition,
        this.recordedAt !== this.now ? { ...record, detail: { ...record.detail, refersTo: this.now } } : record,
        this.recordedAt,
        {
          petitionId: s.petitionId,
          workflowId: petitionWorkflowId(s.petitionId),
          eventSeqs: record.eventSeqs,
          historyLength: null,
        },
      ),
    );
  }

  /**
   * The person who owed a unit's act when it lapsed: its 承办人 (分办), else its person in charge
   * (libs/process/lapse-supervision.ts). Cases started before named the case leader, else whoever
   * accepted the case there.
   */
  responsibleFor(unitId: string): Responsible {
    const s = this.state;
    if (s.accountableUnits) return responsibleFor(this.unitRef(unitId), unitId, s.handlers ?? []);
    if (s.caseLeader) return { userId: s.caseLeader.userId, by: 'caseLeader' };
    return { userId: unitId === s.handlingUnit?.id ? s.acceptedBy : null, by: 'acceptingHandler' };
  }

  /** The person who owed a handling unit's act (reply, implementation, a real resolution); before 分办, whoever accepted the case. */
  handlingResponsible(unitId: string): Responsible {
    if (this.state.accountableUnits) return this.responsibleFor(unitId);
    return { userId: this.state.acceptedBy, by: 'acceptingHandler' };
  }

  unitRef(unitId: string): UnitRef | null {
    const s = this.state;
    const found = [s.handlingUnit, s.routingUnit, s.reviewUnit, s.reReviewUnit].find((u) => u?.id === unitId);
    // A unit that handed the case over (提级办理) still answers for its own lapses.
    return found ?? s.takeovers?.find((t) => t.fromUnit.id === unitId)?.fromUnit ?? null;
  }
}
