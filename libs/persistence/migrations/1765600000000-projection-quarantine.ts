import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projection batches the read model refused for their content (SQLSTATE class 22 or 23), kept
 * whole until an operator resolves them (`npm run audit -- resolve-quarantine`). The batch is the
 * JSON text the workflow handed over: JSON.stringify writes a lone surrogate as an ASCII escape,
 * which a `text` column holds where `jsonb` would refuse it, so nothing is lost in keeping it.
 * Rows are updated once, when resolved; the runtime role gets the usual read/write grants.
 */
export class ProjectionQuarantine1765600000000 implements MigrationInterface {
  name = 'ProjectionQuarantine1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projection_quarantine (
        id bigserial PRIMARY KEY,
        petition_id uuid NOT NULL,
        revision integer NOT NULL,
        event_seqs integer[] NOT NULL,
        batch_sha256 text NOT NULL CHECK (batch_sha256 ~ '^[0-9a-f]{64}$'),
        batch text NOT NULL,
        sqlstate text NOT NULL CHECK (sqlstate ~ '^[0-9A-Z]{5}$'),
        reason text NOT NULL,
        quarantined_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        resolved_by text,
        repairs jsonb,
        UNIQUE (petition_id, batch_sha256),
        CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
      )`);
    await q.query(
      `CREATE INDEX projection_quarantine_unresolved ON projection_quarantine (petition_id, id) WHERE resolved_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE projection_quarantine`);
  }
}
