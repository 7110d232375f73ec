/**
 * The audit trail is append-only and tamper-evident: the database refuses UPDATE, DELETE and
 * TRUNCATE; and when the owner disables those triggers and edits, deletes, inserts or reorders a
 * record, verification names the first broken link. Runs on a database of its own.
 */
import { randomUUID } from 'node:crypto';
import { appendAuditRecord, recordHash, recordLogin } from '../../libs/audit/audit-trail';
import { parseAnchor, verifyAuditTrail } from '../../libs/audit/trail-verification';
import { ScratchDatabase, createScratchDatabase } from '../support/scratch-database';

describe('the audit trail (hash-chained, append-only)', () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await createScratchDatabase('audit_trail');
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** As the database owner: switch the append-only triggers off around a change, as an insider could. */
  async function asOwnerWithoutTriggers(sql: string, params: unknown[] = []): Promise<void> {
    await db.owner.query('ALTER TABLE audit_trail DISABLE TRIGGER USER');
    try {
      await db.owner.query(sql, params);
    } finally {
      await db.owner.query('ALTER TABLE audit_trail ENABLE TRIGGER USER');
    }
  }

  beforeEach(async () => {
    await asOwnerWithoutTriggers('TRUNCATE audit_trail');
  });

  async function appendMany(n: number): Promise<void> {
    for (let i = 1; i <= n; i++) {
      await appendAuditRecord(db.dataSource.manager, {
        kind: 'staffAction',
        action: i % 2 ? 'accept' : 'decline',
        outcome: i % 3 ? 'accepted' : 'refused',
        actor: { userId: 'x-handler', role: 'handler', unitId: 'x-zjj' },
        petitionId: randomUUID(),
        detail: { requestId: `r-${i}`, reason: `理由 ${i}`, nested: { b: 2, a: [1, { z: true, y: null }] } },
      });
    }
  }

  it('chains each record to the one before: seq 1…n, each prev_hash the previous hash; verification passes', async () => {
    await appendMany(6);
    const rows = await db.dataSource.query(`SELECT seq, prev_hash, hash FROM audit_trail ORDER BY seq`);
    expect(rows.map((r: { seq: string }) => Number(r.seq))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    const verification = await verifyAuditTrail(db.dataSource.manager);
    expect(verification).toMatchObject({
      ok: true,
      recordsChecked: 6,
      head: { seq: 6, hash: rows[5].hash },
      firstBrokenLink: null,
    });
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await appendMany(2);
    await expect(db.owner.query(`UPDATE audit_trail SET outcome = 'accepted' WHERE seq = 1`)).rejects.toThrow(
      /append-only: UPDATE/,
    );
    await expect(db.owner.query(`DELETE FROM audit_trail WHERE seq = 2`)).rejects.toThrow(/append-only: DELETE/);
    await expect(db.owner.query(`TRUNCATE audit_trail`)).rejects.toThrow(/append-only: TRUNCATE/);
    expect((await verifyAuditTrail(db.dataSource.manager)).recordsChecked).toBe(2);
  });

  it('an edited record is found and named', async () => {
    await appendMany(5);
    await asOwnerWithoutTriggers(
      `UPDATE audit_trail SET detail = jsonb_set(detail, '{reason}', '"已按期办结"') WHERE seq = 3`,
    );
    const verification = await verifyAuditTrail(db.dataSource.manager);
    expect(verification.ok).toBe(false);
    expect(verification.firstBrokenLink).toMatchObject({
      kind: 'altered',
      seq: 3,
      message: 'record 3 was altered: its content no longer matches its hash',
    });
    expect(verification.recordsChecked).toBe(2);
  });

  it('a deleted record is found and named', async () => {
    await appendMany(5);
    await asOwnerWithoutTriggers(`DELETE FROM audit_trail WHERE seq = 4`);
    expect((await verifyAuditTrail(db.dataSource.manager)).firstBrokenLink).toMatchObject({
      kind: 'missing',
      seq: 4,
      message: expect.stringContaining('record 4 is missing'),
    });
  });

  it('an inserted record (later records renumbered, its own hash well formed) is found where the chain breaks', async () => {
    await appendMany(5);
    const [third] = await db.dataSource.query(`SELECT hash FROM audit_trail WHERE seq = 3`);
    await asOwnerWithoutTriggers(`UPDATE audit_trail SET seq = seq + 100 WHERE seq > 3`);
    await asOwnerWithoutTriggers(`UPDATE audit_trail SET seq = seq - 99 WHERE seq > 100`);
    const forged = {
      seq: 4,
      key: null,
      recordedAt: new Date(),
      kind: 'staffAction',
      action: 'accept',
      outcome: 'accepted',
      actorUserId: 'x-head',
      actorRole: 'unitHead',
      actorUnitId: 'x-zjj',
      petitionId: null,
      detail: { requestId: 'backdated' },
    };
    await db.owner.query(
      `INSERT INTO audit_trail (seq, recorded_at, kind, action, outcome, actor_user_id, actor_role, actor_unit_id, detail, prev_hash, hash)
       VALUES (4, $1, 'staffAction', 'accept', 'accepted', 'x-head', 'unitHead', 'x-zjj', '{"requestId":"backdated"}', $2, $3)`,
      [forged.recordedAt, third.hash, recordHash(third.hash, forged)],
    );
    expect((await verifyAuditTrail(db.dataSource.manager)).firstBrokenLink).toMatchObject({
      kind: 'outOfOrder',
      seq: 5,
      message: expect.stringContaining('record 5 does not follow record 4'),
    });
  });

  it('two reordered records are found', async () => {
    await appendMany(5);
    await asOwnerWithoutTriggers(`UPDATE audit_trail SET seq = 1000 WHERE seq = 2`);
    await asOwnerWithoutTriggers(`UPDATE audit_trail SET seq = 2 WHERE seq = 3`);
    await asOwnerWithoutTriggers(`UPDATE audit_trail SET seq = 3 WHERE seq = 1000`);
    expect((await verifyAuditTrail(db.dataSource.manager)).firstBrokenLink).toMatchObject({
      kind: 'outOfOrder',
      seq: 2,
    });
  });

  it('a tail cut off after an auditor noted the head is found through the anchor', async () => {
    await appendMany(5);
    const noted = (await verifyAuditTrail(db.dataSource.manager)).head!;
    await asOwnerWithoutTriggers(`DELETE FROM audit_trail WHERE seq >= 4`);
    const plain = await verifyAuditTrail(db.dataSource.manager);
    expect(plain.ok).toBe(true); // a clean cut of the tail needs the anchor to be seen
    const anchored = await verifyAuditTrail(db.dataSource.manager, {
      anchors: [parseAnchor(`${noted.seq}:${noted.hash}`)],
    });
    expect(anchored.firstBrokenLink).toMatchObject({
      kind: 'anchorMismatch',
      seq: 5,
      message: expect.stringContaining('records were cut from the end'),
    });
  });

  it('appends from many connections at once still form one chain', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        appendAuditRecord(db.dataSource.manager, {
          kind: 'caseRead',
          action: 'readCase',
          outcome: 'read',
          actor: { userId: `u${i}`, role: 'auditor', unitId: 'p-xfj' },
        }),
      ),
    );
    expect(await verifyAuditTrail(db.dataSource.manager)).toMatchObject({ ok: true, recordsChecked: 30 });
  });

  it('a keyed append retried records once; a record rolls back with the transaction it was part of', async () => {
    const first = await appendAuditRecord(db.dataSource.manager, {
      kind: 'disposition',
      action: 'recordDisposition',
      outcome: 'accepted',
      actor: null,
      key: 'disposition:7',
    });
    const again = await appendAuditRecord(db.dataSource.manager, {
      kind: 'disposition',
      action: 'recordDisposition',
      outcome: 'accepted',
      actor: null,
      key: 'disposition:7',
    });
    expect(again.seq).toBe(first.seq);
    await expect(
      db.dataSource.transaction(async (tx) => {
        await recordLogin(tx, { userId: 'x-handler', succeeded: false, method: 'password', reason: 'wrong password' });
        throw new Error('the change it described failed');
      }),
    ).rejects.toThrow('the change it described failed');
    const login = await recordLogin(db.dataSource.manager, {
      userId: 'x-handler',
      role: 'handler',
      unitId: 'x-zjj',
      succeeded: true,
      method: 'password',
    });
    expect(login).toMatchObject({ seq: 2, kind: 'login', outcome: 'succeeded' });
    expect(await verifyAuditTrail(db.dataSource.manager)).toMatchObject({ ok: true, recordsChecked: 2 });
  });
});
