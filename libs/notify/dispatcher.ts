/**
 * Sends the outbox's pending deliveries through their channels (issue 19).
 *
 * Design: every API process runs one dispatcher that polls notification_deliveries. A round claims
 * a batch of due rows with FOR UPDATE SKIP LOCKED and leases them (next_attempt_at moves forward by
 * the lease) in one short transaction, then sends outside any transaction and records each
 * outcome. Replicas never claim the same row; a process that dies mid-send leaves the lease to run
 * out and the row is sent again with the same key (Message-ID), the one repeat a receiver drops.
 * A channel's failure only reschedules its own row (backoff doubling up to an hour), so neither a
 * workflow nor another channel waits for it; a refusal (ChannelRefused) or too many attempts
 * fail the row for good. The address is read at send time, so an office's new mailbox applies to
 * what is still pending.
 */
import type { DataSource } from 'typeorm';
import { ChannelRefused, type ChannelName, type NotificationChannel } from './channel';
import { renderNotification, type StoredNotification } from './messages';

export type DeliveryOutcome = 'sent' | 'retrying' | 'failed';

export interface DispatcherOptions {
  /** Rows claimed per round. */
  batchSize?: number;
  /** How long a claimed row is held before another round may take it again (a crash mid-send). */
  leaseMs?: number;
  /** The first retry's delay; each later one doubles, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Attempts before a delivery is failed for good. */
  maxAttempts?: number;
  /** Called once per attempt's outcome (the API counts them for /metrics). */
  onOutcome?: (channel: ChannelName, outcome: DeliveryOutcome) => void;
}

interface ClaimedRow {
  notification_key: string;
  channel: ChannelName;
  attempts: number;
  address: string | null;
  petition_id: string | null;
  kind: StoredNotification['kind'];
  urgent: boolean;
  data: StoredNotification['data'];
}

