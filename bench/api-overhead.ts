/**
 * What the HTTP API costs over the same work sent to Temporal directly, at fixed concurrency:
 * registration (POST /petitions vs workflow start) and one staff action (POST …/actions/route vs the
 * route update), rounds interleaved A B A B so both modes see the same machine. Also the projection
 * lag (registration answered → its read-model row written) under that load, and the sustainable
 * registration rate (the highest offered rate at which the read model keeps up).
 */
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { UnitRef } from '../libs/process';
import { petitionUpdates, petitionWorkflowId } from '../workflows/petition/petition.contract';
import { REGISTRAR, inParallel, registrationBody, registrationInput, startDirect } from './support/cases';
import { AutocannonRequest, LoadFigures, combine, directLoad, httpLoad } from './support/load';
import { Distribution, distribution, ratio, round } from './support/stats';
import type { BenchTopology } from './support/topologies';

export interface OverheadRow {
  operation: 'registration' | 'staff action (route)';
  concurrency: number;
  http: LoadFigures;
  direct: LoadFigures;
  throughputRatio: number | null;
  p99Ratio: number | null;
  /** The API's own time per request (its Server-Timing `api` entry: the request minus awaiting Temporal). */
  apiWork: Distribution | null;
}

/** `Server-Timing: api;dur=…` (the API sends it when API_SERVER_TIMING=1, as the bench starts it). */
function apiWorkOf(headers: Record<string, string | string[]> | undefined): number | null {
  const value = headers?.['server-timing'] ?? headers?.['Server-Timing'];
  const text = Array.isArray(value) ? value.join(',') : value;
  const match = text ? /(?:^|,\s*)api;dur=([\d.]+)/.exec(text) : null;
  return match ? Number(match[1]) : null;
}

export interface RateStep {
  offeredPerSecond: number;
  achievedPerSecond: number;
  lag: Distribution;
  /** After the last answer, how long until every registration of the step was in the read model. */
  drainSeconds: number | null;
  keptUp: boolean;
}

export interface ApiOverheadResult {
  rows: OverheadRow[];
  projectionLagUnderLoad: { concurrency: number; lag: Distribution }[];
  sustainable: { steps: RateStep[]; ratePerSecond: number | null; lagP99AtRate: number | null };
  actionProjection: string;
}

interface Answered {
  petitionId: string;
  at: number;
}

/** Registration answered → projected_at of its first read-model row, for each answered registration. */
async function projectionLags(
  db: Pool,
  answered: Answered[],
  timeoutMs: number,
): Promise<{ lags: number[]; drainSeconds: number | null }> {
  const pending = new Map(answered.map((a) => [a.petitionId, a.at]));
  const lags: number[] = [];
  const lastAnswer = Math.max(0, ...answered.map((a) => a.at));
  const deadline = Date.now() + timeoutMs;
  while (pending.size > 0 && Date.now() < deadline) {
    const { rows } = await db.query(`SELECT id, projected_at FROM petitions WHERE id = ANY($1::uuid[])`, [
      [...pending.keys()],
    ]);
    for (const row of rows as { id: string; projected_at: Date }[]) {
      lags.push(Math.max(0, row.projected_at.getTime() - pending.get(row.id)!));
      pending.delete(row.id);
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 200));
  }
  return { lags, drainSeconds: pending.size === 0 ? round((Date.now() - lastAnswer) / 1000) : null };
}

