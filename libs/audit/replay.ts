/**
 * Replays case histories against workflow code (`Worker.runReplayHistories`): proof that the code
 * deployed today reproduces every decision recorded in a case. Per case: deterministic or not, and
 * on divergence the first event where the code and the history part, what the history holds
 * there and what the code did instead.
 */
import type { Payload } from '@temporalio/common';
import { ReplayWorkerOptions, Worker } from '@temporalio/worker';
import type { PetitionDataConverter } from '../temporal/data-converter';
import { replaySinks } from '../temporal/worker';
import { CaseHistory, HistoryJson, historyFromJson } from './case-history';

export interface Divergence {
  runId: string;
  /** The history event where replay parted from the code (null if it cannot be told). */
  eventId: number | null;
  /** What the history holds there, e.g. "ActivityTaskScheduled projectPetition". */
  historyHas: string | null;
  /** What the code did instead, from the SDK's nondeterminism report. */
  codeDid: string;
  /** The SDK's own message. */
  message: string;
  kind: 'nondeterminism' | 'failure';
}

export interface CaseReplayResult {
  petitionId: string;
  workflowId: string;
  source: 'archive' | 'temporal';
  runs: number;
  events: number;
  deterministic: boolean;
  divergence: Divergence | null;
  durationMs: number;
}

export interface CaseToReplay {
  petitionId: string;
  source: 'archive' | 'temporal';
  history: CaseHistory;
}

export interface ReplayCode {
  workflowBundle: { code: string };
  dataConverter: PetitionDataConverter;
}

function describeEvent(event: Record<string, unknown> | undefined): string | null {
  if (!event) return null;
  const type = String(event.eventType ?? '')
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
  const attrs = Object.entries(event).find(([k]) => k.endsWith('EventAttributes'))?.[1] as
    Record<string, unknown> | undefined;
  const name =
    (attrs?.activityType as { name?: string } | undefined)?.name ??
    (attrs?.timerId as string | undefined) ??
    (attrs?.signalName as string | undefined) ??
    (attrs?.acceptedRequest as { input?: { name?: string } } | undefined)?.input?.name ??
    (attrs?.changeId as string | undefined) ??
    null;
  return name ? `${type} ${name}` : type;
}

/** What the SDK says the code did: the command it issued, or the whole message. */
function codeDidFrom(message: string): string {
  const command = /activity command '([^']+)'/i.exec(message) ?? /command '([^']+)'/i.exec(message);
  if (command) return `scheduled activity ${command[1]}`;
  const kind = /(?:Command|command) (\w+)/.exec(message);
  if (kind) return `issued ${kind[1]}`;
  if (/No command scheduled for event/i.test(message)) return 'issued no command where the history has one';
  return message;
}

/** Event ids of the ends of workflow tasks: the places a replayed prefix can stop at. */
function taskBoundaries(history: HistoryJson): number[] {
  return history.events
    .filter((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED')
    .map((e) => Number(e.eventId));
}

function prefix(history: HistoryJson, lastEventId: number): HistoryJson {
  return { events: history.events.filter((e) => Number(e.eventId) <= lastEventId) };
}

/**
 * What the replay worker runs with: the codec opens the history's payloads, but what the code
 * sends back (commands) goes nowhere in a replay and is compared by kind, not content: sealing it
 * would be work for nothing.
 */
function replayOptions(code: ReplayCode): ReplayWorkerOptions {
  // replayDataConverter's rule: a replay takes no new input, so recorded plain payloads open.
  const codecs = code.dataConverter.payloadCodecs;
  return {
    workflowBundle: code.workflowBundle,
    sinks: replaySinks(),
    dataConverter: {
      ...code.dataConverter,
      payloadCodecs: codecs.map((codec) => ({
        decode: (payloads: Payload[]) => codec.decode(payloads),
        encode: async (payloads: Payload[]) => payloads,
      })),
    },
  };
}

async function replayOne(code: ReplayCode, workflowId: string, history: HistoryJson): Promise<Error | undefined> {
  for await (const result of Worker.runReplayHistories(replayOptions(code), [
    { workflowId, history: historyFromJson(history) },
  ]))
    return result.error;
  return undefined;
}

/**
 * When the SDK's message names no event, the diverging workflow task is found by replaying ever
 * shorter prefixes of the run, cut at workflow-task ends (binary search). A task's commands follow
 * its WorkflowTaskCompleted event, so if the prefix up to the end of task k replays and the one up
 * to the end of task k+1 does not, the code parted from the history among the commands of task k:
 * the first of them is named.
 */
async function locateDivergence(
  code: ReplayCode,
  workflowId: string,
  history: HistoryJson,
  message: string,
): Promise<number | null> {
  const ends = taskBoundaries(history);
  let good = -1;
  let bad = ends.length; // the whole run failed
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (await replayOne(code, workflowId, prefix(history, ends[mid]))) bad = mid;
    else good = mid;
  }
  const after = good >= 0 ? ends[good] : 0;
  const until = bad < ends.length ? ends[bad] : Number.MAX_SAFE_INTEGER;
  const within = history.events.filter((e) => Number(e.eventId) > after && Number(e.eventId) <= until);
  // The SDK names the activity the history scheduled there: that event, within the diverging task.
  const scheduled = /scheduled event '([^']+)'/.exec(message)?.[1];
  const named = scheduled
    ? within.find(
        (e) =>
          e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED' &&
          (e.activityTaskScheduledEventAttributes as { activityType?: { name?: string } })?.activityType?.name ===
            scheduled,
      )
    : undefined;
  const bookkeeping = [
    'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
    'EVENT_TYPE_WORKFLOW_TASK_STARTED',
    'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
  ];
  const first = named ?? within.find((e) => !bookkeeping.includes(String(e.eventType)));
  return first ? Number(first.eventId) : null;
}

