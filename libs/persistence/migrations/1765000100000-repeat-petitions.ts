import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 重复信访: the petitioner's identity as keyed hashes (libs/auth/petitioner-identity.ts) on the
 * intake, to find the earlier cases of the same petitioner. The hashes need the service's secret,
 * so intakes from before this migration get theirs when the API starts (RepeatPetitionsService).
 */
export class RepeatPetitions1765000100000 implements MigrationInterface {
  name = 'RepeatPetitions1765000100000';

  async up(q: QueryRunner): Promise<void> {
    // not_accepted_again_of: the finally decided case a registration repeated (不再受理), kept so a
    // retried registration answers what was decided the first time.
    await q.query(`ALTER TABLE petition_intakes ADD COLUMN petitioner_name_hash text, ADD COLUMN petitioner_identity_hash text,
                     ADD COLUMN not_accepted_again_of uuid`);
    await q.query(`CREATE INDEX petition_intakes_name_hash ON petition_intakes (petitioner_name_hash)`);
    await q.query(
      `CREATE INDEX petition_intakes_identity_hash ON petition_intakes (petitioner_identity_hash) WHERE petitioner_identity_hash IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX petition_intakes_identity_hash`);
    await q.query(`DROP INDEX petition_intakes_name_hash`);
    await q.query(
      `ALTER TABLE petition_intakes DROP COLUMN petitioner_name_hash, DROP COLUMN petitioner_identity_hash, DROP COLUMN not_accepted_again_of`,
    );
  }
}
