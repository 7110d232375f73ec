import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 信访件编号: a number people can say, per registering office and year, gap-free.
 *  - units.case_number_prefix: the office's short prefix on its case numbers (e.g. 示县信); offices
 *    without one number under their unit id.
 *  - case_number_counters: one row per (office, year); the registration takes the next serial with an
 *    UPDATE … RETURNING in the transaction that records the intake, so a registration that fails
 *    (rolled back) gives its serial back and the next one takes it: no gaps.
 *  - petition_intakes.case_number (unique; the office + year + serial too), so a retried
 *    registration finds the number it was given, and a number finds its case.
 *  - petition_intakes.petitioner_contact_hash: a keyed hash of the normalized contact, for the
 *    search by phone (exact match) without an index of phone numbers in the clear; filled for older
 *    intakes by the API at start (it holds the key).
 *  - petition_intakes_name_prefix: the search by name prefix on the stored name.
 */
export class CaseNumbers1765660000000 implements MigrationInterface {
  name = 'CaseNumbers1765660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE units ADD COLUMN case_number_prefix text`);
    await q.query(`
      CREATE TABLE case_number_counters (
        unit_id text NOT NULL REFERENCES units(id),
        year integer NOT NULL,
        last_serial integer NOT NULL CHECK (last_serial >= 0),
        PRIMARY KEY (unit_id, year)
      )`);
    await q.query(`ALTER TABLE petition_intakes ADD COLUMN case_number text, ADD COLUMN case_number_year integer,
      ADD COLUMN case_number_serial integer, ADD COLUMN petitioner_contact_hash text`);
    await q.query(`CREATE UNIQUE INDEX petition_intakes_case_number ON petition_intakes (case_number)`);
    await q.query(
      `CREATE UNIQUE INDEX petition_intakes_case_serial ON petition_intakes (registering_unit_id, case_number_year, case_number_serial)`,
    );
    await q.query(
      `CREATE INDEX petition_intakes_contact_hash ON petition_intakes (petitioner_contact_hash) WHERE petitioner_contact_hash IS NOT NULL`,
    );
    await q.query(`CREATE INDEX petition_intakes_name_prefix ON petition_intakes (petitioner_name text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX petition_intakes_name_prefix`);
    await q.query(`DROP INDEX petition_intakes_contact_hash`);
    await q.query(`DROP INDEX petition_intakes_case_serial`);
    await q.query(`DROP INDEX petition_intakes_case_number`);
    await q.query(`ALTER TABLE petition_intakes DROP COLUMN case_number, DROP COLUMN case_number_year,
      DROP COLUMN case_number_serial, DROP COLUMN petitioner_contact_hash`);
    await q.query(`DROP TABLE case_number_counters`);
    await q.query(`ALTER TABLE units DROP COLUMN case_number_prefix`);
  }
}
