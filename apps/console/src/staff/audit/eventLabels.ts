/** The auditor's words for the reasons of an event and for the audit trail's records: the one catalogue's. */
import { ACTION_LABELS } from '../../shared/labels';
import { TRAIL_ACTION_LABELS } from '@/libs/process/messages/records.zh-CN';

export { REASON_LABELS, TRAIL_KIND_LABELS, TRAIL_OUTCOME_LABELS } from '@/libs/process/messages/records.zh-CN';

/** A trail record's action: a staff action's Chinese name where it is one. */
export function trailActionLabel(action: string): string {
  return TRAIL_ACTION_LABELS[action] ?? (ACTION_LABELS as Record<string, string>)[action] ?? action;
}
