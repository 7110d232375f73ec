/**
 * `npm run bench:notifications`: how long a breach takes to reach an office's mailbox (issue 19).
 * On the dev topology (npm start's servers, throw-away data), with an SMTP server in this process
 * as the city petition office's mailbox (SMTP_URL of the API, whose dispatcher sends the mail):
 * BENCH_NOTIFY_CASES (1,000) cases of 县 x are started with receipts 20 days back while no worker
 * runs (as bench/burst.ts makes a burst), so from the instant the worker is up every case's
 * routing clock owes its breach at once, and each breach owes one mail (超期督办) to c-xfj.
 *
 * Per mail: the rung's instant (escalations.fired_at, the workflow's time of the rung) → the
 * notification's row (notifications.created_at, the projection's transaction) → the SMTP server's
 * 250 to its DATA (taken in onData here). Then the dispatcher's own cost: the same deliveries made
 * due again at one instant (a backlog, as after an outage) and drained by the API's dispatcher,
 * against the baseline measured in the same run: as many mails of the same shape sent straight
 * with the mail channel (nodemailer), 20 in flight as the dispatcher's batch, to the same server,
 * timed from their common start. Writes bench/results/.
 */
import 'reflect-metadata';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { PROJECT_ROOT } from '../libs/infra/local-servers';
import { EmailChannel } from '../libs/notify/channels/email';
import { renderNotification, type StoredNotification } from '../libs/notify/messages';
import { DAY_MS, inParallel, registrationInput, startDirect } from './support/cases';
import { type Distribution, distribution, round } from './support/stats';
import { connectToTopology, startDevTopology } from './support/topologies';

const CASES = Number(process.env.BENCH_NOTIFY_CASES ?? 1000);
/** The dispatcher's batch (libs/notify/dispatcher.ts): the baseline keeps as many mails in flight. */
const IN_FLIGHT = 20;
const OFFICE_MAIL = 'c-xfj@bench.invalid';
const log = (m: string) => console.log(`[bench:notifications ${new Date().toISOString().slice(11, 19)}] ${m}`);
const loads = () => loadavg().map((l) => Math.round(l * 10) / 10);

