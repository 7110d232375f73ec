import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { ApiError } from './api-error';

/**
 * Sends an update to a workflow, and tells an ended workflow from a missing one. Temporal answers an
 * update (or signal) to a closed execution with gRPC NOT_FOUND, which the SDK raises as
 * WorkflowNotFoundError, the same type as for an id that never existed: describing the execution
 * says which it is (a closed one is still described until the namespace's retention drops it).
 * Only on that error path: a live workflow costs nothing more.
 */
export async function unlessEnded<T>(
  handle: WorkflowHandle,
  send: () => Promise<T>,
  ended = 'the case workflow has completed; it takes no more actions',
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError && (await hasEnded(handle)))
      throw new ApiError('caseCompleted', ended, undefined, undefined, { messageKey: 'error.caseCompleted' });
    throw error;
  }
}

async function hasEnded(handle: WorkflowHandle): Promise<boolean> {
  try {
    return (await handle.describe()).status.name !== 'RUNNING';
  } catch {
    // Not found either (or Temporal unreachable): the original error says it.
    return false;
  }
}
