import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The read model of one case: a projection of its workflow, written only by activities. */
@Entity('petitions')
export class PetitionEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'workflow_id', unique: true }) workflowId!: string;
  @Column('text') category!: string;
  @Column('boolean') urgent!: boolean;
  @Column('text') step!: string;
  @Column('text', { name: 'policy_version' }) policyVersion!: string;
  @Column('text', { name: 'calendar_version' }) calendarVersion!: string;
  @Column('text', { name: 'routing_unit_id' }) routingUnitId!: string;
  @Column('text', { name: 'handling_unit_id', nullable: true }) handlingUnitId!: string | null;
  @Column('text', { name: 'review_unit_id', nullable: true }) reviewUnitId!: string | null;
  @Column('text', { name: 're_review_unit_id', nullable: true }) reReviewUnitId!: string | null;
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
  @Column('timestamptz', { name: 'registered_at' }) registeredAt!: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('boolean', { name: 'is_final' }) isFinal!: boolean;
  /** The workflow's revision this row reflects; older projections never overwrite newer ones. */
  @Column('integer') revision!: number;
  /** The whole workflow view at that revision. */
  @Column('jsonb') view!: Record<string, unknown>;
  @Column('timestamptz', { name: 'projected_at' }) projectedAt!: Date;
  // What the work queues and the case search read (libs/persistence/case-list-columns.ts).
  @Column('boolean') collective!: boolean;
  @Column('uuid', { name: 'repeat_of', array: true }) repeatOf!: string[];
  @Column('text', { name: 'accused_unit_id', nullable: true }) accusedUnitId!: string | null;
  @Column('text', { name: 'unit_ids', array: true }) unitIds!: string[];
  @Column('timestamptz', { name: 'next_due_at', nullable: true }) nextDueAt!: Date | null;
  @Column('text', { name: 'next_due_clock_key', nullable: true }) nextDueClockKey!: string | null;
  @Column('text', { name: 'next_due_clock_id', nullable: true }) nextDueClockId!: string | null;
  @Column('date', { name: 'next_due_last_day', nullable: true }) nextDueLastDay!: string | null;
  /** Character bigrams of the summary (text search); the summary itself stays in petition_intakes. */
  @Column('text', { name: 'summary_bigrams', array: true }) summaryBigrams!: string[];
}
