/**
 * The worker's archiver of closed cases (libs/audit/history-archiver): which workflows are
 * petitions and how their petition id is read from the workflow id.
 */
import type { ServiceConfig } from '@/libs/config/config';
import type { ArchiverOptions } from '@/libs/audit/history-archiver';
import { PETITION_WORKFLOW_TYPE, petitionWorkflowId } from '@/workflows/petition/petition.contract';

const PREFIX = petitionWorkflowId('');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function petitionIdOf(workflowId: string): string | null {
  const id = workflowId.startsWith(PREFIX) ? workflowId.slice(PREFIX.length) : '';
  return UUID.test(id) ? id : null;
}

export function archiverOptions(config: ServiceConfig): ArchiverOptions {
  return { workflowType: PETITION_WORKFLOW_TYPE, taskQueue: config.taskQueue, petitionIdOf, archivedBy: 'worker' };
}
