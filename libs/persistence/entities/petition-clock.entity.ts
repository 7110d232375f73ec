import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One clock instance of a case (e.g. `handling#2` after a revoked review), as last projected. */
@Entity('petition_clocks')
export class PetitionClockEntity {
  @PrimaryColumn('uuid', { name: 'petition_id' }) petitionId!: string;
  @PrimaryColumn('text', { name: 'clock_key' }) clockKey!: string;
  @Column('text', { name: 'clock_id' }) clockId!: string;
  @Column('text', { name: 'unit_id' }) unitId!: string;
  @Column('text') status!: string;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('timestamptz', { name: 'due_at', nullable: true }) dueAt!: Date | null;
  @Column('date', { name: 'last_day', nullable: true }) lastDay!: string | null;
  @Column('integer', { name: 'length_days' }) lengthDays!: number;
  @Column('integer', { name: 'excluded_days' }) excludedDays!: number;
  @Column('timestamptz', { name: 'stopped_at', nullable: true }) stoppedAt!: Date | null;
  @Column('boolean') overdue!: boolean;
  @Column('text', { name: 'fired_rungs', array: true }) firedRungs!: string[];
  @Column('text', { name: 'calendar_basis' }) calendarBasis!: string;
  @Column('text', { name: 'calendar_version' }) calendarVersion!: string;
  @Column('integer') revision!: number;
}
