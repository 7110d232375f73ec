/**
 * The domain's words in Chinese, for display: the one catalogue (libs/process/messages), which the
 * API's messages read too, so a screen and an error say the same word for the same thing.
 */
export * from '@/libs/process/messages/labels.zh-CN';

/** A label for a value the console has no word for (a newer server): the value itself, never blank. */
export function labelOf<K extends string>(labels: Record<K, string>, value: string | null | undefined): string {
  if (value == null) return '—';
  return (labels as Record<string, string>)[value] ?? value;
}
