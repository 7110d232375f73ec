/**
 * Prometheus metrics of the API (`GET /metrics`, prom-client): HTTP latency by route and status,
 * the process's own metrics, and two gauges of the procedure read from PostgreSQL at scrape time:
 * open cases and overdue obligation clocks per unit level, and projection batches waiting in the
 * quarantine. The worker exposes Temporal's own
 * metrics (SDK runtime telemetry) on its Prometheus endpoint (WORKER_METRICS_PORT).
 */
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';

export interface ApiMetrics {
  registry: Registry;
  /** Express middleware timing every request; the route is the matched pattern, never the raw path. */
  httpTimer: (req: Request, res: Response, next: NextFunction) => void;
  /** Attempts to deliver a notification, by channel and outcome (sent, retrying, failed). */
  notificationDeliveries: Counter<'channel' | 'outcome'>;
}

export function createApiMetrics(dataSource: () => DataSource | undefined): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'petitions_api_' });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'petitions_open_cases',
    help: 'Cases not yet closed, by the level of the unit now responsible (handling, else routing)',
    labelNames: ['level'] as const,
    registers: [registry],
    async collect() {
      const rows = await query<{ level: string; n: number }>(
        dataSource,
        `SELECT u.level, count(*)::int AS n FROM petitions p JOIN units u ON u.id = coalesce(p.handling_unit_id, p.routing_unit_id)
          WHERE p.closed_at IS NULL AND NOT p.is_final GROUP BY u.level`,
      );
      this.reset();
      for (const r of rows) this.set({ level: r.level }, r.n);
    },
  });
  new Gauge({
    name: 'petitions_overdue_clocks',
    help: 'Running statutory clocks past their due instant, by the level of the unit that owes the step',
    labelNames: ['level'] as const,
    registers: [registry],
    async collect() {
      const rows = await query<{ level: string; n: number }>(
        dataSource,
        `SELECT u.level, count(*)::int AS n FROM petition_clocks c JOIN units u ON u.id = c.unit_id
          WHERE c.status = 'running' AND c.due_at < now() GROUP BY u.level`,
      );
      this.reset();
      for (const r of rows) this.set({ level: r.level }, r.n);
    },
  });
  new Gauge({
    name: 'petitions_projection_quarantined_batches_unresolved',
    help: 'Projection batches the read model refused for their content that no operator has resolved yet (npm run audit -- resolve-quarantine); alert on > 0',
    registers: [registry],
    async collect() {
      const rows = await query<{ n: number }>(
        dataSource,
        `SELECT count(*)::int AS n FROM projection_quarantine WHERE resolved_at IS NULL`,
      );
      this.reset();
      if (rows[0]) this.set(rows[0].n);
    },
  });
  const notificationDeliveries = new Counter({
    name: 'petitions_notification_deliveries_total',
    help: 'Attempts to deliver a notification through a channel (mail, robots, SMS), by outcome: sent, retrying (will be tried again), failed (for good)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'petitions_notification_deliveries_waiting',
    help: 'Notification deliveries not yet sent, by channel and state (pending, retrying); failed ones by state failed',
    labelNames: ['channel', 'state'] as const,
    registers: [registry],
    async collect() {
      const rows = await query<{ channel: string; state: string; n: number }>(
        dataSource,
        `SELECT channel, state, count(*)::int AS n FROM notification_deliveries WHERE state <> 'sent' GROUP BY channel, state`,
      );
      this.reset();
      for (const r of rows) this.set({ channel: r.channel, state: r.state }, r.n);
    },
  });
  const httpTimer = (req: Request, res: Response, next: NextFunction) => {
    const end = latency.startTimer();
    res.once('finish', () => {
      const pattern = (req.route as { path?: string } | undefined)?.path;
      const route = pattern ? `${req.baseUrl ?? ''}${pattern}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
  return { registry, httpTimer, notificationDeliveries };
}

/** A scrape never fails on the database: the gauges are simply absent while it is unreachable. */
async function query<T>(dataSource: () => DataSource | undefined, sql: string): Promise<T[]> {
  const ds = dataSource();
  if (!ds?.isInitialized) return [];
  try {
    return await ds.query(sql);
  } catch {
    return [];
  }
}
