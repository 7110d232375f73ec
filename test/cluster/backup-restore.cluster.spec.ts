/**
 * The restore drill (docs/operations.md "Backup and restore"), on the cluster topology with
 * PostgreSQL persistence: cases mid-flight with their timers pending and a probe timer due after
 * the restore → backup (Temporal's databases, then the read model, then the keys), with a case
 * registered while it runs → more work → every database dropped → schemas created again and the
 * backup restored → the service started again. Then: the probe timer fires once; each case is as
 * it was at the backup (its records counted, its pending timer there, the auditor's verification
 * of its read model against its history clean) and takes its next action; the case registered
 * during the backup is named by its case number by the consistency check (its history is not in
 * the backup, its intake is); the work done after the backup is in neither store.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Client as PgClient, Pool } from 'pg';
import { checkConsistency } from '../../apps/audit/commands/consistency';
import { decodeCaseHistory } from '../../libs/audit/case-history';
import { loadCaseHistory } from '../../libs/audit/case-history-source';
import { readHistory } from '../../libs/audit/history-reading';
import { verifyReadModel } from '../../libs/audit/read-model-verification';
import { setupTemporalSchema, clusterTools } from '../../libs/infra/temporal-cluster';
import { backupStores, restoreStores, StoreDatabases } from '../../libs/infra/store-backup';
import { createDataSource } from '../../libs/persistence/data-source';
import { migrateDatabase } from '../../libs/persistence/migrate';
import { DEFAULT_RUNTIME_ROLE } from '../../libs/persistence/runtime-role';
import { temporalTls } from '../../libs/temporal/connection';
import { timerProbe } from '../faults/support/timer-probe.workflow';
import {
  callApi,
  caseRecords,
  count,
  eventually,
  registerCase,
  useCluster,
  type CaseRecords,
} from '../support/cluster-harness';

describe('backup and restore, drilled on the cluster topology', () => {
  const ctx = useCluster({ workers: 1, apis: 1 });
  const taskQueue = `restore-probe-${randomUUID()}`;
  let probeWorker: { worker: Worker; run: Promise<void>; connection: NativeConnection } | null = null;
  const backupDir = mkdtempSync(join(tmpdir(), 'petitions-backup-'));
  const restoredKeys = mkdtempSync(join(tmpdir(), 'petitions-keys-'));

  async function startProbeWorker(): Promise<void> {
    const connection = await NativeConnection.connect({
      address: ctx.cluster.temporalAddress,
      tls: temporalTls(ctx.cluster.appEnv),
    });
    const worker = await Worker.create({
      connection,
      dataConverter: ctx.dataConverter,
      taskQueue,
      workflowsPath: require.resolve('../faults/support/timer-probe.workflow'),
      activities: {
        recordTimerFired: async (workflowId: string, dueAt: number, firedAt: number) => {
          await probeDb.query(`INSERT INTO drill_probe_timer_fires VALUES ($1, $2, $3)`, [
            workflowId,
            new Date(dueAt),
            new Date(firedAt),
          ]);
        },
      },
    });
    probeWorker = { worker, run: worker.run(), connection };
  }
  async function stopProbeWorker(): Promise<void> {
    if (!probeWorker) return;
    probeWorker.worker.shutdown();
    await probeWorker.run.catch(() => undefined);
    await probeWorker.connection.close();
    probeWorker = null;
  }

  /** Where the probe records its firings: a database outside the backup, so a firing before the wipe would count too. */
  let probeDb: Pool;

  beforeAll(async () => {
    probeDb = new Pool({ connectionString: databaseUrl('postgres'), max: 2 });
    probeDb.on('error', () => undefined); // the cluster's PostgreSQL stops before this file's afterAll
    await probeDb.query(
      `CREATE TABLE drill_probe_timer_fires (workflow_id text NOT NULL, due_at timestamptz NOT NULL, fired_at timestamptz NOT NULL)`,
    );
    await startProbeWorker();
  }, 120_000);
  afterAll(async () => {
    await stopProbeWorker();
    await probeDb?.end();
    rmSync(backupDir, { recursive: true, force: true });
    rmSync(restoredKeys, { recursive: true, force: true });
  });

  function databaseUrl(name: string): string {
    const url = new URL(ctx.cluster.ownerDatabaseUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }
  const appDatabase = () => new URL(ctx.cluster.ownerDatabaseUrl).pathname.slice(1);
  const databases = (): StoreDatabases => ({
    temporal: databaseUrl('temporal'),
    visibility: databaseUrl('temporal_visibility'),
    app: ctx.cluster.ownerDatabaseUrl,
  });

  async function timerEvents(workflowId: string): Promise<{ started: number; fired: number }> {
    const events = (await ctx.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    return {
      started: events.filter((e) => e.timerStartedEventAttributes).length,
      fired: events.filter((e) => e.timerFiredEventAttributes).length,
    };
  }
  const pendingTimers = (workflowId: string) =>
    count(ctx.temporalDb, `SELECT count(*) AS n FROM timer_info_maps WHERE workflow_id = $1`, [workflowId]);
  const caseNumberOf = async (petitionId: string) =>
    (await ctx.db.query(`SELECT case_number FROM petition_intakes WHERE petition_id = $1`, [petitionId])).rows[0]
      ?.case_number as string | undefined;

  /** Every service process stopped, every database dropped and created again with its schema: a new machine. */
  async function wipeEverything(): Promise<void> {
    for (const api of ctx.cluster.apis) await api.stop();
    for (const worker of ctx.cluster.workers) await worker.stop();
    await stopProbeWorker();
    await ctx.cluster.temporal.stop();
    const admin = new PgClient({ connectionString: databaseUrl('postgres') });
    await admin.connect();
    try {
      for (const name of ['temporal', 'temporal_visibility', appDatabase()])
        await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    const owner = new URL(ctx.cluster.ownerDatabaseUrl);
    await setupTemporalSchema(
      {
        host: owner.hostname,
        port: Number(owner.port),
        user: decodeURIComponent(owner.username),
        password: decodeURIComponent(owner.password),
      },
      { temporal: 'temporal', visibility: 'temporal_visibility', app: appDatabase() },
      clusterTools(),
    );
    await migrateDatabase(ctx.cluster.ownerDatabaseUrl, {
      seedDemo: false,
      runtimeRole: {
        role: DEFAULT_RUNTIME_ROLE,
        password: decodeURIComponent(new URL(ctx.cluster.databaseUrl).password),
      },
    });
    expect(await count(ctx.db, `SELECT count(*) AS n FROM petitions`)).toBe(0);
  }

  async function startEverything(): Promise<void> {
    await ctx.cluster.temporal.start();
    for (const worker of ctx.cluster.workers) await worker.start();
    for (const api of ctx.cluster.apis) await api.start();
    await startProbeWorker();
  }

  it('restores cases mid-flight as they were at the backup: timers fire once, histories and read model agree, and what the backup missed is named', async () => {
    // Mid-flight: three cases, one of them routed; each waits on its wake-up timer.
    const cases: { petitionId: string; workflowId: string }[] = [];
    for (let i = 0; i < 3; i++) cases.push(await registerCase(ctx, `drill-${randomUUID()}`));
    const routed = await callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${cases[0].petitionId}/actions/route`, {
      body: { requestId: `drill-route-${randomUUID()}`, args: { unitId: 'x-zjj' } },
    });
    expect(routed.status).toBe(200);
    for (const c of cases)
      await eventually(`the wake-up timer of ${c.petitionId}`, async () => (await pendingTimers(c.workflowId)) === 1);
    await eventually('the route to be projected', async () =>
      (await caseRecords(ctx.db, cases[0].petitionId)).events.includes('routed'),
    );
    const probeDueAt = Date.now() + 45_000;
    const probe = await ctx.temporal.workflow.start(timerProbe, {
      taskQueue,
      workflowId: `restore-probe-${randomUUID()}`,
      args: [probeDueAt],
    });
    await eventually('the probe timer to start', async () => (await timerEvents(probe.workflowId)).started === 1);
    const atBackup = new Map<string, CaseRecords>();
    for (const c of cases) atBackup.set(c.petitionId, await caseRecords(ctx.db, c.petitionId));

    // The backup, with a case registered between Temporal's half and the read model's.
    let duringBackup: { petitionId: string; workflowId: string } | undefined;
    const manifest = await backupStores({
      databases: databases(),
      keyFiles: ['payload-codec.keys', 'token-signing.key', 'query-code.secret'].map((f) => join(ctx.dataDir, f)),
      dir: backupDir,
      betweenStores: async () => {
        duringBackup = await registerCase(ctx, `drill-during-${randomUUID()}`);
      },
    });
    expect(manifest.databases.map((d) => d.name)).toEqual(['temporal', 'visibility', 'app']);
    expect(manifest.keyFiles).toEqual(['payload-codec.keys', 'token-signing.key', 'query-code.secret']);
    const duringNumber = await caseNumberOf(duringBackup!.petitionId);
    expect(duringNumber).toMatch(/第\d{5}号$/);

    // More work after the backup: a new case, and an action on a case of the backup.
    const afterBackup = await registerCase(ctx, `drill-after-${randomUUID()}`);
    const routedAfter = await callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${cases[1].petitionId}/actions/route`, {
      body: { requestId: `drill-route-after-${randomUUID()}`, args: { unitId: 'x-zjj' } },
    });
    expect(routedAfter.status).toBe(200);

    expect(await count(probeDb, `SELECT count(*) AS n FROM drill_probe_timer_fires`)).toBe(0);
    await wipeEverything();
    const restored = await restoreStores(backupDir, databases(), restoredKeys);
    for (const file of restored.keyFiles)
      expect(readFileSync(join(restoredKeys, file))).toEqual(readFileSync(join(ctx.dataDir, file)));
    await startEverything();

    // The probe timer, pending in the backup, fires once.
    expect(await probe.result()).toBeGreaterThanOrEqual(probeDueAt);
    expect(await count(probeDb, `SELECT count(*) AS n FROM drill_probe_timer_fires`)).toBe(1);
    expect(await timerEvents(probe.workflowId)).toEqual({ started: 1, fired: 1 });

    // Each case of the backup: its records as they were, its wake-up pending, its read model verified.
    const dataSource = createDataSource(ctx.cluster.ownerDatabaseUrl);
    await dataSource.initialize();
    try {
      for (const c of cases) {
        expect(await caseRecords(ctx.db, c.petitionId)).toEqual(atBackup.get(c.petitionId));
        expect(await pendingTimers(c.workflowId)).toBe(1);
        const loaded = await loadCaseHistory(dataSource.manager, async () => ctx.temporal, c.petitionId, c.workflowId);
        const verification = await verifyReadModel(
          dataSource.manager,
          c.petitionId,
          readHistory(await decodeCaseHistory(ctx.dataConverter, loaded.history)),
        );
        expect(verification.divergences).toEqual([]);
      }

      // The case registered during the backup: named by its case number, its history not in the backup.
      const consistency = await checkConsistency(dataSource, ctx.temporal, ctx.dataConverter, {
        repair: false,
        only: new Set([...cases, duringBackup!, afterBackup].map((c) => c.petitionId)),
      });
      expect(consistency.inconsistencies).toEqual([
        expect.objectContaining({
          petitionId: duringBackup!.petitionId,
          caseNumber: duringNumber,
          kind: 'historyMissing',
        }),
      ]);
    } finally {
      await dataSource.destroy();
    }
    // The work after the backup is in neither store: lost with the backup's instant, as documented.
    expect(await caseRecords(ctx.db, afterBackup.petitionId)).toMatchObject({ intakes: 0, petitionRows: 0 });
    await expect(ctx.temporal.workflow.getHandle(afterBackup.workflowId).describe()).rejects.toThrow();

    // The restored cases take their next action: the route done after the backup is done again.
    const again = await callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${cases[1].petitionId}/actions/route`, {
      body: { requestId: `drill-route-again-${randomUUID()}`, args: { unitId: 'x-zjj' } },
    });
    expect(again.status).toBe(200);
    await eventually('the repeated route to be projected', async () =>
      (await caseRecords(ctx.db, cases[1].petitionId)).events.includes('routed'),
    );
  }, 900_000);
});
