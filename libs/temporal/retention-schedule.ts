/**
 * The Temporal Schedule that runs the retention job (docs/operations.md "Retention"). Every worker
 * start ensures it: created when missing, otherwise updated to the configured periods and interval,
 * so a changed RETENTION_* takes effect at the next start and two workers starting together leave
 * one schedule. Overlapping runs are skipped (a run is one transaction; the next one catches up).
 */
import { Client, ScheduleAlreadyRunning, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import type { RetentionConfig } from '../config/config';
import { RETENTION_SCHEDULE_ID, RETENTION_WORKFLOW_TYPE, type RetentionPeriods } from './retention-contract';

export async function ensureRetentionSchedule(
  client: Client,
  taskQueue: string,
  retention: RetentionConfig,
  scheduleId = RETENTION_SCHEDULE_ID,
): Promise<void> {
  const periods: RetentionPeriods = {
    personalDataDays: retention.personalDataDays,
    historyArchiveDays: retention.historyArchiveDays,
    documentDays: retention.documentDays,
    unregisteredSubmissionFileDays: retention.unregisteredSubmissionFileDays,
    orphanGraceHours: retention.orphanGraceHours,
  };
  const spec = { intervals: [{ every: `${retention.intervalHours}h` as const }] };
  const action: ScheduleOptionsStartWorkflowAction<Workflow> = {
    type: 'startWorkflow',
    workflowType: RETENTION_WORKFLOW_TYPE,
    workflowId: `${scheduleId}-run`,
    taskQueue,
    args: [periods],
  };
  const policies = { overlap: 'SKIP' as const, catchupWindow: '1 day' as const };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies,
      state: { note: 'retention: docs/operations.md "Retention"' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
  }
}
