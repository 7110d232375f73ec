/**
 * A case's complete history: every run of its workflow, first to last, across continue-as-new, in
 * Temporal's own JSON format (what `temporal workflow show -o json` prints, one per run). The
 * payloads stay as Temporal holds them (sealed by the codec) unless decoded on purpose.
 */
import type { Client } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import type { PetitionDataConverter } from '../temporal/data-converter';
import { decodeJsonTree } from '../temporal/payload-json';

export type History = temporal.api.history.v1.IHistory;

/** Temporal's history JSON of one run: `{ events: [...] }`. */
export interface HistoryJson {
  events: Record<string, unknown>[];
}

export interface CaseRun {
  runId: string;
  history: HistoryJson;
}

export interface CaseHistory {
  workflowId: string;
  runs: CaseRun[];
}

/** The most runs followed (a guard against a broken chain, far above any real case). */
const MAX_RUNS = 10_000;

export class CaseHistoryNotFound extends Error {}

function attributes(event: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  return event[name] as Record<string, unknown> | undefined;
}

export function historyJson(history: History): HistoryJson {
  return JSON.parse(historyToJSON(history as temporal.api.history.v1.History));
}

export function historyFromJson(json: HistoryJson): History {
  return historyFromJSON(json);
}

/** The run a history continued as, if it ended in continue-as-new. */
export function continuedAs(history: HistoryJson): string | null {
  const last = history.events[history.events.length - 1];
  const attrs = last && attributes(last, 'workflowExecutionContinuedAsNewEventAttributes');
  return (attrs?.newExecutionRunId as string | undefined) ?? null;
}

export function startedAttributes(history: HistoryJson): Record<string, unknown> {
  const first = history.events[0];
  const attrs = first && attributes(first, 'workflowExecutionStartedEventAttributes');
  if (!attrs) throw new Error('a history that does not begin with WorkflowExecutionStarted');
  return attrs;
}

/** The event types that close a run for good (not continue-as-new). */
const CLOSING = [
  'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT',
  'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED',
];

/** How the case's last run ended, or null while it runs. */
export function closeStatus(caseHistory: CaseHistory): string | null {
  const last = caseHistory.runs[caseHistory.runs.length - 1]?.history.events;
  const type = last?.[last.length - 1]?.eventType as string | undefined;
  return type && CLOSING.includes(type) ? type.replace('EVENT_TYPE_WORKFLOW_EXECUTION_', '').toLowerCase() : null;
}

export function eventCount(caseHistory: CaseHistory): number {
  return caseHistory.runs.reduce((n, r) => n + r.history.events.length, 0);
}

/**
 * Every run from Temporal: the latest run names the first (firstExecutionRunId), and each run that
 * continued as new names the next.
 */
export async function fetchCaseHistory(client: Client, workflowId: string): Promise<CaseHistory> {
  let latest: HistoryJson;
  try {
    latest = historyJson(await client.workflow.getHandle(workflowId).fetchHistory());
  } catch (error) {
    if ((error as Error).name === 'WorkflowNotFoundError' || /not found/i.test((error as Error).message)) {
      throw new CaseHistoryNotFound(`Temporal has no history of ${workflowId}`);
    }
    throw error;
  }
  const firstRunId = startedAttributes(latest).firstExecutionRunId as string;
  const runs: CaseRun[] = [];
  let runId: string | null = firstRunId;
  while (runId) {
    if (runs.length >= MAX_RUNS) throw new Error(`${workflowId}: more than ${MAX_RUNS} runs`);
    const history = historyJson(await client.workflow.getHandle(workflowId, runId).fetchHistory());
    runs.push({ runId, history });
    runId = continuedAs(history);
  }
  return { workflowId, runs };
}

/** The same history with every payload opened by the codec (plain payloads as they were). */
export async function decodeCaseHistory(
  converter: PetitionDataConverter,
  caseHistory: CaseHistory,
): Promise<CaseHistory> {
  return decodeJsonTree(converter, caseHistory);
}
