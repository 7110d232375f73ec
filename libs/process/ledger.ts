/** What a case leaves in the accountability ledger (问责/责任倒查) and the escalation log. */
import type { ResponsibleBy } from './lapse-supervision';
import type { AccountabilityRule, AccountabilityRuleId, ClockId, RungId, SuggestedAction } from './policy';

/** One accountability record, appended once: `key` is its idempotency key. */
export interface LedgerEntry {
  key: string;
  rule: AccountabilityRuleId;
  unitId: string;
  responsibleUserId: string | null;
  /** The rule that chose the responsible person (absent in entries recorded before it existed). */
  responsibleBy?: ResponsibleBy;
  severity: 'low' | 'medium' | 'high';
  suggestedAction: SuggestedAction;
  basis: string;
  at: number;
  /** The case, the timeline events (seq) and the workflow history length when it was recorded. */
  evidence: { petitionId: string; workflowId: string; eventSeqs: number[]; historyLength: number | null };
  detail: Record<string, unknown>;
}

/** What a rule records, as the rule code says it: who answers for what, on which timeline events. */
export interface LedgerRecord<R extends AccountabilityRuleId = AccountabilityRuleId> {
  rule: R;
  /** The unit that answers for it. */
  unitId: string;
  /** The person who answers for it: the one who owed the act when it lapsed (DOMAIN §5). */
  responsibleUserId: string | null;
  /** How that person was found: the unit's 承办人, its person in charge, or the actor. */
  responsibleBy: ResponsibleBy;
  eventSeqs: number[];
  /** Tells this record apart from the rule's other records in the same case (or campaign): part of its key. */
  discriminator: string;
  detail: Record<string, unknown>;
}

/**
 * A ledger entry, as a case and a campaign both keep them: keyed within `scope` (the case, the
 * campaign) by rule and discriminator, weighed and grounded by the rule's definition.
 */
export function ledgerEntry<E>(
  scope: string,
  definition: AccountabilityRule,
  record: LedgerRecord,
  at: number,
  evidence: E,
): Omit<LedgerEntry, 'evidence'> & { evidence: E } {
  return {
    key: `${scope}:${record.rule}:${record.discriminator}`,
    rule: record.rule,
    unitId: record.unitId,
    responsibleUserId: record.responsibleUserId,
    responsibleBy: record.responsibleBy,
    severity: definition.severity,
    suggestedAction: definition.suggestedAction,
    basis: definition.basis,
    at,
    evidence,
    detail: record.detail,
  };
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