/** The delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffDelay(attempts: number, backoffMs: number, maxBackoffMs: number): number {
  return Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, attempts - 1));
}

export class NotificationDispatcher {
  private readonly channels: Map<ChannelName, NotificationChannel>;
  private readonly o: Required<Omit<DispatcherOptions, 'onOutcome'>> & Pick<DispatcherOptions, 'onOutcome'>;

  constructor(
    private readonly dataSource: DataSource,
    channels: NotificationChannel[],
    options: DispatcherOptions = {},
  ) {
    this.channels = new Map(channels.map((c) => [c.name, c]));
    this.o = {
      batchSize: 20,
      leaseMs: 5 * 60_000,
      backoffMs: 30_000,
      maxBackoffMs: 60 * 60_000,
      maxAttempts: 12,
      ...options,
    };
  }

  /** The channels this dispatcher sends on; rows of others stay pending for a process that has them. */
  get channelNames(): ChannelName[] {
    return [...this.channels.keys()];
  }

  /** One round: claims due rows, sends them, records each outcome. Returns how many were attempted. */
  async runOnce(): Promise<number> {
    if (this.channels.size === 0) return 0;
    // Quiet hours first: a non-urgent delivery to an office in its quiet window waits for the
    // window's end, without an attempt counted. Breaches, 督办 and urgent cases go at once.
    await this.dataSource.query(
      `WITH local AS (SELECT (now() AT TIME ZONE 'Asia/Shanghai') AS t)
       UPDATE notification_deliveries d
          SET next_attempt_at = ((local.t::date + q.ends_at)
                + CASE WHEN local.t::time >= q.ends_at THEN interval '1 day' ELSE interval '0' END) AT TIME ZONE 'Asia/Shanghai'
         FROM local, notifications n JOIN notification_quiet_hours q ON q.unit_id = n.audience_unit_id
        WHERE d.notification_key = n.key AND NOT n.urgent
          AND d.state IN ('pending', 'retrying') AND d.next_attempt_at <= now() AND d.channel = ANY($1::text[])
          AND CASE WHEN q.starts_at < q.ends_at THEN local.t::time >= q.starts_at AND local.t::time < q.ends_at
                   ELSE local.t::time >= q.starts_at OR local.t::time < q.ends_at END`,
      [this.channelNames],
    );
    const claimed: ClaimedRow[] = await this.dataSource.query(
      `WITH due AS (
         SELECT d.notification_key, d.channel FROM notification_deliveries d
          WHERE d.state IN ('pending', 'retrying') AND d.next_attempt_at <= now() AND d.channel = ANY($1::text[])
          ORDER BY d.next_attempt_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED
       ), leased AS (
         UPDATE notification_deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + ($3::int * interval '1 millisecond')
           FROM due WHERE d.notification_key = due.notification_key AND d.channel = due.channel
         RETURNING d.notification_key, d.channel, d.attempts
       )
       SELECT l.notification_key, l.channel, l.attempts, n.petition_id, n.kind, n.urgent, n.data,
              coalesce(
                (SELECT a.address FROM notification_addresses a
                  WHERE a.channel = l.channel
                    AND ((a.owner_kind = 'unit' AND a.owner_id = n.audience_unit_id) OR (a.owner_kind = 'user' AND a.owner_id = n.audience_user_id))),
                -- a petitioner's: what they gave at registration (gone once the registration is pseudonymised)
                (SELECT CASE l.channel WHEN 'email' THEN pi.milestone_email WHEN 'sms' THEN pi.milestone_phone END
                   FROM petition_intakes pi WHERE n.audience_petitioner AND pi.petition_id = n.petition_id)) AS address
         FROM leased l JOIN notifications n ON n.key = l.notification_key`,
      [this.channelNames, this.o.batchSize, this.o.leaseMs],
    );
    await Promise.all(claimed.map((row) => this.deliver(row)));
    return claimed.length;
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const channel = this.channels.get(row.channel)!;
    let outcome: DeliveryOutcome;
    try {
      if (!row.address) throw new ChannelRefused(row.channel, 'no address for the audience on this channel');
      const message = renderNotification({
        key: deliveryMessageKey(row.notification_key, row.channel),
        petitionId: row.petition_id,
        kind: row.kind,
        urgent: row.urgent,
        data: row.data,
      });
      const receipt = await channel.send(message, row.address);
      await this.record(row, 'sent', null, receipt.providerId ?? null);
      outcome = 'sent';
    } catch (error) {
      const refused = error instanceof ChannelRefused;
      outcome = refused || row.attempts >= this.o.maxAttempts ? 'failed' : 'retrying';
      await this.record(row, outcome, describe(error), null);
    }
    this.o.onOutcome?.(row.channel, outcome);
  }

  private async record(row: ClaimedRow, state: DeliveryOutcome, error: string | null, providerId: string | null) {
    const delay = backoffDelay(row.attempts, this.o.backoffMs, this.o.maxBackoffMs);
    await this.dataSource.query(
      `UPDATE notification_deliveries SET state = $3, last_error = $4, provider_id = coalesce($5, provider_id),
              sent_at = CASE WHEN $3 = 'sent' THEN now() ELSE sent_at END,
              next_attempt_at = now() + ($6::int * interval '1 millisecond')
        WHERE notification_key = $1 AND channel = $2 AND state IN ('pending', 'retrying')`,
      [row.notification_key, row.channel, state, error, providerId, delay],
    );
  }

  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  /**
   * Polls every `intervalMs` until stop(); a round that throws (the database down) is tried again
   * next time. A round that filled its batch is followed at once: in a burst (a thousand breaches
   * due together) more are waiting, and a pause between full batches would be most of their lag.
   */
  start(intervalMs: number, onError: (error: unknown) => void): void {
    if (this.channels.size === 0 || this.timer) return;
    const tick = () => {
      this.running = this.runOnce()
        .catch((error) => {
          onError(error);
          return 0;
        })
        .then((attempted) => {
          this.running = null;
          if (this.timer) this.timer = setTimeout(tick, attempted >= this.o.batchSize ? 0 : intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}

/** The id a receiver deduplicates by: the notification's key and the channel carrying it. */
export function deliveryMessageKey(notificationKey: string, channel: ChannelName): string {
  return `${notificationKey}:${channel}`;
}

/** An error in one line, without the message's content (the address may be personal: kept out). */
function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; code?: string };
  return `${e.name ?? 'Error'}${e.code ? ` ${e.code}` : ''}: ${e.message ?? String(error)}`.slice(0, 500);
}
