/** The benchmark's tables (cli-table3), one per measurement, both topologies side by side. */
import Table from 'cli-table3';
import type { BenchReport } from './run';
import { round } from './support/stats';

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v)}`);
const n = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? '—' : `${round(v, digits)}`);

export function printReport(report: BenchReport): void {
  const { machine } = report;
  console.log(
    `\nMachine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, commit ${machine.commit}; load average ${machine.loadAverageAtStart.join(' ')} at the start, ${machine.loadAverageAtEnd?.join(' ') ?? '—'} at the end`,
  );

  const overhead = new Table({
    head: [
      'topology',
      'operation',
      'c',
      'HTTP /s',
      'direct /s',
      'ratio',
      'HTTP p50',
      'direct p50',
      'HTTP p99',
      'direct p99',
      'p99 ratio',
      'failed',
      'API work p50/p99',
    ],
  });
  for (const t of report.topologies) {
    for (const row of t.apiOverhead.rows) {
      overhead.push([
        t.name,
        row.operation,
        row.concurrency,
        n(row.http.throughput),
        n(row.direct.throughput),
        n(row.throughputRatio, 2),
        ms(row.http.p50),
        ms(row.direct.p50),
        ms(row.http.p99),
        ms(row.direct.p99),
        n(row.p99Ratio, 2),
        `${row.http.failed}/${row.direct.failed}`,
        row.apiWork ? `${n(row.apiWork.p50)} / ${n(row.apiWork.p99)}` : '—',
      ]);
    }
  }
  console.log(
    '\nAPI overhead (HTTP through the API vs the same call straight to Temporal; ms; rounds interleaved A B A B)',
  );
  console.log(overhead.toString());

  const lag = new Table({ head: ['topology', 'registration load', 'lag p50 ms', 'lag p99 ms', 'max ms', 'n'] });
  for (const t of report.topologies) {
    for (const l of t.apiOverhead.projectionLagUnderLoad)
      lag.push([t.name, `closed loop, c=${l.concurrency}`, ms(l.lag.p50), ms(l.lag.p99), ms(l.lag.max), l.lag.count]);
    for (const s of t.apiOverhead.sustainable.steps) {
      lag.push([
        t.name,
        `offered ${s.offeredPerSecond}/s (answered ${s.achievedPerSecond}/s)${s.keptUp ? '' : ' fell behind'}`,
        ms(s.lag.p50),
        ms(s.lag.p99),
        ms(s.lag.max),
        s.lag.count,
      ]);
    }
  }
  console.log('\nProjection lag: registration answered → its read-model row written');
  console.log(lag.toString());
  for (const t of report.topologies) {
    console.log(
      `  ${t.name}: sustainable registration rate ${t.apiOverhead.sustainable.ratePerSecond ?? '—'}/s (lag p99 there ${ms(t.apiOverhead.sustainable.lagP99AtRate)} ms)`,
    );
  }

  const burst = new Table({
    head: [
      'topology',
      'cases',
      'warning70 p50/p99/max s',
      'warning90 p50/p99/max s',
      'breach p50/p99/max s',
      'recorded p50/p99 s',
      'all recorded s',
      'missing',
      'duplicated',
    ],
  });
  const s = (d: { p50: number | null; p99: number | null; max: number | null }) =>
    `${n(d.p50 === null ? null : d.p50 / 1000)} / ${n(d.p99 === null ? null : d.p99 / 1000)} / ${n(d.max === null ? null : d.max / 1000)}`;
  for (const t of report.topologies) {
    const b = t.burst;
    if (!b) continue;
    burst.push([
      t.name,
      b.cases,
      s(b.lateness.warning70),
      s(b.lateness.warning90),
      s(b.lateness.breach),
      `${n(b.recorded.p50 === null ? null : b.recorded.p50 / 1000)} / ${n(b.recorded.p99 === null ? null : b.recorded.p99 / 1000)}`,
      n(b.allRecordedSeconds),
      `${b.missing.escalations + b.missing.ledger + b.missing.supervisionTasks}`,
      `${b.duplicated.escalations + b.duplicated.ledger}`,
    ]);
  }
  console.log(
    '\nBurst of simultaneous breaches (lateness from the instant the workers were up; rows seen by polling every 250 ms)',
  );
  console.log(burst.toString());

  const open = new Table({
    head: [
      'topology',
      'open before → after',
      'starts /s',
      'all projected s',
      'worker RSS MB',
      'API RSS MB',
      'Temporal RSS MB',
      'PostgreSQL PSS MB',
    ],
  });
  for (const t of report.topologies) {
    const o = t.openCases;
    if (!o) continue;
    open.push([
      t.name,
      `${o.openBefore} → ${o.openAfter}`,
      n(o.startsPerSecond),
      `${n(o.projectedAllSeconds)} (${n(o.projectedPerSecond)}/s)`,
      `${o.memoryBefore.workersRssMb} → ${o.memoryAfter.workersRssMb}`,
      `${o.memoryBefore.apisRssMb} → ${o.memoryAfter.apisRssMb}`,
      `${o.memoryBefore.temporalRssMb} → ${o.memoryAfter.temporalRssMb}`,
      `${o.memoryBefore.postgresPssMb} → ${o.memoryAfter.postgresPssMb}`,
    ]);
  }
  console.log('\nOpen cases (memory before → after)');
  console.log(open.toString());

  const lists = new Table({ head: ['topology', 'list query', 'before p50/p99 ms', 'after p50/p99 ms', 'after /s'] });
  for (const t of report.topologies) {
    for (const l of t.openCases?.lists ?? [])
      lists.push([
        t.name,
        `${l.path} (${l.user})`,
        `${ms(l.before.p50)} / ${ms(l.before.p99)}`,
        `${ms(l.after.p50)} / ${ms(l.after.p99)}`,
        n(l.after.perSecond),
      ]);
  }
  console.log(`\nList queries (4 connections, before → after the open cases were added)`);
  console.log(lists.toString());

  if (report.others.length) {
    const others = new Table({ head: ['script', 'exit', 'seconds', 'results'] });
    for (const o of report.others) others.push([o.script, String(o.exitCode), o.seconds, o.results.join(', ') || '—']);
    console.log('\nOther benchmarks (their own tables are printed above)');
    console.log(others.toString());
  }
}
