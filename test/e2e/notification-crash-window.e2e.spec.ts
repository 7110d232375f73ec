/**
 * Issue 19's crash window: the API process sending a mail dies after the SMTP server accepted it
 * and before the outbox recorded it sent. The crash is real: the dispatcher runs where production
 * runs it, in an API process (apps/api/src/main.ts, a child of this test), and that process is
 * frozen (SIGSTOP) just before the server writes its 250 to the DATA and SIGKILLed just after
 * (test/support/smtp-inbox.ts's hooks): the server accepted the mail, the process never ran again.
 * The test's own in-process service has no SMTP channel: it only registers the cases (乙县, y, whose
 * lists no test counts exactly; 丁县 is the work-queue test's) and runs their workflows, so every
 * mail goes through the child.
 *
 * Case A's breach mail is sent and recorded before the crash; B's is accepted and the sender
 * killed; C's is written while no dispatcher runs. A second API process (the restart) sends B
 * again once the dead process's lease ran out, with the same Message-ID, sends C once, and A
 * not again: the one repeat a receiver drops, and nothing else.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { SECRET_ENV } from '../../libs/config/config';
import { freePort } from '../../libs/infra/local-servers';
import { messageIdOf } from '../../libs/notify/channels/email';
import { deliveryMessageKey } from '../../libs/notify/dispatcher';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { type SmtpInbox, startSmtpInbox } from '../support/smtp-inbox';

const ROOT = join(__dirname, '..', '..');
const DAY = 86_400_000;
/** The dead process's claim is free again after this (NOTIFICATION_LEASE_SECONDS of both API processes). */
const LEASE_SECONDS = 20;
const OFFICE_MAIL = `c-xfj-crash-${randomUUID().slice(0, 8)}@example.test`;

