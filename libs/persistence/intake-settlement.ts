import type { EntityManager } from 'typeorm';

/**
 * The API writes a petition's intake in the same transaction as it starts the workflow, and the
 * workflow's first projection (or notice) reads the intake. Both hold this transaction-scoped lock,
 * so a reader waits until the registration's transaction is committed (or rolled back) and never
 * sees the case before its intake is there or gone.
 */
export async function holdIntakeLock(manager: EntityManager, petitionId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('petition-intake:' || $1::text, 0))`, [
    petitionId,
  ]);
}
