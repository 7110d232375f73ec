import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { allocateCaseNumber } from '@/libs/persistence/case-numbers';
import { RepeatPetitionsService } from './repeat/repeat-petitions.service';

const BATCH = 200;

/**
 * Intakes registered before 信访件编号 existed get a number (their office, the year they were
 * registered, in the order they were registered) and the keyed hash the search by phone uses.
 * Idempotent, and safe with several API replicas: each intake is numbered in a transaction of its
 * own under a row lock that the others skip. Their workflows never learn the number (their
 * histories are what they are); lists, the case page, the search and the receipt read it here.
 */
@Injectable()
export class CaseNumberBackfill implements OnApplicationBootstrap {
  private readonly logger = new Logger('case-numbers');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repeats: RepeatPetitionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.numberOlderIntakes();
      await this.hashOlderContacts();
    } catch (error) {
      this.logger.error(`could not number earlier intakes: ${(error as Error).message}`);
    }
  }

  private async numberOlderIntakes(): Promise<void> {
    for (;;) {
      const done = await this.dataSource.transaction(async (tx) => {
        const [row]: { registering_unit_id: string; idempotency_key: string; created_at: Date }[] = await tx.query(
          `SELECT registering_unit_id, idempotency_key, created_at FROM petition_intakes WHERE case_number IS NULL
            ORDER BY created_at, petition_id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        if (!row) return true;
        const n = await allocateCaseNumber(tx, row.registering_unit_id, row.created_at.getTime());
        await tx.query(
          `UPDATE petition_intakes SET case_number = $3, case_number_year = $4, case_number_serial = $5
            WHERE registering_unit_id = $1 AND idempotency_key = $2`,
          [row.registering_unit_id, row.idempotency_key, n.caseNumber, n.year, n.serial],
        );
        return false;
      });
      if (done) return;
    }
  }

  private async hashOlderContacts(): Promise<void> {
    for (;;) {
      const rows: { petition_id: string; petitioner_contact: string }[] = await this.dataSource.query(
        `SELECT petition_id, petitioner_contact FROM petition_intakes
          WHERE petitioner_contact IS NOT NULL AND petitioner_contact_hash IS NULL LIMIT ${BATCH}`,
      );
      if (rows.length === 0) return;
      for (const row of rows) {
        // '' marks a contact with nothing to match on (so it is not read again).
        const hash = this.repeats.contactHash(row.petitioner_contact) ?? '';
        await this.dataSource.query(`UPDATE petition_intakes SET petitioner_contact_hash = $2 WHERE petition_id = $1`, [
          row.petition_id,
          hash,
        ]);
      }
    }
  }
}