/** Waits until every listed case is in the read model: the next round starts on an idle system. */
async function drain(db: Pool, ids: string[], timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await db.query(`SELECT count(*) AS n FROM petitions WHERE id = ANY($1::uuid[])`, [ids]);
    if (Number(rows[0].n) >= ids.length) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What the API answered the first request it refused in a round (nothing when none was). */
const refusal = (figures: LoadFigures) => (figures.firstFailure ? `; first refusal: ${figures.firstFailure}` : '');

export async function benchApiOverhead(
  topology: BenchTopology,
  client: Client,
  db: Pool,
  office: UnitRef,
  options: {
    concurrencies: number[];
    roundSeconds: number;
    rounds: number;
    rates: number[];
    rateSeconds: number;
    log: (m: string) => void;
  },
): Promise<ApiOverheadResult> {
  const { log } = options;
  const registrar = topology.bearer('x-registrar');
  const httpCases: string[] = [];
  const directCases: string[] = [];
  const rows: OverheadRow[] = [];
  const projectionLagUnderLoad: { concurrency: number; lag: Distribution }[] = [];

  function registrationRequest(answered: Answered[], apiWork?: number[]): AutocannonRequest {
    const body = JSON.stringify(registrationBody());
    return {
      method: 'POST',
      path: '/petitions',
      headers: { authorization: registrar, 'content-type': 'application/json' },
      body,
      setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': randomUUID() } }),
      onResponse: (status, text, _context, headers) => {
        if (status !== 201) return;
        const work = apiWorkOf(headers);
        if (apiWork && work !== null) apiWork.push(work);
        const petitionId = (JSON.parse(text) as { petitionId: string }).petitionId;
        answered.push({ petitionId, at: Date.now() });
        httpCases.push(petitionId);
      },
    };
  }

  for (const concurrency of options.concurrencies) {
    const http: LoadFigures[] = [];
    const direct: LoadFigures[] = [];
    const lags: number[] = [];
    const apiWork: number[] = [];
    for (let r = 0; r < options.rounds; r++) {
      const answered: Answered[] = [];
      http.push(
        await httpLoad({
          url: topology.apiUrl,
          connections: concurrency,
          seconds: options.roundSeconds,
          request: registrationRequest(answered, apiWork),
        }),
      );
      lags.push(...(await projectionLags(db, answered, 120_000)).lags);
      direct.push(
        await directLoad({
          connections: concurrency,
          seconds: options.roundSeconds,
          operation: async () => {
            directCases.push(await startDirect(client, topology.taskQueue, registrationInput(office)));
          },
        }),
      );
      await drain(db, directCases);
      log(
        `registration c=${concurrency} round ${r + 1}: HTTP ${round(http[r].throughput)}/s, direct ${round(direct[r].throughput)}/s${refusal(http[r])}`,
      );
    }
    const a = combine(http);
    const b = combine(direct);
    rows.push({
      operation: 'registration',
      concurrency,
      http: a,
      direct: b,
      throughputRatio: ratio(a.throughput, b.throughput),
      p99Ratio: ratio(a.p99, b.p99),
      apiWork: apiWork.length ? distribution(apiWork) : null,
    });
    projectionLagUnderLoad.push({ concurrency, lag: distribution(lags) });
  }

  // One staff action: route a case still in routing. Over HTTP only cases registered over HTTP
  // (the API checks access against their intake); directly, the directly started ones.
  async function topUp(pool: string[], needed: number, viaHttp: boolean): Promise<void> {
    const missing = needed - pool.length;
    if (missing <= 0) return;
    log(`preparing ${missing} more cases in routing (${viaHttp ? 'HTTP' : 'direct'})`);
    await inParallel(missing, 20, async () => {
      if (!viaHttp) {
        pool.push(await startDirect(client, topology.taskQueue, registrationInput(office)));
        return;
      }
      const response = await fetch(`${topology.apiUrl}/petitions`, {
        method: 'POST',
        headers: { authorization: registrar, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(registrationBody()),
      });
      if (response.status === 201) pool.push(((await response.json()) as { petitionId: string }).petitionId);
    });
    await drain(db, pool);
  }
  let expectedPerRound = 200;
  for (const [index, concurrency] of options.concurrencies.entries()) {
    const http: LoadFigures[] = [];
    const direct: LoadFigures[] = [];
    const apiWork: number[] = [];
    // A higher concurrency gets through more cases per round: a pool sized by the last one ran dry.
    if (index > 0) expectedPerRound = Math.ceil(expectedPerRound * 3);
    for (let r = 0; r < options.rounds; r++) {
      await topUp(httpCases, expectedPerRound, true);
      http.push(
        await httpLoad({
          url: topology.apiUrl,
          connections: concurrency,
          seconds: options.roundSeconds,
          request: {
            method: 'POST',
            headers: { authorization: registrar, 'content-type': 'application/json' },
            setupRequest: (request) => ({
              ...request,
              path: `/petitions/${httpCases.pop() ?? 'pool-exhausted'}/actions/route`,
              body: JSON.stringify({ requestId: randomUUID(), args: { unitId: 'x-zjj' } }),
            }),
            onResponse: (status, _text, _context, headers) => {
              const work = status < 300 ? apiWorkOf(headers) : null;
              if (work !== null) apiWork.push(work);
            },
          },
        }),
      );
      await drain(db, httpCases);
      await topUp(directCases, expectedPerRound, false);
      direct.push(
        await directLoad({
          connections: concurrency,
          seconds: options.roundSeconds,
          operation: async () => {
            const petitionId = directCases.pop();
            if (!petitionId) throw new Error('pool exhausted');
            await client.workflow.getHandle(petitionWorkflowId(petitionId)).executeUpdate(petitionUpdates.route, {
              args: [{ requestId: randomUUID(), actor: { ...REGISTRAR }, args: { unitId: 'x-zjj' } }],
            });
          },
        }),
      );
      expectedPerRound = Math.ceil(Math.max(http[r].ok, direct[r].ok, 50) * 1.6);
      if (http[r].failed > 0 || direct[r].failed > 0)
        log(`route c=${concurrency} round ${r + 1}: pool ran dry or requests failed`);
      log(
        `route c=${concurrency} round ${r + 1}: HTTP ${round(http[r].throughput)}/s (${http[r].failed} failed), direct ${round(direct[r].throughput)}/s${refusal(http[r])}`,
      );
    }
    const a = combine(http);
    const b = combine(direct);
    rows.push({
      operation: 'staff action (route)',
      concurrency,
      http: a,
      direct: b,
      throughputRatio: ratio(a.throughput, b.throughput),
      p99Ratio: ratio(a.p99, b.p99),
      apiWork: apiWork.length ? distribution(apiWork) : null,
    });
  }

  // Open loop: registrations offered at a fixed rate; does the read model keep up?
  const steps: RateStep[] = [];
  for (const rate of options.rates) {
    const answered: Answered[] = [];
    const load = await httpLoad({
      url: topology.apiUrl,
      connections: Math.max(10, Math.ceil(rate / 2)),
      seconds: options.rateSeconds,
      overallRate: rate,
      request: registrationRequest(answered),
    });
    const { lags, drainSeconds } = await projectionLags(db, answered, 180_000);
    const lag = distribution(lags);
    const keptUp =
      load.throughput >= rate * 0.95 && drainSeconds !== null && drainSeconds <= 5 && (lag.p99 ?? Infinity) <= 5000;
    steps.push({ offeredPerSecond: rate, achievedPerSecond: round(load.throughput)!, lag, drainSeconds, keptUp });
    log(
      `offered ${rate}/s: answered ${round(load.throughput)}/s, lag p50 ${round(lag.p50, 0)} ms p99 ${round(lag.p99, 0)} ms, drained ${drainSeconds} s after${keptUp ? '' : ' (fell behind)'}`,
    );
    if (!keptUp) break;
  }
  const best = [...steps].reverse().find((s) => s.keptUp) ?? null;
  return {
    rows,
    projectionLagUnderLoad,
    sustainable: { steps, ratePerSecond: best?.offeredPerSecond ?? null, lagP99AtRate: best?.lag.p99 ?? null },
    actionProjection:
      'a staff action answers after its projection is written (the update handler awaits it): its lag is inside its latency',
  };
}
