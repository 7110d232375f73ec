import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row of the accountability ledger (问责/责任倒查). Append-only at the database level: a
 * trigger refuses UPDATE, DELETE and TRUNCATE. A disposition is a new row pointing at the trigger.
 */
@Entity('accountability_records')
export class AccountabilityRecordEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('text', { name: 'record_key', unique: true }) recordKey!: string;
  @Column('text') kind!: 'trigger' | 'disposition';
  @Column('uuid', { name: 'petition_id' }) petitionId!: string;
  @Column('text') rule!: string;
  @Column('text', { name: 'unit_id' }) unitId!: string;
  @Column('text', { name: 'responsible_user_id', nullable: true }) responsibleUserId!: string | null;
  @Column('text') severity!: string;
  @Column('text', { name: 'suggested_action' }) suggestedAction!: string;
  @Column('text') basis!: string;
  @Column('jsonb') evidence!: Record<string, unknown>;
  @Column('jsonb') detail!: Record<string, unknown>;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('bigint', { name: 'disposes_record_id', nullable: true }) disposesRecordId!: string | null;
  @Column('text', { nullable: true }) disposition!: string | null;
  @Column('text', { name: 'recorded_by', nullable: true }) recordedBy!: string | null;
}
