/** The primitives every rule uses: timeline events, milestones, ledger records. */
import { policyByVersion } from '../../libs/process/policy';
import type { Actor, LedgerRecord, MilestoneType, UnitRef } from '../../libs/process';
import { ledgerEntry } from '../../libs/process/ledger';
import { petitionWorkflowId } from './petition.contract';
import type { Outbox, PetitionState } from './state';

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

  event(type: string, data: Record<string, unknown>, clockKey: string | null = null): number {
    this.state.eventSeq += 1;
    this.outbox.events.push({
      seq: this.state.eventSeq,
      type,
      at: this.now,
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
      ledgerEntry(s.petitionId, definition, record, this.now, {
        petitionId: s.petitionId,
        workflowId: petitionWorkflowId(s.petitionId),
        eventSeqs: record.eventSeqs,
        historyLength: null,
      }),
    );
  }

  /** The person answerable for a unit's missed obligation: the case leader, else whoever accepted the case there. */
  responsibleFor(unitId: string): string | null {
    if (this.state.caseLeader) return this.state.caseLeader.userId;
    return unitId === this.state.handlingUnit?.id ? this.state.acceptedBy : null;
  }

  unitRef(unitId: string): UnitRef | null {
    const s = this.state;
    return [s.handlingUnit, s.routingUnit, s.reviewUnit, s.reReviewUnit].find((u) => u?.id === unitId) ?? null;
  }
}
