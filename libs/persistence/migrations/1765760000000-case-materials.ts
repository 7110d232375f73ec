import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Materials of a case (案件材料): one row per uploaded file version. The bytes are in the object
 * store under `object_key`; the row holds what a person reads (kind, caption, file name) and what
 * proves the bytes (SHA-256, size, the workflow event that recorded them). A material is replaced
 * only by a new version, so rows are append-only for the runtime role (SELECT and INSERT).
 */
export class CaseMaterials1765760000000 implements MigrationInterface {
  name = 'CaseMaterials1765760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_materials (
        file_id uuid PRIMARY KEY,
        material_id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        petition_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('petitionLetter', 'investigation', 'deliveryReceipt', 'closureEvidence', 'other')),
        caption text NOT NULL,
        file_name text NOT NULL,
        media_type text NOT NULL,
        byte_length bigint NOT NULL CHECK (byte_length > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        object_key text NOT NULL UNIQUE,
        request_id text NOT NULL,
        uploaded_by text NOT NULL,
        uploader_role text NOT NULL,
        uploader_unit_id text NOT NULL,
        event_seq integer NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (petition_id, request_id),
        UNIQUE (material_id, version)
      )`);
    await q.query(`CREATE INDEX case_materials_petition ON case_materials (petition_id, uploaded_at)`);
    // apply_runtime_grants reads the comment: the runtime role may only insert and read.
    await q.query(
      `COMMENT ON TABLE case_materials IS 'append-only: a material is replaced by a new version, the old one stays'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_materials`);
  }
}
