/**
 * The channels' environment: everything off by default, each channel on when configured, malformed
 * URLs and half-configured channels refused at start naming the variable (never echoing a URL, which
 * may hold a robot's key), https and a real webhook secret in production; and the channels built
 * from it, with the deployment's default secrets found by URL.
 */
import { ConfigError } from '../../libs/config/config';
import { ALIYUN_SMS_ENDPOINT, loadNotifyChannelsConfig } from '../../libs/config/notify-channels';
import { dingtalkSign } from '../../libs/notify/channels/dingtalk';
import { channelsFromConfig } from '../../libs/notify/channels/from-config';
import { type Answer, type ReceivedRequest, type Receiver, queryParams, startReceiver } from '../support/http-receiver';

function refusal(env: Record<string, string>): string {
  try {
    loadNotifyChannelsConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

const aliyun = {
  SMS_PROVIDER: 'aliyun',
  SMS_ACCESS_KEY_ID: 'LTAI5tExample',
  SMS_ACCESS_KEY_SECRET: 'example-secret',
  SMS_SIGN_NAME: '某市信访局',
  SMS_TEMPLATE_CODE: 'SMS_480000',
};

describe('notification channels configuration', () => {
  it('is all off by default', () => {
    expect(loadNotifyChannelsConfig({})).toEqual({
      timeoutMs: 5000,
      wecom: null,
      dingtalk: null,
      webhook: null,
      sms: null,
    });
    expect(loadNotifyChannelsConfig({ SMS_PROVIDER: 'off' }).sms).toBeNull();
    expect(channelsFromConfig(loadNotifyChannelsConfig({}))).toEqual({});
  });

  it('turns each channel on from its variables', () => {
    const config = loadNotifyChannelsConfig({
      NOTIFY_WECOM_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1',
      NOTIFY_DINGTALK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t1',
      NOTIFY_DINGTALK_SECRET: 'SECabc',
      NOTIFY_WEBHOOK_URL: 'https://gateway.example.gov.cn/hook',
      NOTIFY_WEBHOOK_SECRET: 'w'.repeat(40),
      NOTIFY_HTTP_TIMEOUT_MS: '3000',
      ...aliyun,
    });
    expect(config).toEqual({
      timeoutMs: 3000,
      wecom: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1' },
      dingtalk: { url: 'https://oapi.dingtalk.com/robot/send?access_token=t1', secret: 'SECabc' },
      webhook: { url: 'https://gateway.example.gov.cn/hook', secret: 'w'.repeat(40) },
      sms: {
        provider: 'aliyun',
        endpoint: ALIYUN_SMS_ENDPOINT,
        accessKeyId: 'LTAI5tExample',
        accessKeySecret: 'example-secret',
        signName: '某市信访局',
        templateCode: 'SMS_480000',
        regionId: 'cn-hangzhou',
      },
    });
    expect(Object.keys(channelsFromConfig(config)).sort()).toEqual(['dingtalk', 'sms', 'webhook', 'wecom']);
  });

  it('refuses a malformed URL naming the variable, without echoing the value', () => {
    const message = refusal({ NOTIFY_WECOM_URL: 'qyapi.weixin.qq.com/send?key=secret-key' });
    expect(message).toContain('NOTIFY_WECOM_URL must be an http(s) URL');
    expect(message).not.toContain('secret-key');
    expect(refusal({ NOTIFY_DINGTALK_URL: 'ftp://oapi.dingtalk.com/robot' })).toContain('NOTIFY_DINGTALK_URL');
    expect(refusal({ ...aliyun, SMS_ENDPOINT: 'not a url' })).toContain('SMS_ENDPOINT');
  });

  it('refuses half-configured channels and unknown providers', () => {
    expect(refusal({ NOTIFY_DINGTALK_SECRET: 'SECabc' })).toContain('without NOTIFY_DINGTALK_URL');
    expect(refusal({ NOTIFY_WEBHOOK_URL: 'https://gw.example/hook' })).toContain('NOTIFY_WEBHOOK_SECRET');
    expect(refusal({ SMS_PROVIDER: 'aliyun' })).toContain('SMS_ACCESS_KEY_ID is required with SMS_PROVIDER=aliyun');
    expect(refusal({ SMS_PROVIDER: 'twilio' })).toContain('SMS_PROVIDER must be off or aliyun');
    expect(refusal({ NOTIFY_HTTP_TIMEOUT_MS: '10' })).toContain('NOTIFY_HTTP_TIMEOUT_MS must be at least 100');
  });

  it('production wants https and a long webhook secret', () => {
    const message = refusal({
      NODE_ENV: 'production',
      NOTIFY_WECOM_URL: 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      NOTIFY_WEBHOOK_URL: 'https://gw.example/hook',
      NOTIFY_WEBHOOK_SECRET: 'short',
    });
    expect(message).toContain('NOTIFY_WECOM_URL must be https with NODE_ENV=production');
    expect(message).toContain('NOTIFY_WEBHOOK_SECRET is shorter than 32 characters');
    expect(
      loadNotifyChannelsConfig({ NODE_ENV: 'development', NOTIFY_WECOM_URL: 'http://127.0.0.1:9/send?key=k' }).wecom,
    ).toEqual({ url: 'http://127.0.0.1:9/send?key=k' });
  });

  describe('channels built from it', () => {
    let receiver: Receiver;
    let answer: (request: ReceivedRequest) => Answer;
    beforeAll(async () => {
      receiver = await startReceiver((r) => answer(r));
    });
    afterAll(() => receiver.close());

    it('sign the default 钉钉 robot with the default secret, a per-office robot with its own, others unsigned', async () => {
      answer = () => ({ body: { errcode: 0, errmsg: 'ok' } });
      const defaultUrl = `${receiver.origin}/robot/send?access_token=default`;
      const officeUrl = `${receiver.origin}/robot/send?access_token=office-3`;
      const otherUrl = `${receiver.origin}/robot/send?access_token=office-9`;
      const config = loadNotifyChannelsConfig({
        NOTIFY_DINGTALK_URL: defaultUrl,
        NOTIFY_DINGTALK_SECRET: 'SECdefault',
      });
      const { dingtalk } = channelsFromConfig(config, {
        dingtalkSecretFor: (address) => (address === officeUrl ? 'SECoffice' : undefined),
      });
      const message = { key: 'k', urgent: false, title: '测试', lines: [] };
      for (const url of [defaultUrl, officeUrl, otherUrl]) await dingtalk!.send(message, url);
      const signed = receiver.received.map((r) => 'sign' in queryParams(r.rawQuery));
      expect(signed).toEqual([true, true, false]);
      const [first, second] = receiver.received.map((r) => queryParams(r.rawQuery));
      expect(first.sign).toBe(dingtalkSign('SECdefault', first.timestamp));
      expect(second.sign).toBe(dingtalkSign('SECoffice', second.timestamp));
    });
  });
});
