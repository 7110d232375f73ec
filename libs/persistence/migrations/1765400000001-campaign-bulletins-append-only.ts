import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bulletin (通报) once issued is never changed: besides its triggers, the runtime role gets only
 * SELECT and INSERT on its tables (apply_runtime_grants reads the 'append-only' comment).
 */
export class CampaignBulletinsAppendOnly1765400000001 implements MigrationInterface {
  name = 'CampaignBulletinsAppendOnly1765400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `COMMENT ON TABLE campaign_bulletins IS 'append-only: a campaign bulletin (通报), never changed once issued'`,
    );
    await q.query(
      `COMMENT ON TABLE campaign_bulletin_lines IS 'append-only: the lines of a campaign bulletin (通报), never changed once issued'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`COMMENT ON TABLE campaign_bulletins IS NULL`);
    await q.query(`COMMENT ON TABLE campaign_bulletin_lines IS NULL`);
  }
}
