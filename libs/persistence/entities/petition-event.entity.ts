import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One line of a case timeline; (petition, seq) is set by the workflow, so a replayed write is a no-op. */
@Entity('petition_events')
export class PetitionEventEntity {
  @PrimaryColumn('uuid', { name: 'petition_id' }) petitionId!: string;
  @PrimaryColumn('integer') seq!: number;
  @Column('text') type!: string;
  @Column('timestamptz') at!: Date;
  @Column('text', { name: 'actor_user_id', nullable: true }) actorUserId!: string | null;
  @Column('text', { name: 'actor_role', nullable: true }) actorRole!: string | null;
  @Column('text', { name: 'actor_unit_id', nullable: true }) actorUnitId!: string | null;
  @Column('text', { name: 'request_id', nullable: true }) requestId!: string | null;
  @Column('text', { name: 'clock_key', nullable: true }) clockKey!: string | null;
  @Column('jsonb') data!: Record<string, unknown>;
}
