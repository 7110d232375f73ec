/**
 * The consistency check (`npm run audit -- consistency`, and at `npm start`): cases registered
 * over HTTP through the real worker, then one store made to disagree with the others behind the
 * service's back, as a restore of one store from an older backup would: each disagreement is named
 * by its case number with its remedy, and the one the read model can repair alone (a projection
 * behind its history) is repaired from the history, to the row it was.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { checkConsistency, formatConsistencyReport } from '../../apps/audit/commands/consistency';
import { examineStores } from '../../apps/launcher/store-agreement';
import { CaseInStores, inconsistenciesOf } from '../../libs/audit/store-consistency';
import { petitionWorkflowId } from '../../workflows/petition/petition.contract';
import { staffBearer } from '../support/auth';
import { testDataConverter, useRunningService } from '../support/harness';
import { asOwner } from '../support/owner';

describe('the consistency check of the read model, the intakes and Temporal', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  let client: Client;

  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    client = new Client({
      connection: await Connection.connect({ address: service.config.temporalAddress }),
      namespace: service.config.temporalNamespace,
      dataConverter: testDataConverter(),
    });
  });
  afterAll(async () => {
    await client?.connection.close();
  });

  async function register(): Promise<{ petitionId: string; caseNumber: string }> {
    const response = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `consistency-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'online',
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        petitionerName: '钱某',
        summary: '小区电梯停运',
      })
      .expect(201);
    const petitionId = response.body.petitionId as string;
    for (let i = 0; i < 100; i++) {
      if ((await service.dataSource.query(`SELECT 1 FROM petitions WHERE id = $1`, [petitionId])).length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return { petitionId, caseNumber: response.body.caseNumber as string };
  }

  const check = (ids: string[], repair = false) =>
    checkConsistency(service.dataSource, client, testDataConverter(), { repair, only: new Set(ids) });

  async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let i = 0; ; i++) {
      const value = await probe();
      if (done(value) || i >= 100) return value;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('finds nothing to say about cases whose three stores agree', async () => {
    const cases = [await register(), await register()];
    const report = await check(cases.map((c) => c.petitionId));
    expect(report).toEqual({ cases: 2, inconsistencies: [], repaired: [] });
  });

  it('a projection lost from the read model is named by case number and rebuilt from the history, to the row it was', async () => {
    const { petitionId, caseNumber } = await register();
    const [before] = await asOwner(`SELECT step, revision, view, unit_ids FROM petitions WHERE id = $1`, [petitionId]);
    await asOwner(`DELETE FROM petitions WHERE id = $1`, [petitionId]);

    const found = await check([petitionId]);
    expect(found.inconsistencies).toEqual([
      {
        petitionId,
        caseNumber,
        kind: 'projectionBehind',
        remedy: expect.stringContaining('npm run audit -- consistency --repair'),
      },
    ]);
    expect(formatConsistencyReport(found)).toContain(caseNumber);

    const repaired = await check([petitionId], true);
    expect(repaired).toEqual({ cases: 1, inconsistencies: [], repaired: [petitionId] });
    const [after] = await asOwner(`SELECT step, revision, view, unit_ids FROM petitions WHERE id = $1`, [petitionId]);
    expect(after).toEqual(before);
    // A second repair finds nothing left to do.
    expect(await check([petitionId], true)).toEqual({ cases: 1, inconsistencies: [], repaired: [] });
  });

  it('a workflow ended outside the service leaves its case open: reported with how it ended, and a repair cannot close it', async () => {
    const { petitionId, caseNumber } = await register();
    await client.workflow.getHandle(petitionWorkflowId(petitionId)).terminate('consistency test');
    const report = await until(
      () => check([petitionId], true),
      (r) => r.inconsistencies.length > 0,
    );
    expect(report.inconsistencies).toEqual([
      { petitionId, caseNumber, kind: 'projectionBehind', remedy: expect.stringContaining('ended as TERMINATED') },
    ]);
    expect(report.repaired).toEqual([petitionId]);
  });

  it('a case whose history Temporal no longer holds is reported as lost by its case number, also at start-up', async () => {
    const { petitionId, caseNumber } = await register();
    await client.workflowService.deleteWorkflowExecution({
      namespace: service.config.temporalNamespace,
      workflowExecution: { workflowId: petitionWorkflowId(petitionId) },
    });
    const report = await until(
      () => check([petitionId]),
      (r) => r.inconsistencies.length > 0,
    );
    expect(report.inconsistencies).toEqual([
      {
        petitionId,
        caseNumber,
        kind: 'historyMissing',
        remedy: expect.stringContaining('restore Temporal from the backup'),
      },
    ]);
    const atStart = await examineStores(
      service.config.databaseUrl,
      service.config.temporalAddress,
      service.config.temporalNamespace,
    );
    expect(atStart.inconsistencies).toContainEqual(expect.objectContaining({ petitionId, kind: 'historyMissing' }));
  });

  it('a history without its intake (a registration that did not commit) is reported: its personal data is not here', async () => {
    const { petitionId } = await register();
    await asOwner(`DELETE FROM petition_intakes WHERE petition_id = $1`, [petitionId]);
    const report = await check([petitionId]);
    expect(report.inconsistencies).toEqual([
      { petitionId, caseNumber: null, kind: 'intakeMissing', remedy: expect.stringContaining('same request id') },
    ]);
  });

  /** A case Temporal holds no history of, as the stores describe it: these fields as given. */
  const goneFromTemporal = (fields: Pick<CaseInStores, 'archived' | 'readModel'>): CaseInStores => ({
    petitionId: randomUUID(),
    caseNumber: '示县信〔2026〕第00001号',
    hasIntake: true,
    workflow: 'absent',
    endedAs: null,
    ...fields,
  });

  it('a closed case whose history the archive holds may be gone from Temporal: retention, not loss', () => {
    const closedAndArchived = goneFromTemporal({ archived: true, readModel: 'closed' });
    expect(inconsistenciesOf(closedAndArchived)).toEqual([]);
    expect(inconsistenciesOf({ ...closedAndArchived, archived: false })).toEqual([
      expect.objectContaining({ kind: 'historyMissing' }),
    ]);
    expect(inconsistenciesOf({ ...closedAndArchived, readModel: 'open' })).toEqual([
      expect.objectContaining({ kind: 'historyMissing' }),
    ]);
  });

  it('a registration numbered and recorded whose workflow never started is named with its retry, not as lost', () => {
    const unstarted = goneFromTemporal({ archived: false, readModel: 'absent' });
    expect(inconsistenciesOf(unstarted)).toEqual([
      expect.objectContaining({ kind: 'historyMissing', remedy: expect.stringContaining('same Idempotency-Key') }),
    ]);
  });
});
