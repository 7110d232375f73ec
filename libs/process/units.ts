/** The units of the petition system (属地管理、分级负责): what the workflow, the API and the read model know of one. */

export type UnitKind = 'petitionOffice' | 'functionalDepartment' | 'discipline';
export type UnitLevel = 'province' | 'city' | 'county' | 'township';

/** What the workflow needs to know of a unit; resolved from the unit tree by an activity. */
export interface UnitRef {
  id: string;
  kind: UnitKind;
  level: UnitLevel;
  /** 上一级: the unit that reviews this unit's replies; null at the top. */
  parentId: string | null;
  /** The petition office at the same level that supervises this unit (itself, for an office). */
  supervisingOfficeId: string | null;
  /** Petition offices that supervise this unit, nearest first: its own level's, then each level above. */
  supervisingOffices: string[];
  /**
   * 信访工作负责人: the person in charge of the unit's petition work (the admin's choice, else a unit
   * head of the unit), as the unit directory knew it when the case last looked. Absent in unit
   * references recorded before it existed.
   */
  personInChargeUserId?: string | null;
}
