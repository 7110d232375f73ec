import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 机关代字: each unit's organ code, maintained by the admin, which its documents' 文号 begin with
 * (示住建信〔2026〕4号, not the unit's machine id). Units created before it have none until an admin
 * sets one; their documents are numbered with the unit's name meanwhile.
 *
 * document_numbers.number keeps the 文号 as printed when it was reserved, so a later change of the
 * code never changes the number of a document already issued. Rows from before it have none and
 * were printed with the unit id (formatDocumentNumber's legacy form).
 */
export class OrganCodes1765700000000 implements MigrationInterface {
  name = 'OrganCodes1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE units ADD COLUMN organ_code text
        CHECK (organ_code IS NULL OR (char_length(organ_code) BETWEEN 1 AND 20 AND organ_code !~ '[[:space:]〔〕]'))`);
    await q.query(`ALTER TABLE document_numbers ADD COLUMN number text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document_numbers DROP COLUMN number`);
    await q.query(`ALTER TABLE units DROP COLUMN organ_code`);
  }
}
