import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of online submissions' files (libs/storage/object-retention.ts): a file of a submission
 * that never became a petition is deleted from the object store after its period; its row stays,
 * marked, as the record of what was sent (name, size, SHA-256).
 */
export class SubmissionFileRetention1765800000100 implements MigrationInterface {
  name = 'SubmissionFileRetention1765800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submission_files ADD COLUMN deleted_at timestamptz`);
    await q.query(
      `COMMENT ON COLUMN submission_files.deleted_at IS 'the file was deleted from the object store under retention (never registered)'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submission_files DROP COLUMN deleted_at`);
  }
}
