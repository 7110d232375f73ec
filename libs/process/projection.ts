/** What the workflow hands to the read model: every part keyed so a retry changes nothing. */
import type { Actor } from './actors';
import type { EscalationEntry, LedgerEntry } from './ledger';
import type { PetitionView } from './view';

/** One line of the case timeline; `seq` is its idempotency key in the read model. */
export interface ProjectedEvent {
  seq: number;
  type: string;
  /** When the service recorded the event. */
  at: number;
  /**
   * The instant the event is about, when that is not when it was recorded: the due instant of a
   * rung that was already due when the case was registered, or that the workflow caught up on.
   */
  refersTo?: number;
  actor: Actor | null;
  requestId: string | null;
  clockKey: string | null;
  data: Record<string, unknown>;
}

/** What a projection activity writes to the read model. */
export interface ProjectionBatch {
  petitionId: string;
  workflowId: string;
  revision: number;
  view: PetitionView;
  events: ProjectedEvent[];
  ledger: LedgerEntry[];
  escalations: EscalationEntry[];
}