/** The mailbox: each mail's X-Notification-Key and the instant its DATA was answered 250. */
async function startMailbox() {
  const accepted: { key: string; at: number }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const head = text.slice(0, text.indexOf('\r\n\r\n'));
        const key = /^X-Notification-Key:\s*(.+)$/im.exec(head)?.[1].trim() ?? '';
        accepted.push({ key, at: Date.now() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface NotificationLagResult {
  at: string;
  cores: number;
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
  cases: number;
  registeredPerSecond: number;
  outbox: {
    /** Rung fired → mail accepted by the SMTP server (ms). */
    lag: Distribution;
    /** Rung fired → notification row committed (ms): the projection's share. */
    toOutbox: Distribution;
    /** Notification row committed → mail accepted (ms): the dispatcher's share. */
    outboxToAccepted: Distribution;
    /** Mails accepted per second, first rung fired → last mail accepted. */
    mailsPerSecond: number | null;
    /** Mails accepted per second, first mail accepted → last: the dispatcher's own pace. */
    sendingMailsPerSecond: number | null;
    mails: number;
    missing: number;
    duplicated: number;
  };
  /** The same deliveries due again at one instant: due → accepted, through the outbox's dispatcher. */
  drain: { lag: Distribution; mailsPerSecond: number | null; mails: number };
  /** The same number of mails through nodemailer straight, 20 in flight: start → accepted. */
  baseline: { lag: Distribution; mailsPerSecond: number | null; mails: number };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const loadAverageAtStart = loads();
  const mailbox = await startMailbox();
  // The API process inherits these: its dispatcher mails the bench's server.
  process.env.SMTP_URL = mailbox.url;
  process.env.SMTP_FROM = '信访工作平台 <noreply@bench.invalid>';
  const topology = await startDevTopology({ log });
  const { client, office } = await connectToTopology(topology);
  const db = new Pool({ connectionString: topology.ownerDatabaseUrl, max: 4 });
  try {
    await db.query(
      `INSERT INTO notification_addresses (owner_kind, owner_id, channel, address) VALUES ('unit', 'c-xfj', 'email', $1)
       ON CONFLICT (owner_kind, owner_id, channel) DO UPDATE SET address = EXCLUDED.address`,
      [OFFICE_MAIL],
    );

    log(`stopping the worker; starting ${CASES} cases with receipts 20 days back`);
    await Promise.all(topology.workers.map((w) => w.stop()));
    const ids: string[] = [];
    const receivedAt = Date.now() - 20 * DAY_MS;
    const registering = Date.now();
    await inParallel(CASES, 50, async () => {
      ids.push(await startDirect(client, topology.taskQueue, registrationInput(office, receivedAt)));
    });
    const registeredPerSecond = round(CASES / ((Date.now() - registering) / 1000))!;
    log(`started at ${registeredPerSecond}/s; starting the worker: every breach is due now`);
    await Promise.all(topology.workers.map((w) => w.start()));

    const breachKeys = async (): Promise<Map<string, { firedAt: number; createdAt: number }>> => {
      const { rows } = await db.query(
        `SELECT n.key, extract(epoch FROM n.created_at) * 1000 AS created,
                (SELECT extract(epoch FROM min(e.fired_at)) * 1000 FROM escalations e
                  WHERE e.petition_id = n.petition_id AND e.rung = 'breach' AND e.clock_id = n.data->>'clockId') AS fired
           FROM notifications n
          WHERE n.petition_id = ANY($1::uuid[]) AND n.audience_unit_id = 'c-xfj' AND n.data->>'rung' = 'breach'`,
        [ids],
      );
      return new Map(
        (rows as { key: string; created: string; fired: string }[]).map((r) => [
          `${r.key}:email`,
          { firedAt: Number(r.fired), createdAt: Number(r.created) },
        ]),
      );
    };
    const deadline = Date.now() + 20 * 60_000;
    let keys = await breachKeys();
    for (;;) {
      const arrived = new Set(mailbox.accepted.map((m) => m.key).filter((k) => keys.has(k)));
      if (keys.size >= CASES && arrived.size >= keys.size) break;
      if (Date.now() > deadline) {
        log(`gave up: ${keys.size} breach notifications, ${arrived.size} of their mails`);
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
      keys = await breachKeys();
    }
    await new Promise((r) => setTimeout(r, 3_000)); // a repeat, were there one, arrives by now
    keys = await breachKeys();
    const ours = mailbox.accepted.filter((m) => keys.has(m.key));
    const firstAccepted = new Map<string, number>();
    for (const m of ours) if (!firstAccepted.has(m.key)) firstAccepted.set(m.key, m.at);
    const lag: number[] = [];
    const toOutbox: number[] = [];
    const outboxToAccepted: number[] = [];
    for (const [key, at] of firstAccepted) {
      const n = keys.get(key)!;
      lag.push(Math.round(at - n.firedAt));
      toOutbox.push(Math.round(n.createdAt - n.firedAt));
      outboxToAccepted.push(Math.round(at - n.createdAt));
    }
    const firstFired = Math.min(...[...keys.values()].map((k) => k.firedAt));
    const lastAccepted = Math.max(...firstAccepted.values());
    const outbox: NotificationLagResult['outbox'] = {
      lag: distribution(lag),
      toOutbox: distribution(toOutbox),
      outboxToAccepted: distribution(outboxToAccepted),
      mailsPerSecond: round(firstAccepted.size / ((lastAccepted - firstFired) / 1000)),
      sendingMailsPerSecond: round(firstAccepted.size / ((lastAccepted - Math.min(...firstAccepted.values())) / 1000)),
      mails: ours.length,
      missing: CASES - firstAccepted.size,
      duplicated: ours.length - firstAccepted.size,
    };
    log(`outbox: ${firstAccepted.size} mails, p50 ${outbox.lag.p50} ms, p99 ${outbox.lag.p99} ms`);

    // The dispatcher's own share against nodemailer's: the same deliveries made due again at one
    // instant (a backlog, as after an outage), drained by the running API's dispatcher.
    const dueAt = Date.now() + 3_000;
    const redoFrom = mailbox.accepted.length;
    await db.query(
      `UPDATE notification_deliveries SET state = 'pending', attempts = 0, sent_at = NULL, provider_id = NULL,
              next_attempt_at = to_timestamp($2::double precision / 1000)
        WHERE channel = 'email' AND notification_key = ANY($1)`,
      [[...keys.keys()].map((k) => k.replace(/:email$/, '')), dueAt],
    );
    const redone = () => mailbox.accepted.slice(redoFrom).filter((m) => keys.has(m.key));
    const drainDeadline = Date.now() + 10 * 60_000;
    while (new Set(redone().map((m) => m.key)).size < keys.size && Date.now() < drainDeadline)
      await new Promise((r) => setTimeout(r, 250));
    const drainLag = redone().map((m) => m.at - dueAt);
    const drain: NotificationLagResult['drain'] = {
      lag: distribution(drainLag),
      mailsPerSecond: round(drainLag.length / (Math.max(...drainLag) / 1000)),
      mails: drainLag.length,
    };
    log(`drain: ${drain.mails} mails, p50 ${drain.lag.p50} ms, p99 ${drain.lag.p99} ms`);

    // Baseline: the same mails, straight through nodemailer, from one instant.
    const sample = (
      await db.query(`SELECT petition_id, kind, urgent, data FROM notifications WHERE key = $1`, [
        [...keys.keys()][0].replace(/:email$/, ''),
      ])
    ).rows[0] as {
      petition_id: string;
      kind: StoredNotification['kind'];
      urgent: boolean;
      data: StoredNotification['data'];
    };
    const channel = new EmailChannel({ url: mailbox.url, from: '信访工作平台 <noreply@bench.invalid>' });
    const baselineKey = (i: number) => `baseline:${i}:email`;
    const t0 = Date.now();
    await inParallel(CASES, IN_FLIGHT, async (i) => {
      const message = renderNotification({
        key: baselineKey(i),
        petitionId: sample.petition_id,
        kind: sample.kind,
        urgent: sample.urgent,
        data: sample.data,
      });
      await channel.send(message, OFFICE_MAIL);
    });
    channel.close();
    const baselineMails = mailbox.accepted.filter((m) => m.key.startsWith('baseline:'));
    const baselineLag = baselineMails.map((m) => m.at - t0);
    const baseline = {
      lag: distribution(baselineLag),
      mailsPerSecond: round(baselineMails.length / (Math.max(...baselineLag) / 1000)),
      mails: baselineMails.length,
    };

    const result: NotificationLagResult = {
      at: new Date().toISOString(),
      cores: cpus().length,
      loadAverageAtStart,
      loadAverageAtEnd: loads(),
      cases: CASES,
      registeredPerSecond,
      outbox,
      drain,
      baseline,
    };
    const ms = (d: Distribution) => ({ p50: d.p50, p99: d.p99, max: d.max });
    console.table([
      { path: 'rung fired → mail accepted (outbox)', ...ms(outbox.lag), 'mails/s': outbox.mailsPerSecond },
      { path: '  rung fired → outbox row', ...ms(outbox.toOutbox) },
      { path: '  outbox row → mail accepted', ...ms(outbox.outboxToAccepted), 'mails/s': outbox.sendingMailsPerSecond },
      { path: 'backlog due at once → accepted (outbox)', ...ms(drain.lag), 'mails/s': drain.mailsPerSecond },
      { path: 'nodemailer straight (baseline)', ...ms(baseline.lag), 'mails/s': baseline.mailsPerSecond },
    ]);
    console.log(
      `mails ${outbox.mails}, missing ${outbox.missing}, duplicated ${outbox.duplicated}; load ${loadAverageAtStart.join(' ')} → ${result.loadAverageAtEnd.join(' ')}`,
    );
    const dir = join(PROJECT_ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `notification-lag-${result.at.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(result, null, 2));
    log(`written: ${file}`);
  } finally {
    await db.end();
    await client.connection.close();
    await topology.stop();
    await mailbox.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
