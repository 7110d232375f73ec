/**
 * Notifications by mail (SMTP, nodemailer). The notification's key goes out as the Message-ID (and
 * X-Notification-Key), so a mail sent again after a crash between the server's acceptance and the
 * outbox's record of it is the same message to a receiver that deduplicates.
 */
import { createTransport, type Transporter } from 'nodemailer';
import { ChannelRefused, type ChannelReceipt, type NotificationChannel, type OutgoingMessage } from '../channel';

export interface EmailChannelOptions {
  /** smtp://user:password@host:port or smtps://… (SMTP_URL). */
  url: string;
  /** The From header (SMTP_FROM). */
  from: string;
  /** The console's base URL, so a mail's link can be followed (absent: the link is left out). */
  consoleBaseUrl?: string;
  /** Overrides of SEND_TIMEOUTS_MS (tests). */
  timeoutsMs?: Partial<typeof SEND_TIMEOUTS_MS>;
}

/**
 * A send must end well inside the dispatcher's lease (NOTIFICATION_LEASE_SECONDS, 5 minutes): one
 * still waiting when its lease runs out is claimed and made again by another round, a second repeat.
 * nodemailer's own defaults (2 minutes to connect, 10 minutes of a silent socket) are longer.
 */
export const SEND_TIMEOUTS_MS = { connection: 30_000, greeting: 30_000, socket: 60_000 };

/** The key as a Message-ID: its id-left keeps only dot-atom characters; the rest is =XX-escaped. */
export function messageIdOf(key: string, domain = 'petitions.invalid'): string {
  const left = key.replace(/[^A-Za-z0-9-]/g, (c) => `=${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `<${left}@${domain}>`;
}

export class EmailChannel implements NotificationChannel {
  readonly name = 'email' as const;
  private readonly transport: Transporter;

  constructor(private readonly options: EmailChannelOptions) {
    const timeouts = { ...SEND_TIMEOUTS_MS, ...options.timeoutsMs };
    this.transport = createTransport({
      url: options.url,
      connectionTimeout: timeouts.connection,
      greetingTimeout: timeouts.greeting,
      socketTimeout: timeouts.socket,
    });
  }

  async send(message: OutgoingMessage, address: string): Promise<ChannelReceipt> {
    const link =
      message.link && this.options.consoleBaseUrl
        ? new URL(message.link, this.options.consoleBaseUrl).toString()
        : null;
    const text = [...message.lines, ...(link ? ['', `${message.linkLabel ?? '办理入口'}：${link}`] : [])].join('\n');
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: address,
        subject: message.urgent ? `【紧急】${message.title}` : message.title,
        text,
        messageId: messageIdOf(message.key),
        headers: { 'X-Notification-Key': message.key, ...(message.urgent ? { Importance: 'high' } : {}) },
      });
      return { providerId: typeof info.response === 'string' ? info.response.slice(0, 200) : undefined };
    } catch (error) {
      // 5xx: the server refused this message or recipient for good; anything else may pass on retry.
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500 && code < 600)
        throw new ChannelRefused('email', `SMTP ${code}: ${(error as Error).message}`);
      throw error;
    }
  }

  close(): void {
    this.transport.close();
  }
}
