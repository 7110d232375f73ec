/**
 * The SMS channel over the Aliyun dysmsapi SendSms adapter, against a real HTTP receiver on
 * 127.0.0.1 that checks the RPC signature the way Aliyun documents it, recomputed on its own
 * (Java URLEncoder-style form encoding, then + → %20, * → %2A, %7E → ~). The adapter has NOT been
 * tried against Aliyun itself; the documented worked example (DescribeRegions, testsecret) pins the
 * algorithm here.
 */
import { createHmac } from 'node:crypto';
import { ChannelRefused, type OutgoingMessage } from '../../libs/notify/channel';
import { ChannelUnavailable } from '../../libs/notify/channels/http';
import {
  AliyunSmsProvider,
  SmsChannel,
  aliyunPercentEncode,
  aliyunSignature,
  mainlandMobile,
} from '../../libs/notify/channels/sms';
import { type Answer, type ReceivedRequest, type Receiver, queryParams, startReceiver } from '../support/http-receiver';

const accessKeyId = 'LTAI5tTestAccessKeyId';
const accessKeySecret = 'test-access-key-secret/with+odd*chars~';

/** Aliyun's percentEncode as its documentation gives it (URLEncoder, then three replacements). */
function documentedPercentEncode(value: string): string {
  return new URLSearchParams([['', value]])
    .toString()
    .slice(1)
    .replace(/\+/g, '%20')
    .replace(/\*/g, '%2A')
    .replace(/%7E/g, '~');
}

