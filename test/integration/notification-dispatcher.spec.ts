/**
 * The outbox's dispatcher on real PostgreSQL (issue 19): each delivery is retried with backoff until
 * its channel accepts it, a refusal fails it for good, one channel's failure holds up no other, and
 * two dispatchers (two API replicas) never send the same delivery twice; a burst is drained in
 * back-to-back rounds.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  ChannelRefused,
  type ChannelName,
  type NotificationChannel,
  type OutgoingMessage,
} from '../../libs/notify/channel';
import { NotificationDispatcher, type DeliveryOutcome } from '../../libs/notify/dispatcher';
import { openDataSource } from '../support/harness';

/** The test unit's addresses end so (set in beforeAll). */
let ownAddressSuffix = '\u0000';

/**
 * A channel that answers as told, per call, and keeps what it was given. A dispatcher claims every
 * due delivery of the database, and other suites leave some waiting (an SMS channel no process
 * has): those are answered with a retryable failure that uses up no scripted answer.
 */
class ScriptedChannel implements NotificationChannel {
  readonly sent: { message: OutgoingMessage; address: string }[] = [];
  constructor(
    readonly name: ChannelName,
    private readonly answers: ('accept' | 'fail' | 'refuse')[],
    private readonly delayMs = 0,
  ) {}
  async send(message: OutgoingMessage, address: string) {
    if (!address.endsWith(ownAddressSuffix)) throw new Error("another suite's delivery: left for its own dispatcher");
    await new Promise((r) => setTimeout(r, this.delayMs));
    const answer = this.answers.shift() ?? 'accept';
    if (answer === 'fail') throw new Error('connection reset');
    if (answer === 'refuse') throw new ChannelRefused(this.name, 'no such recipient');
    this.sent.push({ message, address });
    return { providerId: `id-${this.sent.length}` };
  }
}

