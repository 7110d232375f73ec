import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../../process/policy';

@Entity('users')
export class UserEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') role!: Role;
  @Column('text', { name: 'unit_id' }) unitId!: string;
  /** sha256 of the bearer token; the token itself is never stored. */
  @Column('text', { name: 'token_hash', unique: true }) tokenHash!: string;
}
