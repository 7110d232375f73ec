/**
 * SMS: a provider interface, the channel over it (the address is a mainland mobile number), and one
 * provider written to a real public API, Aliyun's dysmsapi SendSms (RPC style, version 2017-05-25).
 * NOT yet tried against Aliyun itself: only against a local receiver that checks the documented
 * signature (test/unit/notify-sms.spec.ts).
 *
 * The channel sends only what the outbox gives it: the template's variables exactly as given (the
 * outbox keeps a petitioner's 查询码 and the matter apart), the notification's key as OutId.
 * SendSms has no idempotency of its own (Aliyun's documentation says so): a retry after a timeout
 * may deliver twice, and OutId is what lets the delivery receipt be matched to the notification.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { ChannelRefused, type ChannelReceipt, type NotificationChannel, type OutgoingMessage } from '../channel';
import { ChannelUnavailable, DEFAULT_TIMEOUT_MS, brief, jsonObject, post } from './http';

export interface SmsRequest {
  /** Eleven digits, mainland mobile. */
  phoneNumber: string;
  templateCode: string;
  params: Record<string, string>;
  /** The notification's key, for the provider's receipt (Aliyun's OutId). */
  outId: string;
}

/** One SMS provider's API. Throws ChannelRefused or a retryable error, as a channel does. */
export interface SmsProvider {
  readonly name: string;
  send(request: SmsRequest): Promise<ChannelReceipt>;
}

/** A mainland mobile number with or without +86 / 0086 / 86, spaces or dashes; null otherwise. */
export function mainlandMobile(address: string): string | null {
  const digits = address.replace(/[\s-]/g, '');
  const match = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/.exec(digits);
  return match ? match[1] : null;
}

export interface SmsChannelOptions {
  /** The deployment's template (SMS_TEMPLATE_CODE), for a message that names none. */
  defaultTemplateCode: string;
}

export class SmsChannel implements NotificationChannel {
  readonly name = 'sms' as const;

  constructor(
    private readonly provider: SmsProvider,
    private readonly options: SmsChannelOptions,
  ) {}

  async send(message: OutgoingMessage, address: string): Promise<ChannelReceipt> {
    const phoneNumber = mainlandMobile(address);
    if (!phoneNumber) throw new ChannelRefused(this.name, 'not a mainland mobile number');
    return this.provider.send({
      phoneNumber,
      templateCode: message.template?.code ?? this.options.defaultTemplateCode,
      params: message.template?.params ?? { title: message.title, content: message.lines.join('；') },
      outId: message.key,
    });
  }
}

// --- Aliyun dysmsapi -------------------------------------------------------------------------

export interface AliyunSmsOptions {
  /** https://dysmsapi.aliyuncs.com/ in production; the tests' local receiver otherwise. */
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  regionId?: string;
  timeoutMs?: number;
  now?: () => Date;
  nonce?: () => string;
}

/**
 * Aliyun's percentEncode: RFC 3986 over UTF-8, A–Z a–z 0–9 - _ . ~ left as they are, space as
 * %20, everything else %XY (encodeURIComponent leaves ! ' ( ) * as they are: those are encoded).
 */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The RPC signature (SignatureVersion 1.0): the parameters but Signature sorted by name,
 * percent-encoded as name=value joined by &; StringToSign = method & percentEncode("/") &
 * percentEncode(that); Signature = base64(HMAC-SHA1(key = secret + "&", StringToSign)).
 */
export function aliyunSignature(method: 'GET' | 'POST', params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(params[name])}`)
    .join('&');
  const stringToSign = `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Codes worth a retry: the platform's own failures and flow control (per number: a minute, an hour). */
function aliyunRetryable(code: string): boolean {
  return (
    code.startsWith('isp.') ||
    code.startsWith('Throttling') ||
    code === 'isv.BUSINESS_LIMIT_CONTROL' ||
    code === 'ServiceUnavailable' ||
    code === 'InternalError' ||
    code === 'SignatureNonceUsed'
  );
}

export class AliyunSmsProvider implements SmsProvider {
  readonly name = 'aliyun';

  constructor(private readonly options: AliyunSmsOptions) {}

  /** The signed form parameters of one SendSms call. */
  signedParams(request: SmsRequest): Record<string, string> {
    const o = this.options;
    const params: Record<string, string> = {
      AccessKeyId: o.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      OutId: request.outId,
      PhoneNumbers: request.phoneNumber,
      RegionId: o.regionId ?? 'cn-hangzhou',
      SignName: o.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: (o.nonce ?? randomUUID)(),
      SignatureVersion: '1.0',
      TemplateCode: request.templateCode,
      TemplateParam: JSON.stringify(request.params),
      // ISO 8601 in UTC without milliseconds: 2026-12-07T06:00:00Z.
      Timestamp: (o.now ?? (() => new Date()))()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    };
    return { ...params, Signature: aliyunSignature('POST', params, o.accessKeySecret) };
  }

  async send(request: SmsRequest): Promise<ChannelReceipt> {
    // POST with the parameters in the body: the phone number stays out of URLs and access logs.
    const params = this.signedParams(request);
    const body = Object.entries(params)
      .map(([name, value]) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(value)}`)
      .join('&');
    const answer = await post('sms', this.options.endpoint, {
      body,
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
      idempotencyKey: request.outId,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    const json = jsonObject(answer.text);
    const code = typeof json?.Code === 'string' ? json.Code : undefined;
    if (answer.status === 200 && code === 'OK')
      return typeof json?.BizId === 'string' ? { providerId: json.BizId } : {};
    const what = `HTTP ${answer.status}${code ? ` ${code}` : ''} (${brief(json?.Message ?? answer.text)})`;
    if (answer.status >= 500 || answer.status === 429 || answer.status === 408 || (code && aliyunRetryable(code)))
      throw new ChannelUnavailable('sms', what);
    if (!code && answer.status === 200) throw new ChannelUnavailable('sms', `an answer without a Code: ${what}`);
    throw new ChannelRefused('sms', what);
  }
}