describe('the notification dispatcher', () => {
  let dataSource: DataSource;
  const unit = `t-unit-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    ownAddressSuffix = `-address-of-${unit}`;
    dataSource = await openDataSource();
    await dataSource.query(
      `INSERT INTO units (id, name, kind, level, parent_id, region_path) VALUES ($1, '测试单位', 'functionalDepartment', 'county', 'x-xfj', 'p.c.x')`,
      [unit],
    );
    for (const channel of ['email', 'wecom', 'sms'])
      await dataSource.query(
        `INSERT INTO notification_addresses (owner_kind, owner_id, channel, address) VALUES ('unit', $1, $2, $3)`,
        [unit, channel, `${channel}-address-of-${unit}`],
      );
  });
  afterAll(async () => {
    // the unit and all of its notifications go: other tests list the units of the tree
    const mine = `SELECT key FROM notifications WHERE audience_unit_id = $1`;
    await dataSource?.query(`DELETE FROM notification_deliveries WHERE notification_key IN (${mine})`, [unit]);
    await dataSource?.query(`DELETE FROM notifications WHERE audience_unit_id = $1`, [unit]);
    await dataSource?.query(`DELETE FROM notification_addresses WHERE owner_id = $1`, [unit]);
    await dataSource?.query(`DELETE FROM units WHERE id = $1`, [unit]);
    await dataSource?.destroy();
  });

  /** A notification to the test unit with a delivery on each channel named. */
  async function notification(channels: ChannelName[], urgent = true): Promise<string> {
    const key = `test:${randomUUID()}:unit:${unit}`;
    await dataSource.query(
      `INSERT INTO notifications (key, kind, audience_unit_id, audience_roles, urgent, data)
       VALUES ($1, 'escalation', $2, '{supervisor}', $4, $3)`,
      [
        key,
        unit,
        {
          caseNumber: '示县信〔2030〕第00007号',
          clockId: 'handling',
          rung: 'breach',
          lastDay: '2030-05-06',
          at: Date.now(),
        },
        urgent,
      ],
    );
    for (const channel of channels)
      await dataSource.query(`INSERT INTO notification_deliveries (notification_key, channel) VALUES ($1, $2)`, [
        key,
        channel,
      ]);
    return key;
  }

  const deliveries = (key: string) =>
    dataSource.query(
      `SELECT channel, state, attempts, last_error IS NOT NULL AS has_error,
              next_attempt_at > now() + interval '50 seconds' AS backed_off
         FROM notification_deliveries WHERE notification_key = $1 ORDER BY channel`,
      [key],
    ) as Promise<{ channel: string; state: string; attempts: number; has_error: boolean; backed_off: boolean }[]>;

  it('a failing channel is retried after its backoff, a refusing one fails for good, and neither holds up the third', async () => {
    const email = new ScriptedChannel('email', ['fail', 'accept']);
    const wecom = new ScriptedChannel('wecom', ['accept']);
    const sms = new ScriptedChannel('sms', ['refuse']);
    const outcomes: string[] = [];
    const dispatcher = new NotificationDispatcher(dataSource, [email, wecom, sms], {
      backoffMs: 60_000,
      batchSize: 1000,
      onOutcome: (channel: ChannelName, outcome: DeliveryOutcome) => outcomes.push(`${channel}:${outcome}`),
    });
    const key = await notification(['email', 'wecom', 'sms']);
    await dispatcher.runOnce();
    expect(await deliveries(key)).toEqual([
      { channel: 'email', state: 'retrying', attempts: 1, has_error: true, backed_off: true },
      { channel: 'sms', state: 'failed', attempts: 1, has_error: true, backed_off: true },
      { channel: 'wecom', state: 'sent', attempts: 1, has_error: false, backed_off: true },
    ]);
    const mine = (c: ScriptedChannel) => c.sent.filter((s) => s.message.key.startsWith(key));
    expect(mine(wecom)).toHaveLength(1);
    expect(mine(wecom)[0].address).toBe(`wecom-address-of-${unit}`);
    // the robot gets the same text the mail would: built in one place
    expect(mine(wecom)[0].message).toMatchObject({
      key: `${key}:wecom`,
      urgent: true,
      title: '超期督办：示县信〔2030〕第00007号（办理期限）',
    });
    expect(mine(wecom)[0].message.lines).toContain('期限：2030年5月6日24时（北京时间）');

    // not before its backoff: a second round leaves it alone
    await dispatcher.runOnce();
    expect(mine(email)).toHaveLength(0);
    await dataSource.query(`UPDATE notification_deliveries SET next_attempt_at = now() WHERE notification_key = $1`, [
      key,
    ]);
    await dispatcher.runOnce();
    expect(mine(email)).toHaveLength(1);
    expect((await deliveries(key)).map((d) => `${d.channel}:${d.state}:${d.attempts}`)).toEqual([
      'email:sent:2',
      'sms:failed:1',
      'wecom:sent:1',
    ]);
    expect(mine(sms)).toHaveLength(0);
    expect(outcomes.filter((o) => o.startsWith('email'))).toContain('email:retrying');
  });

  it('two dispatchers polling at once send each delivery once', async () => {
    const keys = await Promise.all(Array.from({ length: 6 }, () => notification(['email'])));
    const a = new ScriptedChannel('email', [], 50);
    const b = new ScriptedChannel('email', [], 50);
    const first = new NotificationDispatcher(dataSource, [a], { batchSize: 3 });
    const second = new NotificationDispatcher(dataSource, [b], { batchSize: 3 });
    for (let round = 0; round < 4; round++) await Promise.all([first.runOnce(), second.runOnce()]);
    const sentKeys = [...a.sent, ...b.sent]
      .map((s) => s.message.key)
      .filter((k) => keys.some((key) => k.startsWith(key)));
    expect(sentKeys.sort()).toEqual(keys.map((k) => `${k}:email`).sort());
    for (const key of keys) expect((await deliveries(key))[0]).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it("in an office's quiet hours its non-urgent messages wait for the window's end; urgent ones go at once", async () => {
    // a window around now, Beijing time, two hours long
    await dataSource.query(
      `INSERT INTO notification_quiet_hours (unit_id, starts_at, ends_at)
       VALUES ($1, ((now() AT TIME ZONE 'Asia/Shanghai') - interval '1 hour')::time, ((now() AT TIME ZONE 'Asia/Shanghai') + interval '1 hour')::time)`,
      [unit],
    );
    try {
      const quiet = await notification(['wecom'], false);
      const urgent = await notification(['wecom'], true);
      const robot = new ScriptedChannel('wecom', []);
      await new NotificationDispatcher(dataSource, [robot]).runOnce();
      const sent = robot.sent.map((s) => s.message.key);
      expect(sent).toContain(`${urgent}:wecom`);
      expect(sent).not.toContain(`${quiet}:wecom`);
      const [waiting]: { state: string; attempts: number; minutes: number }[] = await dataSource.query(
        `SELECT state, attempts, round(extract(epoch FROM next_attempt_at - now()) / 60)::int AS minutes
           FROM notification_deliveries WHERE notification_key = $1`,
        [quiet],
      );
      expect(waiting.state).toBe('pending');
      expect(waiting.attempts).toBe(0);
      expect(waiting.minutes).toBeGreaterThanOrEqual(58);
      expect(waiting.minutes).toBeLessThanOrEqual(60);
    } finally {
      await dataSource.query(`DELETE FROM notification_quiet_hours WHERE unit_id = $1`, [unit]);
    }
  });
  it('a burst goes out in back-to-back rounds: a full batch is followed at once, not a poll later', async () => {
    const keys = await Promise.all(Array.from({ length: 10 }, () => notification(['sms'])));
    const sentAt = new Map<string, number>();
    const phone = new ScriptedChannel('sms', []);
    const timed: NotificationChannel = {
      name: 'sms',
      send: async (message, address) => {
        const receipt = await phone.send(message, address);
        sentAt.set(message.key, Date.now());
        return receipt;
      },
    };
    const intervalMs = 5_000;
    const dispatcher = new NotificationDispatcher(dataSource, [timed], { batchSize: 3 });
    const errors: unknown[] = [];
    dispatcher.start(intervalMs, (error) => errors.push(error));
    try {
      const mine = () => keys.map((k) => sentAt.get(`${k}:sms`)).filter((t): t is number => t !== undefined);
      const deadline = Date.now() + 60_000;
      while (mine().length < keys.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const times = mine();
      expect(times).toHaveLength(keys.length);
      // Four rounds of at most three: polled every 5 s they would span 15 s; drained, all fall in one poll's time.
      expect(Math.max(...times) - Math.min(...times)).toBeLessThan(intervalMs);
      expect(errors).toEqual([]);
    } finally {
      await dispatcher.stop();
    }
    for (const key of keys) expect((await deliveries(key))[0]).toMatchObject({ state: 'sent', attempts: 1 });
  });
});
