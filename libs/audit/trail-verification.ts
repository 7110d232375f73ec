/**
 * Walks the audit trail in order and names the first broken link: a record whose content no
 * longer matches its hash (edited), a gap in the sequence (deleted), a record that does not follow
 * the one before it (inserted or reordered), or a chain that no longer holds a head an auditor
 * noted earlier (an anchor: the tail was cut or rewritten).
 */
import type { EntityManager } from 'typeorm';
import { AuditRecord, GENESIS_HASH, fromRow, recordHash } from './audit-trail';

export type BrokenLinkKind = 'altered' | 'missing' | 'outOfOrder' | 'anchorMismatch';

export interface BrokenLink {
  kind: BrokenLinkKind;
  /** The sequence number where the chain breaks. */
  seq: number;
  message: string;
  expected?: string;
  found?: string;
}

export interface TrailVerification {
  ok: boolean;
  recordsChecked: number;
  /** The last record checked: note it to detect a cut or rewritten tail later (an anchor). */
  head: { seq: number; hash: string } | null;
  firstBrokenLink: BrokenLink | null;
  checkedAt: string;
}

export interface TrailAnchor {
  seq: number;
  hash: string;
}

const BATCH = 2000;

export async function verifyAuditTrail(
  manager: EntityManager,
  options: { anchors?: TrailAnchor[] } = {},
): Promise<TrailVerification> {
  const anchors = new Map((options.anchors ?? []).map((a) => [a.seq, a.hash]));
  let previous: AuditRecord | null = null;
  let checked = 0;
  const result = (broken: BrokenLink | null): TrailVerification => ({
    ok: broken === null,
    recordsChecked: checked,
    head: previous ? { seq: previous.seq, hash: previous.hash } : null,
    firstBrokenLink: broken,
    checkedAt: new Date().toISOString(),
  });
  for (;;) {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT * FROM audit_trail WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [previous?.seq ?? 0, BATCH],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const record = fromRow(row);
      const expectedSeq = (previous?.seq ?? 0) + 1;
      const expectedPrev = previous?.hash ?? GENESIS_HASH;
      if (record.seq !== expectedSeq) {
        return result({
          kind: 'missing',
          seq: expectedSeq,
          message:
            record.seq > expectedSeq
              ? `record ${expectedSeq} is missing: record ${expectedSeq - 1} is followed by record ${record.seq}`
              : `record ${record.seq} repeats a sequence number`,
          expected: String(expectedSeq),
          found: String(record.seq),
        });
      }
      if (record.prevHash !== expectedPrev) {
        return result({
          kind: 'outOfOrder',
          seq: record.seq,
          message: `record ${record.seq} does not follow record ${record.seq - 1}: it names a different previous hash (a record was inserted, removed or moved before it)`,
          expected: expectedPrev,
          found: record.prevHash,
        });
      }
      const recomputed = recordHash(record.prevHash, record);
      if (recomputed !== record.hash) {
        return result({
          kind: 'altered',
          seq: record.seq,
          message: `record ${record.seq} was altered: its content no longer matches its hash`,
          expected: record.hash,
          found: recomputed,
        });
      }
      const anchored = anchors.get(record.seq);
      if (anchored !== undefined && anchored !== record.hash) {
        return result({
          kind: 'anchorMismatch',
          seq: record.seq,
          message: `record ${record.seq} is not the one noted earlier (the chain was rewritten from here or before)`,
          expected: anchored,
          found: record.hash,
        });
      }
      previous = record;
      checked += 1;
    }
  }
  const beyond = [...anchors.keys()].filter((seq) => seq > (previous?.seq ?? 0)).sort((a, b) => a - b)[0];
  if (beyond !== undefined) {
    return result({
      kind: 'anchorMismatch',
      seq: beyond,
      message: `the trail ends at record ${previous?.seq ?? 0}, but record ${beyond} was noted earlier: records were cut from the end`,
      expected: anchors.get(beyond),
    });
  }
  return result(null);
}

/** `seq:hash`, as printed by verify-trail's head. */
export function parseAnchor(text: string): TrailAnchor {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!match) throw new Error(`an anchor is seq:hash (the head printed by verify-trail), got "${text}"`);
  return { seq: Number(match[1]), hash: match[2] };
}
