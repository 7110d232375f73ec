/**
 * The catch-all refusal record (apps/api/src/audit/refusal-audit.ts) on a database of its own:
 * a 500 that still happens is on the audit trail with its cause, an answer that never went through
 * res.json is recorded as the response finishes, a 503 (PostgreSQL may be the one missing) is not
 * waited on, and what no record could hold is stored spelled out, the chain still verifying.
 */
import express from 'express';
import request from 'supertest';
import { refusalAudit } from '../../apps/api/src/audit/refusal-audit';
import { verifyJsonBody } from '../../apps/api/src/common/request-edge';
import { verifyAuditTrail } from '../../libs/audit/trail-verification';
import { ScratchDatabase, createScratchDatabase } from '../support/scratch-database';

describe('every refusal on the audit trail, a 500 included', () => {
  let db: ScratchDatabase;
  let app: express.Express;

  beforeAll(async () => {
    db = await createScratchDatabase('refusal_audit');
    app = express();
    app.use((req, _res, next) => {
      (req as unknown as { id: string }).id = String(req.headers['x-request-id'] ?? 'none');
      next();
    });
    app.use(refusalAudit(db.dataSource));
    app.use(express.json({ verify: verifyJsonBody }));
    // What the exception filter does with an error it cannot map: the cause for the record, "internal error" for the client.
    app.post('/petitions/:id/actions/route', (req, res) => {
      (req as unknown as { failure: string }).failure =
        'insert or update on table "petitions" violates foreign key constraint \ud800';
      res.status(500).json({ statusCode: 500, code: 'internal', message: 'internal error' });
    });
    app.get('/teapot', (_req, res) => {
      res.status(418).end();
    });
    app.get('/unavailable', (_req, res) => {
      res.status(503).json({ statusCode: 503, code: 'databaseUnavailable', message: 'PostgreSQL cannot be reached' });
    });
  });
  afterAll(async () => {
    await db?.drop();
  });

  const recordOf = async (requestId: string) => {
    for (let i = 0; i < 50; i++) {
      const [row] = await db.dataSource.query(`SELECT * FROM audit_trail WHERE detail->>'httpRequestId' = $1`, [
        requestId,
      ]);
      if (row) return row;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  };

  it('records a 500 before its answer, with its cause spelled so the record can hold it and what was sent', async () => {
    const petitionId = '3f0b8a52-0a3c-4c57-9a55-3c1d3b0e8f11';
    await request(app)
      .post(`/petitions/${petitionId}/actions/route`)
      .set('X-Request-Id', 'boom-1')
      .send({ requestId: 'r1', args: { unitId: 'x-zjj', password: 'never' } })
      .expect(500);
    const [row] = await db.dataSource.query(`SELECT * FROM audit_trail WHERE detail->>'httpRequestId' = 'boom-1'`);
    expect(row).toMatchObject({
      kind: 'refusedRequest',
      outcome: 'refused',
      action: 'POST /petitions/:id/actions/route',
      petition_id: petitionId,
    });
    expect(row.detail).toMatchObject({
      status: 500,
      code: 'internal',
      failure: expect.stringContaining('foreign key constraint \\ud800'),
    });
    expect(row.detail.sent).toContain('"unitId":"x-zjj"');
    expect(row.detail.sent).not.toContain('never');
  });

  it('records an answer that did not go through res.json once it finishes, and does not wait on PostgreSQL for a 503', async () => {
    await request(app).get('/teapot').set('X-Request-Id', 'teapot-1').expect(418);
    expect((await recordOf('teapot-1'))?.detail).toMatchObject({ status: 418 });
    await request(app).get('/unavailable').set('X-Request-Id', 'down-1').expect(503);
    await new Promise((r) => setTimeout(r, 300));
    expect(await db.dataSource.query(`SELECT 1 FROM audit_trail WHERE detail->>'httpRequestId' = 'down-1'`)).toEqual(
      [],
    );
  });

  it('keeps the chain verifiable with hostile text in the records', async () => {
    const verification = await verifyAuditTrail(db.dataSource.manager);
    expect(verification).toMatchObject({ ok: true });
    expect(verification.recordsChecked).toBeGreaterThanOrEqual(2);
  });
});
