/**
 * 钉钉 custom robot (自定义机器人): POST JSON to `https://oapi.dingtalk.com/robot/send?access_token=…`,
 * `{"msgtype":"markdown","markdown":{"title":…,"text":…}}` or `{"msgtype":"text","text":{"content":…}}`;
 * `{"errcode":0,"errmsg":"ok"}` on acceptance. The address is the robot's URL.
 *
 * 加签 (the robot's "sign" security setting): `timestamp` (ms, within an hour of DingTalk's clock)
 * and `sign` = urlencode(base64(HmacSHA256(key = secret, `${timestamp}\n${secret}`))) as query
 * parameters; the secret is the `SEC…` string of the robot's page. A robot set to keywords or an IP
 * list instead has no secret and gets neither parameter.
 *
 * Codes read as "later": -1 (系统繁忙), 410100 and 130101 (发送速度太快而限流, "send too fast, exceed 20
 * times per minute"; the robot then stays throttled for 10 minutes, given as retryAfterMs).
 * Everything else is refused for good: 310000 (签名不匹配 / 关键词不匹配 / IP 不在白名单 / 时间戳无效:
 * the robot's settings or this host's clock), 300001 / 400101 (token 不存在), 400102 (机器人已停用),
 * 400013 (群已被解散), 430101–430104 (内容不安全)… the same message would fail again.
 */
import { createHmac } from 'node:crypto';
import type { ChannelReceipt, NotificationChannel, OutgoingMessage } from '../channel';
import { DEFAULT_TIMEOUT_MS, type RetryableCode, type SecretLookup, checkRobotAnswer, post } from './http';
import { plainTitle, renderMarkdown, renderText } from './render';

export const DINGTALK_RETRYABLE_ERRCODES: Readonly<Record<number, RetryableCode>> = {
  [-1]: { reason: '系统繁忙' },
  // Over 20 messages a minute the robot is throttled for 10 minutes.
  410100: { reason: '发送速度太快而限流', retryAfterMs: 600_000 },
  130101: { reason: '发送速度太快而限流', retryAfterMs: 600_000 },
};

/** Kept well under the robot's limit on a message's size. */
export const DINGTALK_MAX_BYTES = 4000;

export interface DingtalkOptions {
  timeoutMs?: number;
  format?: 'markdown' | 'text';
  secretFor?: SecretLookup;
  now?: () => number;
}

/** The `sign` of 加签 before URL encoding: base64(HmacSHA256(secret, `${timestamp}\n${secret}`)). */
export function dingtalkSign(secret: string, timestamp: number | string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/** The robot's URL with this moment's `timestamp` and `sign` (replacing any already there). */
export function signedDingtalkUrl(address: string, secret: string, timestamp: number): string {
  const url = new URL(address);
  url.searchParams.set('timestamp', String(timestamp));
  // URLSearchParams encodes the base64 (+ / =) once, as the robot's urlencode step expects.
  url.searchParams.set('sign', dingtalkSign(secret, timestamp));
  return url.href;
}

export function dingtalkBody(message: OutgoingMessage, format: 'markdown' | 'text' = 'markdown'): object {
  return format === 'text'
    ? { msgtype: 'text', text: { content: renderText(message, DINGTALK_MAX_BYTES) } }
    : {
        msgtype: 'markdown',
        markdown: {
          title: plainTitle(message),
          text: renderMarkdown(message, { maxBytes: DINGTALK_MAX_BYTES, lineBreak: '  \n' }),
        },
      };
}

export class DingtalkChannel implements NotificationChannel {
  readonly name = 'dingtalk' as const;

  constructor(private readonly options: DingtalkOptions = {}) {}

  async send(message: OutgoingMessage, address: string): Promise<ChannelReceipt> {
    const secret = await this.options.secretFor?.(address);
    // Signed at each attempt: a retry an hour later needs a fresh timestamp.
    const url = secret ? signedDingtalkUrl(address, secret, (this.options.now ?? Date.now)()) : address;
    const answer = await post(this.name, url, {
      body: JSON.stringify(dingtalkBody(message, this.options.format)),
      contentType: 'application/json; charset=utf-8',
      idempotencyKey: message.key,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    checkRobotAnswer(this.name, answer, DINGTALK_RETRYABLE_ERRCODES);
    return {};
  }
}
