import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../../process/policy';

@Entity('users')
export class UserEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') role!: Role;
  @Column('text', { name: 'unit_id' }) unitId!: string;
  /** Argon2id hash (PHC string); null for a user who signs in only through OIDC. */
  @Column('text', { name: 'password_hash', nullable: true }) passwordHash!: string | null;
  /** Raised on deactivation or a change of role or unit: access tokens carrying an older one are refused. */
  @Column('integer', { name: 'token_version' }) tokenVersion!: number;
  @Column('boolean') active!: boolean;
  /** The value of the configured OIDC claim that identifies this user at the agency's provider. */
  @Column('text', { name: 'oidc_subject', nullable: true, unique: true }) oidcSubject!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
