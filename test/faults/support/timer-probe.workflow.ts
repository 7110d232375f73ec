/**
 * A durable timer and nothing else, for the fault test of the Temporal server: statutory clocks
 * end at 24:00 Asia/Shanghai, and their 70%/90% warnings can be placed only in some hours of the
 * day, so a petition timer cannot be made due a few seconds from an arbitrary now. This workflow
 * sleeps until the instant it is given, then records that its timer fired (an activity inserting
 * a row, so a second firing would show as a second row).
 */
import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';

export interface TimerProbeActivities {
  recordTimerFired(workflowId: string, dueAt: number, firedAt: number): Promise<void>;
}

const { recordTimerFired } = proxyActivities<TimerProbeActivities>({ startToCloseTimeout: '30 seconds' });

export async function timerProbe(dueAt: number): Promise<number> {
  await sleep(Math.max(1, dueAt - Date.now()));
  const firedAt = Date.now();
  await recordTimerFired(workflowInfo().workflowId, dueAt, firedAt);
  return firedAt;
}
