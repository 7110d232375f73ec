/**
 * How a case is named in a list: its summary, else its number. A case with neither (started by a
 * tool, not registered at a desk) is named in words: people never read the internal id.
 */
export function caseTitle(c: { summary?: string | null; caseNumber?: string | null }): string {
  return c.summary ?? c.caseNumber ?? '未编号的信访事项';
}
