/**
 * A channel that carries a notification out of the service: SMTP mail, an office's group robot
 * (企业微信 / 钉钉 webhook), SMS. The outbox decides who hears of what and when; a channel only
 * delivers one message to one address and says whether it was accepted.
 *
 * Exactly once is the outbox's promise, at least once is the channel's: a send may be retried
 * after a crash between the receiver's acceptance and the outbox's record of it, so every message
 * carries the notification's deterministic key (as `Message-ID`, an idempotency header, the SMS
 * provider's out-id) for the receiver to drop that one repeat.
 */

/** `webhook`: our own signed webhook, for an office's gateway (libs/notify/channels/webhook.ts). */
export type ChannelName = 'email' | 'wecom' | 'dingtalk' | 'webhook' | 'sms';

export interface OutgoingMessage {
  /** The notification's deterministic key: the same event to the same recipient always has it. */
  key: string;
  /** Breaches, 督办 and urgent cases: sent at once, quiet hours aside. */
  urgent: boolean;
  /** zh-CN, one line: the subject of a mail, the title of a robot's markdown card. */
  title: string;
  /** zh-CN lines of the body (case number, what happened, the due date). */
  lines: string[];
  /** Where in the console to act on it, when a staff member receives it. */
  link?: string;
  /** What the link is called in a mail (default 办理入口, the staff's; a petitioner's is the public page). */
  linkLabel?: string;
  /**
   * For an SMS provider that only sends approved templates (Aliyun): the template's variables, and
   * the template when it is not the deployment's SMS_TEMPLATE_CODE. The SMS channel sends exactly
   * these variables; without them it fills `title` and `content` (the lines) of the default template.
   */
  template?: { code?: string; params: Record<string, string> };
}

export interface ChannelReceipt {
  /** The receiver's own id for the message, when it gives one (SMTP queue id, provider's biz id). */
  providerId?: string;
}

export interface NotificationChannel {
  readonly name: ChannelName;
  /**
   * Delivers one message to one address (a mailbox, a robot's URL, a phone number). Resolves when
   * the receiver accepted it; throws ChannelRefused when retrying cannot help (a bad address, a
   * signature the robot refuses), any other error when a retry may succeed.
   */
  send(message: OutgoingMessage, address: string): Promise<ChannelReceipt>;
}

/** The receiver refused the message for good: retrying the same message cannot succeed. */
export class ChannelRefused extends Error {
  constructor(
    readonly channel: ChannelName,
    readonly reason: string,
  ) {
    super(`${channel} refused the message: ${reason}`);
    this.name = 'ChannelRefused';
  }
}
