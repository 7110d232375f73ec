/**
 * 信访工作负责人: the person in charge of a unit's petition work, who answers for the unit's lapses
 * when nobody was assigned the case (分办). Kept by the admin; when unset, a unit head of the unit
 * stands in (libs/persistence/unit-directory.ts resolves it for the workflow).
 */
import type { EntityManager } from 'typeorm';
import { personInChargeOf } from './unit-directory';
import { DirectoryError, findUser, record, unitInScope, type DirectoryActor } from './directory-admin';

export interface PersonInChargeRow {
  unitId: string;
  /** The admin's choice; null when the unit head stands in. */
  designatedUserId: string | null;
  /** Who answers now: the designated person, else the unit's first active unit head, else null. */
  personInChargeUserId: string | null;
}

export async function personInCharge(db: EntityManager, unitId: string): Promise<PersonInChargeRow> {
  const [row]: { designated: string | null; effective: string | null }[] = await db.query(
    `SELECT u.person_in_charge_user_id AS designated, ${personInChargeOf('u')} AS effective
       FROM units u WHERE u.id = $1`,
    [unitId],
  );
  return { unitId, designatedUserId: row?.designated ?? null, personInChargeUserId: row?.effective ?? null };
}

/** Names (or, with null, clears) the unit's person in charge: an active user of that unit; recorded as an admin change. */
export async function setPersonInCharge(
  tx: EntityManager,
  actor: DirectoryActor,
  unitId: string,
  userId: string | null,
): Promise<PersonInChargeRow> {
  await unitInScope(tx, actor, unitId, 'id', true);
  if (userId !== null) {
    const user = await findUser(tx, userId);
    if (!user) throw new DirectoryError('notFound', `user "${userId}" does not exist`, 'userId');
    if (user.unitId !== unitId)
      throw new DirectoryError('invalid', `the person in charge must be a user of unit ${unitId}`, 'userId');
    if (!user.active) throw new DirectoryError('conflict', `user ${userId} is deactivated`, 'userId');
  }
  const before = await personInCharge(tx, unitId);
  await tx.query(`UPDATE units SET person_in_charge_user_id = $2 WHERE id = $1`, [unitId, userId]);
  await record(
    tx,
    actor,
    'unitPersonInChargeSet',
    'unit',
    unitId,
    { personInChargeUserId: before.designatedUserId },
    { personInChargeUserId: userId },
  );
  return personInCharge(tx, unitId);
}
