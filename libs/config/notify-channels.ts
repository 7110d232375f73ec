/**
 * The notification channels' settings besides e-mail, from the environment (the same style as
 * config.ts: one zod schema, a bad value stops the start naming the variable). Every channel is off
 * until configured:
 *
 *   NOTIFY_WECOM_URL                       企业微信 robot: the deployment's default group
 *   NOTIFY_DINGTALK_URL, NOTIFY_DINGTALK_SECRET   钉钉 robot, its 加签 secret (SEC…) if it signs
 *   NOTIFY_WEBHOOK_URL, NOTIFY_WEBHOOK_SECRET     our signed webhook (an office's gateway)
 *   NOTIFY_HTTP_TIMEOUT_MS                 each request's deadline (default 5000)
 *   SMS_PROVIDER=aliyun (default off), SMS_ENDPOINT, SMS_ACCESS_KEY_ID, SMS_ACCESS_KEY_SECRET,
 *   SMS_SIGN_NAME, SMS_TEMPLATE_CODE, SMS_REGION_ID
 *
 * These are deployment defaults; an office's own robot URL and secret are the outbox's per-office
 * table. With NODE_ENV=production every URL must be https (a robot's URL is its key, a message names
 * cases) and the webhook secret is at least MIN_SECRET_LENGTH characters.
 */
import { z } from 'zod';
import { ConfigError, MIN_SECRET_LENGTH } from './config';

export const ALIYUN_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com/';

export interface NotifyChannelsConfig {
  timeoutMs: number;
  wecom: { url: string } | null;
  dingtalk: { url: string; secret: string | null } | null;
  webhook: { url: string; secret: string } | null;
  sms: AliyunSmsConfig | null;
}

export interface AliyunSmsConfig {
  provider: 'aliyun';
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  regionId: string;
}

/** Every variable this file reads (deployments list them; all optional). */
export const NOTIFY_CHANNEL_ENV = [
  'NOTIFY_WECOM_URL',
  'NOTIFY_DINGTALK_URL',
  'NOTIFY_DINGTALK_SECRET',
  'NOTIFY_WEBHOOK_URL',
  'NOTIFY_WEBHOOK_SECRET',
  'NOTIFY_HTTP_TIMEOUT_MS',
  'SMS_PROVIDER',
  'SMS_ENDPOINT',
  'SMS_ACCESS_KEY_ID',
  'SMS_ACCESS_KEY_SECRET',
  'SMS_SIGN_NAME',
  'SMS_TEMPLATE_CODE',
  'SMS_REGION_ID',
] as const;

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

/** An http(s) URL (checked for https in production below); the message never echoes the value (it may hold a key). */
const httpUrl = (name: string) =>
  optionalText.refine((v) => v === undefined || isHttpUrl(v), `${name} must be an http(s) URL`);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const schema = z
  .object({
    NODE_ENV: optionalText,
    NOTIFY_WECOM_URL: httpUrl('NOTIFY_WECOM_URL'),
    NOTIFY_DINGTALK_URL: httpUrl('NOTIFY_DINGTALK_URL'),
    NOTIFY_DINGTALK_SECRET: optionalText,
    NOTIFY_WEBHOOK_URL: httpUrl('NOTIFY_WEBHOOK_URL'),
    NOTIFY_WEBHOOK_SECRET: optionalText,
    NOTIFY_HTTP_TIMEOUT_MS: optionalText
      .transform((v) => Number(v ?? 5000))
      .pipe(
        z
          .number()
          .int('NOTIFY_HTTP_TIMEOUT_MS must be a whole number of milliseconds')
          .min(100, 'NOTIFY_HTTP_TIMEOUT_MS must be at least 100')
          .max(60_000, 'NOTIFY_HTTP_TIMEOUT_MS is at most 60000'),
      ),
    SMS_PROVIDER: optionalText.pipe(
      z.enum(['off', 'aliyun'], { error: 'SMS_PROVIDER must be off or aliyun' }).optional(),
    ),
    SMS_ENDPOINT: httpUrl('SMS_ENDPOINT'),
    SMS_ACCESS_KEY_ID: optionalText,
    SMS_ACCESS_KEY_SECRET: optionalText,
    SMS_SIGN_NAME: optionalText,
    SMS_TEMPLATE_CODE: optionalText,
    SMS_REGION_ID: optionalText,
  })
  .superRefine((env, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (env.NOTIFY_DINGTALK_SECRET && !env.NOTIFY_DINGTALK_URL)
      issue('NOTIFY_DINGTALK_SECRET', 'NOTIFY_DINGTALK_SECRET is set without NOTIFY_DINGTALK_URL');
    if (Boolean(env.NOTIFY_WEBHOOK_URL) !== Boolean(env.NOTIFY_WEBHOOK_SECRET))
      issue(
        'NOTIFY_WEBHOOK_URL',
        'the signed webhook needs both NOTIFY_WEBHOOK_URL and NOTIFY_WEBHOOK_SECRET (or neither)',
      );
    if (env.SMS_PROVIDER === 'aliyun') {
      for (const name of ['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_CODE'] as const)
        if (!env[name]) issue(name, `${name} is required with SMS_PROVIDER=aliyun`);
    }
    if (env.NODE_ENV !== 'production') return;
    for (const name of ['NOTIFY_WECOM_URL', 'NOTIFY_DINGTALK_URL', 'NOTIFY_WEBHOOK_URL', 'SMS_ENDPOINT'] as const) {
      const value = env[name];
      if (value && isHttpUrl(value) && new URL(value).protocol !== 'https:')
        issue(name, `${name} must be https with NODE_ENV=production`);
    }
    if (env.NOTIFY_WEBHOOK_SECRET && env.NOTIFY_WEBHOOK_SECRET.length < MIN_SECRET_LENGTH)
      issue(
        'NOTIFY_WEBHOOK_SECRET',
        `NOTIFY_WEBHOOK_SECRET is shorter than ${MIN_SECRET_LENGTH} characters (generate one with \`openssl rand -base64 32\`)`,
      );
  });

export function loadNotifyChannelsConfig(env: NodeJS.ProcessEnv = process.env): NotifyChannelsConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'configuration');
      return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
    });
    throw new ConfigError(`invalid notification channel configuration:\n  - ${lines.join('\n  - ')}`);
  }
  const e = parsed.data;
  return {
    timeoutMs: e.NOTIFY_HTTP_TIMEOUT_MS,
    wecom: e.NOTIFY_WECOM_URL ? { url: e.NOTIFY_WECOM_URL } : null,
    dingtalk: e.NOTIFY_DINGTALK_URL ? { url: e.NOTIFY_DINGTALK_URL, secret: e.NOTIFY_DINGTALK_SECRET ?? null } : null,
    webhook:
      e.NOTIFY_WEBHOOK_URL && e.NOTIFY_WEBHOOK_SECRET
        ? { url: e.NOTIFY_WEBHOOK_URL, secret: e.NOTIFY_WEBHOOK_SECRET }
        : null,
    sms:
      e.SMS_PROVIDER === 'aliyun'
        ? {
            provider: 'aliyun',
            endpoint: e.SMS_ENDPOINT ?? ALIYUN_SMS_ENDPOINT,
            accessKeyId: e.SMS_ACCESS_KEY_ID!,
            accessKeySecret: e.SMS_ACCESS_KEY_SECRET!,
            signName: e.SMS_SIGN_NAME!,
            templateCode: e.SMS_TEMPLATE_CODE!,
            regionId: e.SMS_REGION_ID ?? 'cn-hangzhou',
          }
        : null,
  };
}
