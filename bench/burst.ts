/**
 * A burst of simultaneous breaches: N cases whose routing clock's 70% and 90% warnings and breach
 * are all due at the same instant T0, then the time until every rung and ledger record is in
 * PostgreSQL, and none is missing or doubled.
 *
 * How the instant is made: statutory clocks end at 24:00 Asia/Shanghai, and the warnings fall a
 * fraction of the way through the period, so rungs can be made due a few seconds from now only in
 * some hours of the day. Instead the cases are registered with receipts 20 days back while no
 * worker runs (Temporal holds their first workflow task); T0 is the instant the workers are up
 * again, from which every rung of every case is due. Each case then fires warning70, warning90 and
 * breach (an escalation row each, a 督办 task, and the routingOverdue ledger record; the late
 * registration is a ledger record of its own).
 */
import type { Client } from '@temporalio/client';
import { Pool } from 'pg';
import type { UnitRef } from '../libs/process';
import { DAY_MS, inParallel, registrationInput, startDirect } from './support/cases';
import { Distribution, distribution, round } from './support/stats';
import type { BenchTopology } from './support/topologies';

const RUNGS = ['warning70', 'warning90', 'breach'] as const;
/** Per case: late registration + routing overdue. */
const LEDGER_PER_CASE = 2;

export interface BurstResult {
  cases: number;
  registeredPerSecond: number;
  /** Rung's escalation row in PostgreSQL − T0, per rung (the rungs of a case share one projection). */
  lateness: Record<(typeof RUNGS)[number], Distribution>;
  /** Case's rungs and ledger records all in PostgreSQL − T0 (seen by polling every 250 ms). */
  recorded: Distribution;
  /** T0 → the last rung and ledger record in PostgreSQL. */
  allRecordedSeconds: number | null;
  missing: { escalations: number; ledger: number; supervisionTasks: number };
  duplicated: { escalations: number; ledger: number };
  workersUpSeconds: number;
}

export async function benchBurst(
  topology: BenchTopology,
  client: Client,
  db: Pool,
  office: UnitRef,
  options: { cases: number; log: (m: string) => void },
): Promise<BurstResult> {
  const { log } = options;
  log(`stopping the worker(s); registering ${options.cases} cases with receipts 20 days back`);
  await Promise.all(topology.workers.map((w) => w.stop()));
  const ids: string[] = [];
  const receivedAt = Date.now() - 20 * DAY_MS;
  const registering = Date.now();
  await inParallel(options.cases, 50, async () => {
    ids.push(await startDirect(client, topology.taskQueue, registrationInput(office, receivedAt)));
  });
  const registeredPerSecond = round(options.cases / ((Date.now() - registering) / 1000))!;
  log(`registered at ${registeredPerSecond}/s; starting the worker(s)`);

  const starting = Date.now();
  const started = topology.workers.map((w) => w.start());
  await Promise.race(started);
  const t0 = Date.now();
  const workersUpSeconds = round((t0 - starting) / 1000)!;
  await Promise.all(started);

  const recordedAt = new Map<string, number>();
  const rungSeenAt = new Map<string, number>();
  const deadline = Date.now() + 15 * 60_000;
  while (recordedAt.size < ids.length && Date.now() < deadline) {
    const { rows: rungs } = await db.query(
      `SELECT petition_id, rung FROM escalations WHERE petition_id = ANY($1::uuid[])`,
      [ids.filter((id) => !recordedAt.has(id))],
    );
    const seen = Date.now();
    for (const r of rungs as { petition_id: string; rung: string }[])
      if (!rungSeenAt.has(`${r.petition_id}:${r.rung}`)) rungSeenAt.set(`${r.petition_id}:${r.rung}`, seen - t0);
    const { rows } = await db.query(
      `SELECT p.id,
              (SELECT count(*) FROM escalations e WHERE e.petition_id = p.id) AS escalations,
              (SELECT count(*) FROM accountability_records a WHERE a.petition_id = p.id) AS ledger
         FROM unnest($1::uuid[]) AS p(id)`,
      [ids.filter((id) => !recordedAt.has(id))],
    );
    const now = Date.now();
    for (const row of rows as { id: string; escalations: string; ledger: string }[]) {
      if (Number(row.escalations) >= RUNGS.length && Number(row.ledger) >= LEDGER_PER_CASE)
        recordedAt.set(row.id, now - t0);
    }
    if (recordedAt.size < ids.length) await new Promise((r) => setTimeout(r, 250));
  }
  log(`${recordedAt.size} of ${ids.length} cases fully recorded`);

  const lateness = Object.fromEntries(
    RUNGS.map((rung) => [
      rung,
      distribution([...rungSeenAt.entries()].filter(([key]) => key.endsWith(`:${rung}`)).map(([, at]) => at)),
    ]),
  ) as BurstResult['lateness'];
  const one = async (sql: string) => Number((await db.query(sql, [ids])).rows[0].n);
  const escalations = await one(
    `SELECT count(*) AS n FROM escalations WHERE petition_id = ANY($1::uuid[]) AND rung = ANY(ARRAY['warning70','warning90','breach'])`,
  );
  const distinctEscalations = await one(
    `SELECT count(DISTINCT (petition_id, rung)) AS n FROM escalations WHERE petition_id = ANY($1::uuid[]) AND rung = ANY(ARRAY['warning70','warning90','breach'])`,
  );
  const ledger = await one(
    `SELECT count(*) AS n FROM accountability_records WHERE petition_id = ANY($1::uuid[]) AND kind = 'trigger'`,
  );
  const distinctLedger = await one(
    `SELECT count(DISTINCT (petition_id, rule)) AS n FROM accountability_records WHERE petition_id = ANY($1::uuid[]) AND kind = 'trigger'`,
  );
  const tasks = await one(`SELECT count(*) AS n FROM supervision_tasks WHERE petition_id = ANY($1::uuid[])`);
  const times = [...recordedAt.values()];
  return {
    cases: ids.length,
    registeredPerSecond,
    lateness,
    recorded: distribution(times),
    allRecordedSeconds: recordedAt.size === ids.length ? round(Math.max(...times) / 1000) : null,
    missing: {
      escalations: ids.length * RUNGS.length - distinctEscalations,
      ledger: ids.length * LEDGER_PER_CASE - distinctLedger,
      supervisionTasks: ids.length - tasks,
    },
    duplicated: { escalations: escalations - distinctEscalations, ledger: ledger - distinctLedger },
    workersUpSeconds,
  };
}
