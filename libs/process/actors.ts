/** Who acts on a case, and the envelope every staff action comes in. */
import type { LeaderPlacement } from './case-leaders';
import type { Role } from './policy';

export interface Actor {
  userId: string;
  role: Role;
  /** null only for the petitioner acting with a query code. */
  unitId: string | null;
}

/** Every staff action: who, a request id that makes retries harmless, and the action's arguments. */
export interface ActionRequest<Args = Record<string, never>> {
  requestId: string;
  actor: Actor;
  args: Args;
  /**
   * Stamped by the API, never sent by a client (like the actor): where the leader named by
   * assignCaseLeader / assignLeader sits. Absent in requests from before it existed.
   */
  leaderPlacement?: LeaderPlacement;
}