function documentedSignature(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${documentedPercentEncode(k)}=${documentedPercentEncode(params[k])}`)
    .join('&');
  const stringToSign = `${method}&${documentedPercentEncode('/')}&${documentedPercentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

/** An Aliyun stand-in: signature, nonce, timestamp, then the test's verdict on the parameters. */
const nonces = new Set<string>();
function aliyunAnswer(request: ReceivedRequest, verdict: (params: Record<string, string>) => Answer): Answer {
  const params = queryParams(request.body);
  if (params.AccessKeyId !== accessKeyId)
    return {
      status: 404,
      body: { Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.' },
    };
  if (params.Signature !== documentedSignature(request.method, params, accessKeySecret))
    return { status: 400, body: { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched.' } };
  if (nonces.has(params.SignatureNonce))
    return {
      status: 400,
      body: { Code: 'SignatureNonceUsed', Message: 'Specified signature nonce was used already.' },
    };
  nonces.add(params.SignatureNonce);
  if (Math.abs(Date.parse(params.Timestamp) - Date.now()) > 15 * 60_000)
    return { status: 400, body: { Code: 'InvalidTimeStamp.Expired', Message: 'Specified time stamp is expired.' } };
  return verdict(params);
}

const ok = () => ({ body: { Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: 'F655A8D5-B967' } });

const message: OutgoingMessage = {
  key: 'case-2026-000789:accepted:petitioner',
  urgent: false,
  title: '您的信访事项已受理',
  lines: ['信访件编号：XF-2026-000789'],
  template: { code: 'SMS_480001', params: { caseNumber: 'XF-2026-000789' } },
};

let receiver: Receiver;
let answer: (request: ReceivedRequest) => Answer;
beforeAll(async () => {
  receiver = await startReceiver((request) => answer(request));
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.received.length = 0;
});

const sms = (options: { secret?: string; timeoutMs?: number; endpoint?: string } = {}) =>
  new SmsChannel(
    new AliyunSmsProvider({
      endpoint: options.endpoint ?? `${receiver.origin}/`,
      accessKeyId,
      accessKeySecret: options.secret ?? accessKeySecret,
      signName: '某市信访局',
      timeoutMs: options.timeoutMs,
    }),
    { defaultTemplateCode: 'SMS_480000' },
  );

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the send was accepted');
}

describe('Aliyun RPC signature', () => {
  it('matches the documented worked example (DescribeRegions, testsecret → CT9X0VtwR86fNWSnsc6v8YGOjuE=)', () => {
    const params = {
      TimeStamp: '2016-02-23T12:46:24Z',
      Format: 'XML',
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      Version: '2014-05-26',
      SignatureVersion: '1.0',
    };
    expect(aliyunSignature('GET', params, 'testsecret')).toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
    expect(documentedSignature('GET', params, 'testsecret')).toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
  });

  it('percent-encodes as documented: space %20, * %2A, ~ kept, UTF-8 for Chinese', () => {
    for (const value of ['a b', 'x*y', 'a~b', "!'()", '某市信访局', '{"k":"v,w"}'])
      expect(aliyunPercentEncode(value)).toBe(documentedPercentEncode(value));
    expect(aliyunPercentEncode('a b*~')).toBe('a%20b%2A~');
  });
});

describe('SMS over Aliyun SendSms', () => {
  it('posts a signed SendSms the receiver verifies; only the given template variables; OutId is the key', async () => {
    answer = (r) => aliyunAnswer(r, ok);
    await expect(sms().send(message, '+86 138-0013-8000')).resolves.toEqual({ providerId: '900619746936498440^0' });
    const [request] = receiver.received;
    expect(request.method).toBe('POST');
    expect(request.rawQuery).toBe('');
    expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request.headers['idempotency-key']).toBe(message.key);
    const params = queryParams(request.body);
    expect(params).toMatchObject({
      Action: 'SendSms',
      Version: '2017-05-25',
      Format: 'JSON',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      PhoneNumbers: '13800138000',
      SignName: '某市信访局',
      TemplateCode: 'SMS_480001',
      OutId: message.key,
    });
    expect(JSON.parse(params.TemplateParam)).toEqual({ caseNumber: 'XF-2026-000789' });
    expect(params.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Nothing of the message but its template variables: no title, no lines, no link.
    expect(request.body).not.toContain(documentedPercentEncode(message.title));
    expect(request.body).not.toContain(documentedPercentEncode(message.lines[0]));
  });

  it('without a template of its own: the default template with title and content', async () => {
    answer = (r) => aliyunAnswer(r, ok);
    await sms().send({ ...message, template: undefined, lines: ['第一行', '第二行'] }, '13800138000');
    const params = queryParams(receiver.received[0].body);
    expect(params.TemplateCode).toBe('SMS_480000');
    expect(JSON.parse(params.TemplateParam)).toEqual({ title: '您的信访事项已受理', content: '第一行；第二行' });
  });

  it('a fresh nonce on every request (the receiver refuses a reused one)', async () => {
    answer = (r) => aliyunAnswer(r, ok);
    await sms().send(message, '13800138000');
    await sms().send(message, '13800138000');
    const [a, b] = receiver.received.map((r) => queryParams(r.body).SignatureNonce);
    expect(a).not.toBe(b);
  });

  it('a wrong secret: SignatureDoesNotMatch (HTTP 400) is refused for good', async () => {
    answer = (r) => aliyunAnswer(r, ok);
    const error = await failure(sms({ secret: 'not-the-secret' }).send(message, '13800138000'));
    expect(error).toBeInstanceOf(ChannelRefused);
    expect((error as ChannelRefused).reason).toContain('SignatureDoesNotMatch');
  });

  it.each([
    'isv.MOBILE_NUMBER_ILLEGAL',
    'isv.SMS_TEMPLATE_ILLEGAL',
    'isv.TEMPLATE_MISSING_PARAMETERS',
    'isv.AMOUNT_NOT_ENOUGH',
  ])('%s (HTTP 200) is refused', async (Code) => {
    answer = (r) => aliyunAnswer(r, () => ({ body: { Code, Message: 'refused', RequestId: 'r' } }));
    expect(await failure(sms().send(message, '13800138000'))).toBeInstanceOf(ChannelRefused);
  });

  it.each([
    [200, 'isv.BUSINESS_LIMIT_CONTROL'],
    [200, 'isp.SYSTEM_ERROR'],
    [400, 'Throttling.User'],
    [503, 'ServiceUnavailable'],
  ])('HTTP %s %s is retryable', async (status, Code) => {
    answer = (r) => aliyunAnswer(r, () => ({ status, body: { Code, Message: 'later', RequestId: 'r' } }));
    expect(await failure(sms().send(message, '13800138000'))).toBeInstanceOf(ChannelUnavailable);
  });

  it('a number that is not a mainland mobile is refused before any request', async () => {
    answer = (r) => aliyunAnswer(r, ok);
    for (const address of ['010-12345678', '+1 415 555 0100', '1380013800', 'petitioner@example.com']) {
      expect(await failure(sms().send(message, address))).toBeInstanceOf(ChannelRefused);
    }
    expect(receiver.received).toHaveLength(0);
    expect(mainlandMobile('0086 13800138000')).toBe('13800138000');
  });

  it('a provider slower than the deadline is retryable', async () => {
    answer = () => ({ delayMs: 5000, ...ok() });
    expect(await failure(sms({ timeoutMs: 250 }).send(message, '13800138000'))).toBeInstanceOf(ChannelUnavailable);
  });

  it('a 5xx then OK: the caller’s retry delivers; both carry the key as OutId', async () => {
    let calls = 0;
    answer = (r) => aliyunAnswer(r, () => (++calls === 1 ? { status: 502, body: 'bad gateway' } : ok()));
    await expect(sms().send(message, '13800138000')).rejects.toBeInstanceOf(ChannelUnavailable);
    await expect(sms().send(message, '13800138000')).resolves.toEqual({ providerId: '900619746936498440^0' });
    expect(receiver.received.map((r) => queryParams(r.body).OutId)).toEqual([message.key, message.key]);
  });
});
