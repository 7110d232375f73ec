/**
 * The waiting and continuing-as-new both workflows' loops share. Each step keeps the order of
 * commands the loops emitted before it was shared (a timer only when something is due), so
 * existing histories replay unchanged.
 */
import { allHandlersFinished, condition, workflowInfo } from '@temporalio/workflow';

const DEFAULT_CONTINUE_AS_NEW_AT = 10_000;

/** Lets the updates in flight finish in this run, then projects what they left. */
export async function finishHandlers(flush: () => Promise<void>): Promise<void> {
  await condition(allHandlersFinished);
  await flush();
}

/**
 * Continues as new once the history is long (at `continueAt` events, or when the server suggests
 * it): the updates in flight finish in this run, and the next run starts from the full state.
 */
export async function continueAsNewWhenLong(
  continueAt: number | undefined,
  flush: () => Promise<void>,
  next: () => Promise<never>,
): Promise<void> {
  const info = workflowInfo();
  if (!info.continueAsNewSuggested && info.historyLength < (continueAt ?? DEFAULT_CONTINUE_AS_NEW_AT)) return;
  await finishHandlers(flush);
  await next();
}

/** The loop's sleep: until an applied update asks for a wake-up, or until the next due instant. */
export class WakeUp {
  private requested = false;

  request(): void {
    this.requested = true;
  }

  /** `at` null: nothing is due, only an update wakes the loop. */
  async sleepUntil(at: number | null): Promise<void> {
    this.requested = false;
    if (at === null) await condition(() => this.requested);
    else await condition(() => this.requested, Math.max(1, at - Date.now()));
  }
}
