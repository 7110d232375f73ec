/**
 * Where a case's history is read from: its archive in PostgreSQL once it closed (checked against
 * its SHA-256), otherwise Temporal (a running case, or a closed one not archived yet). Replay,
 * export and verification all read through here, so they work after Temporal's retention.
 */
import type { Client } from '@temporalio/client';
import type { EntityManager } from 'typeorm';
import { CaseHistory, fetchCaseHistory } from './case-history';
import { loadArchivedHistory } from './history-archive';

export interface SourcedCaseHistory {
  petitionId: string;
  source: 'archive' | 'temporal';
  history: CaseHistory;
}

export async function loadCaseHistory(
  manager: EntityManager,
  client: () => Promise<Client>,
  petitionId: string,
  workflowId: string,
): Promise<SourcedCaseHistory> {
  const archived = await loadArchivedHistory(manager, petitionId);
  if (archived) return { petitionId, source: 'archive', history: archived };
  return { petitionId, source: 'temporal', history: await fetchCaseHistory(await client(), workflowId) };
}
