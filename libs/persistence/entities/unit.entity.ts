import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UnitKind, UnitLevel } from '../../process';

/** A unit of the tree (province → city → county → township): 信访部门, 职能部门 or 纪检监察. */
@Entity('units')
export class UnitEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') kind!: UnitKind;
  @Column('text') level!: UnitLevel;
  /** 上一级: reviews this unit's replies. */
  @Column('text', { name: 'parent_id', nullable: true }) parentId!: string | null;
  /** Dotted path of the administrative region, e.g. "p1.c1.x1": supervisors see their path and below. */
  @Column('text', { name: 'region_path' }) regionPath!: string;
  /** A deactivated unit keeps its cases and history; its users cannot sign in. */
  @Column('boolean') active!: boolean;
}
