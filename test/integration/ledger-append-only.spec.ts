/**
 * The accountability ledger is append-only in the database itself: raw SQL on the real PostgreSQL,
 * with no application code in the way, cannot change or remove a record. The ledger's only writer
 * appends idempotently, and a disposition is a new row pointing at the record it disposes.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { appendDisposition, appendLedgerRecords } from '../../libs/persistence/accountability-ledger';
import type { LedgerEntry } from '../../libs/process';
import { openDataSource } from '../support/harness';

function entry(petitionId: string, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    key: `${petitionId}:handlingOverdue:handling#1:breach`,
    rule: 'handlingOverdue',
    unitId: 'x-zjj',
    responsibleUserId: 'x-handler',
    severity: 'medium',
    suggestedAction: 'criticism',
    basis: 'Arts 28, 45',
    at: Date.parse('2026-03-04T10:00:00+08:00'),
    evidence: { petitionId, workflowId: `petition-${petitionId}`, eventSeqs: [7], historyLength: 42 },
    detail: { clockId: 'handling' },
    ...overrides,
  };
}

describe('the accountability ledger is append-only', () => {
  let dataSource: DataSource;
  /** A plain driver connection: what anyone with the database URL could do, no TypeORM or app code. */
  let raw: Client;

  beforeAll(async () => {
    dataSource = await openDataSource();
    // As the owner: the triggers hold even against the role that owns the table (the runtime role cannot even try).
    raw = new Client({ connectionString: process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL });
    await raw.connect();
  });

  afterAll(async () => {
    await raw?.end();
    await dataSource?.destroy();
  });

  async function rowsOf(petitionId: string): Promise<Record<string, unknown>[]> {
    return dataSource.query(`SELECT * FROM accountability_records WHERE petition_id = $1 ORDER BY id`, [petitionId]);
  }

  async function appendOne(): Promise<{ petitionId: string; row: Record<string, unknown> }> {
    const petitionId = randomUUID();
    await appendLedgerRecords(dataSource.manager, petitionId, [entry(petitionId)]);
    const rows = await rowsOf(petitionId);
    expect(rows).toHaveLength(1);
    return { petitionId, row: rows[0] };
  }

  it('raw SQL cannot UPDATE, DELETE or TRUNCATE a record: the database refuses, naming the rule', async () => {
    const { petitionId, row } = await appendOne();

    await expect(
      raw.query(`UPDATE accountability_records SET severity = 'low' WHERE id = $1`, [row.id]),
    ).rejects.toThrow(/append-only: UPDATE/);
    await expect(
      raw.query(`UPDATE accountability_records SET detail = '{}'::jsonb WHERE petition_id = $1`, [petitionId]),
    ).rejects.toThrow(/append-only/);
    await expect(raw.query(`DELETE FROM accountability_records WHERE id = $1`, [row.id])).rejects.toThrow(
      /append-only: DELETE/,
    );
    await expect(raw.query(`TRUNCATE accountability_records`)).rejects.toThrow(/append-only: TRUNCATE/);
    await expect(raw.query(`TRUNCATE accountability_records CASCADE`)).rejects.toThrow(/append-only/);

    expect(await rowsOf(petitionId)).toEqual([row]);
    const total: { n: number }[] = await dataSource.query(`SELECT count(*)::int AS n FROM accountability_records`);
    expect(total[0].n).toBeGreaterThan(0);
  });

  it('a change inside a transaction is refused too, so nothing can be slipped in before a commit', async () => {
    const { petitionId, row } = await appendOne();
    await raw.query('BEGIN');
    try {
      await expect(
        raw.query(`UPDATE accountability_records SET rule = 'lateRegistration' WHERE id = $1`, [row.id]),
      ).rejects.toThrow(/append-only/);
    } finally {
      await raw.query('ROLLBACK');
    }
    expect(await rowsOf(petitionId)).toEqual([row]);
  });

  it('appending the same entries twice (a retried projection) leaves one row each', async () => {
    const petitionId = randomUUID();
    const entries = [
      entry(petitionId),
      entry(petitionId, {
        key: `${petitionId}:lateRegistration:registration`,
        rule: 'lateRegistration',
        unitId: 'x-xfj',
      }),
    ];
    await appendLedgerRecords(dataSource.manager, petitionId, entries);
    const first = await rowsOf(petitionId);
    await appendLedgerRecords(dataSource.manager, petitionId, entries);
    await appendLedgerRecords(dataSource.manager, petitionId, [entries[1]]);

    const after = await rowsOf(petitionId);
    expect(after).toHaveLength(2);
    expect(after).toEqual(first);
    expect(after.map((r) => r.rule)).toEqual(['handlingOverdue', 'lateRegistration']);
    expect(after.every((r) => r.kind === 'trigger' && r.disposes_record_id === null)).toBe(true);
  });

  it('a disposition is a new row pointing at its record; a retry returns the same row; the record itself is unchanged', async () => {
    const { petitionId, row } = await appendOne();
    const requestId = `it-${randomUUID()}`;
    const input = {
      recordId: String(row.id),
      disposition: 'admonitoryTalkHeld',
      note: '约谈县住建局分管负责人',
      recordedBy: 'x-supervisor',
      requestId,
    };

    const first = await appendDisposition(dataSource.manager, input);
    expect(first).not.toBeNull();
    const retried = await appendDisposition(dataSource.manager, input);
    expect(retried!.id).toBe(first!.id);

    const rows = await rowsOf(petitionId);
    expect(rows).toHaveLength(2);
    const [original, disposition] = rows;
    expect(original).toEqual(row);
    expect(disposition).toMatchObject({
      id: first!.id,
      kind: 'disposition',
      disposes_record_id: row.id,
      disposition: 'admonitoryTalkHeld',
      recorded_by: 'x-supervisor',
      rule: row.rule,
      unit_id: row.unit_id,
      detail: { note: '约谈县住建局分管负责人' },
    });
    expect(Number(disposition.id)).toBeGreaterThan(Number(row.id));

    // The disposition row is as immutable as the record.
    await expect(
      raw.query(`UPDATE accountability_records SET disposition = 'dismissed' WHERE id = $1`, [first!.id]),
    ).rejects.toThrow(/append-only/);
    expect(await rowsOf(petitionId)).toEqual(rows);
  });

  it('a disposition needs an existing trigger record: none for an unknown id or for another disposition', async () => {
    const { petitionId, row } = await appendOne();
    const base = { disposition: 'dismissed', note: 'n', recordedBy: 'x-supervisor' };
    expect(
      await appendDisposition(dataSource.manager, {
        ...base,
        recordId: '999999999999',
        requestId: `it-${randomUUID()}`,
      }),
    ).toBeNull();

    const disposition = await appendDisposition(dataSource.manager, {
      ...base,
      recordId: String(row.id),
      requestId: `it-${randomUUID()}`,
    });
    expect(
      await appendDisposition(dataSource.manager, {
        ...base,
        recordId: disposition!.id,
        requestId: `it-${randomUUID()}`,
      }),
    ).toBeNull();
    expect(await rowsOf(petitionId)).toHaveLength(2);
  });
});
