/**
 * Replays a list of cases in batches (histories loaded from the archive or Temporal, one replay
 * worker per batch), reporting each case as it finishes: the API's replay jobs and the CLI's
 * progress bar are both driven from here.
 */
import type { Client } from '@temporalio/client';
import type { EntityManager } from 'typeorm';
import { CaseHistoryNotFound } from './case-history';
import { SourcedCaseHistory, loadCaseHistory } from './case-history-source';
import { ArchiveAltered } from './history-archive';
import { CaseReplayResult, ReplayCode, replayCases } from './replay';

export interface UnavailableCase {
  petitionId: string;
  deterministic: null;
  unavailable: string;
}

export type CaseReplayOutcome = CaseReplayResult | UnavailableCase;

export interface ReplaySummary {
  total: number;
  deterministic: number;
  diverged: number;
  unavailable: number;
  events: number;
  durationMs: number;
}

export function isUnavailable(outcome: CaseReplayOutcome): outcome is UnavailableCase {
  return outcome.deterministic === null;
}

export async function replayPetitions(options: {
  manager: EntityManager;
  client: () => Promise<Client>;
  code: ReplayCode;
  petitionIds: string[];
  workflowIdOf: (petitionId: string) => string;
  batchSize?: number;
  onCase?: (outcome: CaseReplayOutcome) => void | Promise<void>;
}): Promise<ReplaySummary> {
  const started = Date.now();
  const summary: ReplaySummary = {
    total: options.petitionIds.length,
    deterministic: 0,
    diverged: 0,
    unavailable: 0,
    events: 0,
    durationMs: 0,
  };
  const report = async (outcome: CaseReplayOutcome) => {
    if (isUnavailable(outcome)) summary.unavailable += 1;
    else {
      summary.events += outcome.events;
      if (outcome.deterministic) summary.deterministic += 1;
      else summary.diverged += 1;
    }
    await options.onCase?.(outcome);
  };
  const size = options.batchSize ?? 25;
  for (let i = 0; i < options.petitionIds.length; i += size) {
    const loaded: SourcedCaseHistory[] = [];
    for (const petitionId of options.petitionIds.slice(i, i + size)) {
      try {
        loaded.push(
          await loadCaseHistory(options.manager, options.client, petitionId, options.workflowIdOf(petitionId)),
        );
      } catch (error) {
        if (!(error instanceof CaseHistoryNotFound) && !(error instanceof ArchiveAltered)) throw error;
        await report({ petitionId, deterministic: null, unavailable: error.message });
      }
    }
    if (loaded.length > 0) await replayCases(options.code, loaded, report);
  }
  summary.durationMs = Date.now() - started;
  return summary;
}
