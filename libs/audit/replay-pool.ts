/**
 * Replay across the machine's cores. One replay worker runs workflow activations on one thread,
 * so a long replay (every archived case, after a deployment) is split over child processes, each
 * with its own database connection and replay worker on the same bundle; they take chunks of
 * cases as they finish the previous one, so one slow case does not hold the others back.
 * Needs the compiled build (the child is dist/libs/audit/replay-pool-child.js); without it, or
 * with one worker, the cases are replayed in this process.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { EntityManager } from 'typeorm';
import type { ReplayCode } from './replay';
import { CaseReplayOutcome, ReplaySummary, isUnavailable, replayPetitions } from './replay-runner';

const CHILD = join(__dirname, 'replay-pool-child.js');
const CHUNK = 25;

export interface PoolEnvironment {
  DATABASE_URL: string;
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  PAYLOAD_CODEC_KEYS: string;
}

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'case'; outcome: CaseReplayOutcome }
  | { type: 'cpu'; ms: number }
  | { type: 'failed'; error: string };
export type ParentMessage =
  | { type: 'init'; bundleCode: string; workflowIdPrefix: string }
  | { type: 'chunk'; petitionIds: string[] }
  | { type: 'stop' };

export function poolAvailable(): boolean {
  return existsSync(CHILD);
}

export async function replayPetitionsInParallel(options: {
  manager: EntityManager;
  client: () => Promise<Client>;
  code: ReplayCode;
  petitionIds: string[];
  workflowIdPrefix: string;
  environment: PoolEnvironment;
  workers?: number;
  onCase?: (outcome: CaseReplayOutcome) => void | Promise<void>;
}): Promise<ReplaySummary & { childCpuMs: number }> {
  const workers = Math.min(options.workers ?? cpus().length, Math.ceil(options.petitionIds.length / CHUNK));
  if (workers <= 1 || !poolAvailable()) {
    return {
      ...(await replayPetitions({ ...options, workflowIdOf: (id) => `${options.workflowIdPrefix}${id}` })),
      childCpuMs: 0,
    };
  }
  const started = Date.now();
  const summary = {
    total: options.petitionIds.length,
    deterministic: 0,
    diverged: 0,
    unavailable: 0,
    events: 0,
    durationMs: 0,
    childCpuMs: 0,
  };
  const queue: string[][] = [];
  for (let i = 0; i < options.petitionIds.length; i += CHUNK) queue.push(options.petitionIds.slice(i, i + CHUNK));
  let reporting = Promise.resolve();
  await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<void>((resolve, reject) => {
          const child = fork(CHILD, [], {
            env: { ...process.env, ...options.environment },
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          });
          let failed = false;
          child.on('message', (message: ChildMessage) => {
            if (message.type === 'ready') {
              const next = queue.shift();
              child.send((next ? { type: 'chunk', petitionIds: next } : { type: 'stop' }) satisfies ParentMessage);
            } else if (message.type === 'case') {
              const outcome = message.outcome;
              if (isUnavailable(outcome)) summary.unavailable += 1;
              else {
                summary.events += outcome.events;
                if (outcome.deterministic) summary.deterministic += 1;
                else summary.diverged += 1;
              }
              reporting = reporting.then(() => options.onCase?.(outcome));
            } else if (message.type === 'cpu') {
              summary.childCpuMs += message.ms;
            } else {
              failed = true;
              reject(new Error(`a replay process failed: ${message.error}`));
            }
          });
          child.once('exit', (code) => {
            if (failed) return;
            if (code === 0) resolve();
            else reject(new Error(`a replay process exited with code ${code}`));
          });
          child.send({
            type: 'init',
            bundleCode: options.code.workflowBundle.code,
            workflowIdPrefix: options.workflowIdPrefix,
          } satisfies ParentMessage);
        }),
    ),
  );
  await reporting;
  summary.durationMs = Date.now() - started;
  return summary;
}
