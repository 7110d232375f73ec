/**
 * The configured channels besides e-mail, ready for the outbox: a channel is present only when its
 * environment turned it on (libs/config/notify-channels.ts). The robots' and the webhook's secrets
 * come from `secretFor` first (the outbox's per-office table), then the deployment default for the
 * deployment's own URL.
 */
import type { NotifyChannelsConfig } from '../../config/notify-channels';
import type { ChannelName, NotificationChannel } from '../channel';
import { DingtalkChannel } from './dingtalk';
import type { SecretLookup } from './http';
import { AliyunSmsProvider, SmsChannel } from './sms';
import { WebhookChannel } from './webhook';
import { WecomChannel } from './wecom';

export interface ChannelOverrides {
  /** The outbox has per-office robots or gateways: the three HTTP channels exist even without a default URL. */
  perOffice?: boolean;
  /** A per-office robot's 加签 secret, by its URL. */
  dingtalkSecretFor?: SecretLookup;
  /** A per-office gateway's signing secret, by its URL. */
  webhookSecretFor?: SecretLookup;
}

export function channelsFromConfig(
  config: NotifyChannelsConfig,
  overrides: ChannelOverrides = {},
): Partial<Record<Exclude<ChannelName, 'email'>, NotificationChannel>> {
  const timeoutMs = config.timeoutMs;
  const withDefault =
    (lookup: SecretLookup | undefined, defaults: { url: string; secret: string | null } | null): SecretLookup =>
    async (address) =>
      (await lookup?.(address)) ?? (defaults && address === defaults.url ? (defaults.secret ?? undefined) : undefined);
  const channels: Partial<Record<Exclude<ChannelName, 'email'>, NotificationChannel>> = {};
  if (config.wecom || overrides.perOffice) channels.wecom = new WecomChannel({ timeoutMs });
  if (config.dingtalk || overrides.perOffice)
    channels.dingtalk = new DingtalkChannel({
      timeoutMs,
      secretFor: withDefault(overrides.dingtalkSecretFor, config.dingtalk),
    });
  if (config.webhook || overrides.perOffice)
    channels.webhook = new WebhookChannel({
      timeoutMs,
      secretFor: withDefault(overrides.webhookSecretFor, config.webhook),
    });
  if (config.sms)
    channels.sms = new SmsChannel(new AliyunSmsProvider({ ...config.sms, timeoutMs }), {
      defaultTemplateCode: config.sms.templateCode,
    });
  return channels;
}