interface ApiProcess {
  child: ChildProcess;
  exited: Promise<NodeJS.Signals | number | null>;
  output: () => string;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('notifications: an API process killed between the SMTP acceptance and its record', () => {
  let inbox: SmtpInbox;
  const processes: ApiProcess[] = [];
  /** Set once A is recorded: the next mail to the office (B's) kills the sending process. */
  let killOnAccept: ApiProcess | null = null;
  let frozen: ApiProcess | null = null;
  let killedAfter: string | null = null;

  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited));
    await service.dataSource?.query(
      `DELETE FROM notification_addresses WHERE owner_kind = 'unit' AND owner_id = 'c-xfj' AND address = $1`,
      [OFFICE_MAIL],
    );
    await inbox?.close();
  });
  const service = useRunningService({
    configure: async (config) => {
      inbox = await startSmtpInbox(0, undefined, {
        // Frozen before the 250 is written, killed after: on a loaded machine a sender left running
        // for the moment between the two can read the 250 and record it sent first.
        onAccepting: (mail, rcptTo) => {
          if (!killOnAccept || !rcptTo.includes(OFFICE_MAIL)) return;
          killOnAccept.child.kill('SIGSTOP');
          frozen = killOnAccept;
          killOnAccept = null;
          killedAfter = mail.messageId ?? '';
        },
        onAccepted: () => {
          frozen?.child.kill('SIGKILL');
          frozen = null;
        },
      });
      return { ...config, smtp: null };
    },
  });

  async function startApi(): Promise<ApiProcess> {
    const child = spawn(
      process.execPath,
      ['-r', join(ROOT, 'test/support/register-ts.js'), join(ROOT, 'apps/api/src/main.ts')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          SMTP_URL: inbox.url,
          SMTP_FROM: '信访工作平台 <noreply@example.test>',
          NOTIFICATION_LEASE_SECONDS: String(LEASE_SECONDS),
          TEMPORAL_TASK_QUEUE: service.config.taskQueue,
          API_PORT: String(await freePort()),
          API_HOST: '127.0.0.1',
          WORKER_METRICS_PORT: '0',
          LOG_LEVEL: 'info',
          TOKEN_SIGNING_KEY: process.env.TOKEN_SIGNING_KEY ?? SECRET_ENV.TOKEN_SIGNING_KEY,
          QUERY_CODE_SECRET: process.env.QUERY_CODE_SECRET ?? SECRET_ENV.QUERY_CODE_SECRET,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? code)),
    );
    const api: ApiProcess = { child, exited, output: () => output };
    processes.push(api);
    await until(
      'the API process to listen',
      async () => {
        if (child.exitCode !== null) throw new Error(`the API process exited:\n${output}`);
        return /listening on/.test(output) ? true : undefined;
      },
      180_000,
    );
    return api;
  }

  /** A case of 乙县 received 40 days ago: its routing clock is past due at once (a breach to the city office). */
  async function register(label: string): Promise<string> {
    const response = await request(service.app.getHttpServer())
      .post('/petitions')
      .set('Authorization', staffBearer('y-registrar'))
      .set('Idempotency-Key', `crash-window-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'letter',
        petitionerName: '钱晓雨',
        summary: `路灯长期不亮 ${label}`,
        receivedAt: new Date(Date.now() - 40 * DAY).toISOString(),
        lateRegistrationReason: '信件积压，补登记',
      });
    expect(response.status).toBe(201);
    return response.body.petitionId as string;
  }

  type Delivery = { key: string; state: string; attempts: number };
  async function mailDeliveries(petitionId: string): Promise<Delivery[]> {
    return service.dataSource.query(
      `SELECT d.notification_key AS key, d.state, d.attempts FROM notification_deliveries d
         JOIN notifications n ON n.key = d.notification_key
        WHERE n.petition_id = $1 AND n.audience_unit_id = 'c-xfj' AND d.channel = 'email'
        ORDER BY d.notification_key`,
      [petitionId],
    );
  }
  const breachDelivery = (petitionId: string) =>
    until(
      `the breach mail's delivery of ${petitionId}`,
      async () => {
        const rows = await mailDeliveries(petitionId);
        return rows.length > 0 ? rows : undefined;
      },
      120_000,
    );
  const allSent = (petitionId: string) =>
    until(
      `every mail of ${petitionId} recorded sent`,
      async () => {
        const rows = await mailDeliveries(petitionId);
        return rows.length > 0 && rows.every((r) => r.state === 'sent') ? rows : undefined;
      },
      180_000,
    );
  const messageIdsOf = (rows: Delivery[]) => rows.map((r) => messageIdOf(deliveryMessageKey(r.key, 'email')));
  const toOffice = () => inbox.mails.filter((_, i) => inbox.envelopes[i].includes(OFFICE_MAIL));

  it('sends the accepted mail once more with the same Message-ID after the lease, and nothing else twice', async () => {
    await service.dataSource.query(
      `INSERT INTO notification_addresses (owner_kind, owner_id, channel, address) VALUES ('unit', 'c-xfj', 'email', $1)
       ON CONFLICT (owner_kind, owner_id, channel) DO UPDATE SET address = EXCLUDED.address`,
      [OFFICE_MAIL],
    );
    const first = await startApi();

    // A: sent and recorded before anything goes wrong.
    const a = await register('A');
    const aRows = await allSent(a);
    expect(aRows.map((r) => r.attempts)).toEqual(aRows.map(() => 1));

    // B: the server accepts it, and the process that sent it is killed before it can record that.
    killOnAccept = first;
    const b = await register('B');
    expect(await first.exited).toBe('SIGKILL');
    const bRows = await breachDelivery(b);
    expect(bRows).toHaveLength(1);
    const bMessageId = messageIdsOf(bRows)[0];
    expect(killedAfter).toBe(bMessageId);
    // The crash fell in the window: accepted by the server, not recorded by the outbox (claimed once).
    expect(bRows[0]).toMatchObject({ state: 'pending', attempts: 1 });
    expect(toOffice().filter((m) => m.messageId === bMessageId)).toHaveLength(1);

    // C: written while no process sends.
    const c = await register('C');
    const cRows = await breachDelivery(c);
    expect(cRows.every((r) => r.state === 'pending' && r.attempts === 0)).toBe(true);

    // The restart: a new API process picks B up again once the dead one's lease ran out.
    const restarted = Date.now();
    await startApi();
    const bAfter = await allSent(b);
    const cAfter = await allSent(c);
    await new Promise((r) => setTimeout(r, 5_000)); // a further repeat, were there one, would have arrived
    expect(bAfter).toEqual([{ key: bRows[0].key, state: 'sent', attempts: 2 }]);
    expect(cAfter.map((r) => r.attempts)).toEqual(cAfter.map(() => 1));
    expect(await mailDeliveries(a)).toEqual(aRows); // A untouched by the restart

    const ids = toOffice()
      .map((m) => m.messageId ?? '')
      .filter((id) => [a, b, c].some((p) => id.startsWith(`<${p}`)));
    const expected = [...messageIdsOf(aRows), bMessageId, bMessageId, ...messageIdsOf(cAfter)].sort();
    expect(ids.sort()).toEqual(expected);
    // The repeat is the same message: same Message-ID and notification key header, sent after the restart.
    const copies = toOffice()
      .map((m, i) => ({ m, at: inbox.acceptedAt[inbox.mails.indexOf(m)], i }))
      .filter(({ m }) => m.messageId === bMessageId);
    expect(copies).toHaveLength(2);
    expect(copies.map(({ m }) => m.headers.get('x-notification-key'))).toEqual([
      deliveryMessageKey(bRows[0].key, 'email'),
      deliveryMessageKey(bRows[0].key, 'email'),
    ]);
    expect(copies[1].at).toBeGreaterThanOrEqual(restarted);
    expect(copies[0].m.subject).toBe(copies[1].m.subject);
  }, 900_000);
});
