import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key belongs to the registering office: the same key from another office is
 * another registration, so one office cannot take (squat) a key another office will use.
 */
export class IntakeKeysPerOffice1765630000000 implements MigrationInterface {
  name = 'IntakeKeysPerOffice1765630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE petition_intakes DROP CONSTRAINT petition_intakes_pkey`);
    await q.query(
      `ALTER TABLE petition_intakes ADD CONSTRAINT petition_intakes_pkey PRIMARY KEY (registering_unit_id, idempotency_key)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE petition_intakes DROP CONSTRAINT petition_intakes_pkey`);
    await q.query(`ALTER TABLE petition_intakes ADD CONSTRAINT petition_intakes_pkey PRIMARY KEY (idempotency_key)`);
  }
}
