import type { EntityManager } from 'typeorm';
import { preparedQuery } from './prepared-query';

/**
 * A petition's intake is written under this transaction-scoped lock, and whatever races it holds the
 * lock too: a 不予登记 of the online submission it comes from, and the workflow's first projection
 * (or notice), which reads the intake. The API commits the intake before it starts the workflow, but
 * an API replica of the previous release (in a rolling upgrade) committed only after the start; the
 * lock makes the first projection wait for that commit and never see the case without its intake.
 */
export async function holdIntakeLock(manager: EntityManager, petitionId: string): Promise<void> {
  await preparedQuery(
    manager,
    'intake.lock',
    `SELECT pg_advisory_xact_lock(hashtextextended('petition-intake:' || $1::text, 0))`,
    [petitionId],
  );
}
