import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * What the petitioner handed in, kept in PostgreSQL only (personal data never enters Temporal
 * history). Keyed by the registering office and its idempotency key, so a retried POST finds the
 * same petition and another office's key is another petition.
 */
@Entity('petition_intakes')
export class PetitionIntakeEntity {
  @PrimaryColumn('text', { name: 'idempotency_key' }) idempotencyKey!: string;
  @Column('uuid', { name: 'petition_id', unique: true }) petitionId!: string;
  /** sha256 of the request body: the same key with a different body is a conflict, not a retry. */
  @Column('text', { name: 'request_hash' }) requestHash!: string;
  @Column('text', { name: 'registered_by' }) registeredBy!: string;
  @PrimaryColumn('text', { name: 'registering_unit_id' }) registeringUnitId!: string;
  @Column('text', { name: 'petitioner_name' }) petitionerName!: string;
  @Column('text', { name: 'petitioner_contact', nullable: true }) petitionerContact!: string | null;
  @Column('text') summary!: string;
  @Column('text', { name: 'accused_unit_id', nullable: true }) accusedUnitId!: string | null;
  @Column('text', { name: 'accused_person', nullable: true }) accusedPerson!: string | null;
  /** sha256 of the 查询码 given to the petitioner. */
  @Column('text', { name: 'query_code_hash' }) queryCodeHash!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
