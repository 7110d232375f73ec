/**
 * The domain's words in Chinese, for display: the one catalogue (libs/process/messages), which the
 * API's messages read too, so a screen and an error say the same word for the same thing.
 */
export * from '@/libs/process/messages/labels.zh-CN';
import { MILESTONE_LABELS } from '@/libs/process/messages/labels.zh-CN';

/** A label for a value the console has no word for (a newer server): the value itself, never blank. */
export function labelOf<K extends string>(labels: Record<K, string>, value: string | null | undefined): string {
  if (value == null) return '—';
  return (labels as Record<string, string>)[value] ?? value;
}

/**
 * The word for a case whose answer became final: 终结 only when a re-review (复核) decided it (the
 * same facts and reasons are then not accepted again); a reply or review decision nobody asked to
 * review further is 办结.
 */
export function finalWord(milestones: readonly { type: string }[]): '终结' | '办结' {
  return milestones.some((m) => m.type === 'reReviewDecided') ? '终结' : '办结';
}

/** A milestone's label; the final one says 终结 or 办结 by the case's course (finalWord). */
export function milestoneLabel(type: string, milestones: readonly { type: string }[]): string {
  if (type === 'final') return finalWord(milestones);
  return MILESTONE_LABELS[type as keyof typeof MILESTONE_LABELS] ?? type;
}
