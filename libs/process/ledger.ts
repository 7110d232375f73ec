/** What a case leaves in the accountability ledger (问责/责任倒查) and the escalation log. */
import type { AccountabilityRuleId, ClockId, RungId, SuggestedAction } from './policy';

/** One accountability record, appended once: `key` is its idempotency key. */
export interface LedgerEntry {
  key: string;
  rule: AccountabilityRuleId;
  unitId: string;
  responsibleUserId: string | null;
  severity: 'low' | 'medium' | 'high';
  suggestedAction: SuggestedAction;
  basis: string;
  at: number;
  /** The case, the timeline events (seq) and the workflow history length when it was recorded. */
  evidence: { petitionId: string; workflowId: string; eventSeqs: number[]; historyLength: number | null };
  detail: Record<string, unknown>;
}

/** One rung of the escalation ladder that fired, with who it goes to (the case leader first). */
export interface EscalationEntry {
  key: string;
  clockKey: string;
  clockId: ClockId;
  rung: RungId;
  at: number;
  dueAt: number;
  unitId: string;
  recipients: {
    kind: 'caseLeader' | 'handlingUnit' | 'supervisingOffice' | 'levelAbove';
    userId?: string;
    unitId?: string;
  }[];
}
