/**
 * One run of the retention job, started by the Temporal Schedule `retention`: the activity
 * pseudonymises and deletes what is past its period and records the run on the audit trail, in one
 * transaction; it is idempotent, so a retry after a lost answer changes nothing more.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { RetentionActivities, RetentionPeriods, RetentionRun } from '../../libs/temporal/retention-contract';

const { enforceRetention } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 20 },
});

export async function retentionWorkflow(periods: RetentionPeriods): Promise<RetentionRun> {
  return enforceRetention(periods);
}