async function divergenceOf(
  code: ReplayCode,
  workflowId: string,
  runId: string,
  history: HistoryJson,
  error: Error,
): Promise<Divergence> {
  // The SDK wraps Core's report; its inner message is the one that says what differed.
  const message = /\[TMPRL1100\] ([^"\\]+)/.exec(error.message)?.[1] ?? error.message;
  const named = /HistoryEvent\(id: (\d+)/.exec(message) ?? /event (?:id )?(\d+)/i.exec(message);
  const eventId = named ? Number(named[1]) : await locateDivergence(code, workflowId, history, message);
  const event = eventId === null ? undefined : history.events.find((e) => Number(e.eventId) === eventId);
  return {
    runId,
    eventId,
    historyHas: describeEvent(event),
    codeDid: codeDidFrom(message),
    message,
    kind: error.name === 'DeterminismViolationError' ? 'nondeterminism' : 'failure',
  };
}

/**
 * Replays cases through one replay worker (one bundle load for the lot). `onCase` reports each
 * case as it finishes, for progress bars and job tables.
 */
export async function replayCases(
  code: ReplayCode,
  cases: CaseToReplay[],
  onCase?: (result: CaseReplayResult) => void | Promise<void>,
): Promise<CaseReplayResult[]> {
  const runs = cases.flatMap((c, caseIndex) => c.history.runs.map((run) => ({ caseIndex, run })));
  const results: CaseReplayResult[] = [];
  let current: {
    index: number;
    startedAt: number;
    failure: { runId: string; history: HistoryJson; error: Error } | null;
  } | null = null;
  const finish = async (
    index: number,
    startedAt: number,
    failure: { runId: string; history: HistoryJson; error: Error } | null,
  ) => {
    const c = cases[index];
    const divergence = failure
      ? await divergenceOf(code, c.history.workflowId, failure.runId, failure.history, failure.error)
      : null;
    const result: CaseReplayResult = {
      petitionId: c.petitionId,
      workflowId: c.history.workflowId,
      source: c.source,
      runs: c.history.runs.length,
      events: c.history.runs.reduce((n, r) => n + r.history.events.length, 0),
      deterministic: failure === null,
      divergence,
      durationMs: Date.now() - startedAt,
    };
    results.push(result);
    await onCase?.(result);
  };
  const iterable = runs.map(({ caseIndex, run }) => ({
    workflowId: `${cases[caseIndex].history.workflowId}#${caseIndex}`,
    history: historyFromJson(run.history),
  }));
  let position = 0;
  for await (const result of Worker.runReplayHistories(replayOptions(code), iterable)) {
    const { caseIndex, run } = runs[position++];
    if (!current || current.index !== caseIndex) {
      if (current) await finish(current.index, current.startedAt, current.failure);
      current = { index: caseIndex, startedAt: Date.now(), failure: null };
    }
    if (result.error && !current.failure)
      current.failure = { runId: run.runId, history: run.history, error: result.error };
  }
  if (current) await finish(current.index, current.startedAt, current.failure);
  return results;
}
