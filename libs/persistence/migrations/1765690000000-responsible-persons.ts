import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accountability that names the right person (DOMAIN §5):
 *  - units.person_in_charge_user_id: the unit's designated person in charge of petition work
 *    (信访工作负责人), kept by the admin; when unset, a unit head of the unit stands in (the
 *    unit directory resolves it, libs/persistence/unit-directory.ts).
 *  - accountability_records.responsible_by: the rule that chose the responsible person
 *    (assignedHandler, personInCharge, actor, …); null on rows recorded before it existed.
 *  - petition_events.refers_to: the instant an event is about when that is not when the service
 *    recorded it (a rung already due when a backdated receipt was registered).
 * Table-wide grants cover the new columns (units, accountability_records, petition_events).
 */
export class ResponsiblePersons1765690000000 implements MigrationInterface {
  name = 'ResponsiblePersons1765690000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE units ADD COLUMN person_in_charge_user_id text REFERENCES users(id)`);
    await q.query(`ALTER TABLE accountability_records ADD COLUMN responsible_by text`);
    await q.query(`ALTER TABLE petition_events ADD COLUMN refers_to timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE petition_events DROP COLUMN refers_to`);
    await q.query(`ALTER TABLE accountability_records DROP COLUMN responsible_by`);
    await q.query(`ALTER TABLE units DROP COLUMN person_in_charge_user_id`);
  }
}
