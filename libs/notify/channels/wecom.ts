/**
 * 企业微信 group robot (群机器人): POST JSON to the robot's URL
 * (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`, the key is the robot's only secret),
 * `{"msgtype":"markdown","markdown":{"content":…}}` or `{"msgtype":"text","text":{"content":…}}`;
 * the answer is `{"errcode":0,"errmsg":"ok"}` on acceptance. The address is the robot's URL.
 *
 * Codes read as "later": -1 (系统繁忙, the documented "retry"), 45009 (接口调用超过限制: a robot
 * takes 20 messages a minute), 45033 (接口并发调用超过限制). Every other code is refused for good:
 * 93000 (invalid webhook url: a wrong or deleted key), 93004 (机器人被停用), 93008 (不在群里),
 * 40008 (不合法的msgtype), 44004 (内容为空), 45002 (消息过长)… the same message would fail again.
 * The robot has no idempotency of its own; the `Idempotency-Key` header costs nothing and lets a
 * gateway in front of it drop a repeat.
 */
import type { ChannelReceipt, NotificationChannel, OutgoingMessage } from '../channel';
import { DEFAULT_TIMEOUT_MS, type RetryableCode, checkRobotAnswer, post } from './http';
import { renderMarkdown, renderText } from './render';

export const WECOM_RETRYABLE_ERRCODES: Readonly<Record<number, RetryableCode>> = {
  [-1]: { reason: '系统繁忙' },
  // 20 messages a minute per robot: the next minute opens it again.
  45009: { reason: '接口调用超过限制', retryAfterMs: 60_000 },
  45033: { reason: '接口并发调用超过限制' },
};

/** The robot's documented caps on content, in UTF-8 bytes. */
export const WECOM_MAX_BYTES = { markdown: 4096, text: 2048 } as const;

export interface WecomOptions {
  timeoutMs?: number;
  /** markdown (the default) shows the title as a heading and the link as a link. */
  format?: 'markdown' | 'text';
}

export function wecomBody(message: OutgoingMessage, format: 'markdown' | 'text' = 'markdown'): object {
  return format === 'text'
    ? { msgtype: 'text', text: { content: renderText(message, WECOM_MAX_BYTES.text) } }
    : {
        msgtype: 'markdown',
        markdown: { content: renderMarkdown(message, { maxBytes: WECOM_MAX_BYTES.markdown, lineBreak: '\n' }) },
      };
}

export class WecomChannel implements NotificationChannel {
  readonly name = 'wecom' as const;

  constructor(private readonly options: WecomOptions = {}) {}

  async send(message: OutgoingMessage, address: string): Promise<ChannelReceipt> {
    const answer = await post(this.name, address, {
      body: JSON.stringify(wecomBody(message, this.options.format)),
      contentType: 'application/json; charset=utf-8',
      idempotencyKey: message.key,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    checkRobotAnswer(this.name, answer, WECOM_RETRYABLE_ERRCODES);
    return {};
  }
}
