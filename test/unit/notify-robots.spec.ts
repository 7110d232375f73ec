/**
 * The 企业微信 and 钉钉 robot channels against real HTTP receivers on 127.0.0.1 that behave as the
 * robots document: the request's shape, 钉钉's 加签 recomputed by the receiver from the secret,
 * errcode 0 accepted, the "later" codes retryable, every other code refused, HTTP errors, a
 * deadline, and the notification's key as Idempotency-Key on every request.
 */
import { createHmac } from 'node:crypto';
import { ChannelRefused, type OutgoingMessage } from '../../libs/notify/channel';
import { DingtalkChannel } from '../../libs/notify/channels/dingtalk';
import { ChannelUnavailable, retryAfterMs } from '../../libs/notify/channels/http';
import { renderMarkdown } from '../../libs/notify/channels/render';
import { WECOM_MAX_BYTES, WecomChannel } from '../../libs/notify/channels/wecom';
import { type Answer, type ReceivedRequest, type Receiver, queryParams, startReceiver } from '../support/http-receiver';

const message: OutgoingMessage = {
  key: 'case-2026-000123:overdue:acceptance:user-7',
  urgent: true,
  title: '信访件 XF-2026-000123 受理告知已超期',
  lines: ['信访件编号：XF-2026-000123', '环节：待受理告知', '期限：2026年12月6日'],
  link: 'https://petitions.example.gov.cn/console/cases/XF-2026-000123',
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

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the send was accepted');
}

describe('企业微信 group robot', () => {
  const robot = () => `${receiver.origin}/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa`;

  it('posts the markdown card to the robot URL with the key as Idempotency-Key; errcode 0 is accepted', async () => {
    answer = () => ({ body: { errcode: 0, errmsg: 'ok' } });
    await expect(new WecomChannel().send(message, robot())).resolves.toEqual({});
    const [request] = receiver.received;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/cgi-bin/webhook/send');
    expect(queryParams(request.rawQuery)).toEqual({ key: '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa' });
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(request.headers['idempotency-key']).toBe(message.key);
    const body = JSON.parse(request.body);
    expect(Object.keys(body).sort()).toEqual(['markdown', 'msgtype']);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toBe(
      [
        '### 【紧急】信访件 XF-2026-000123 受理告知已超期',
        '信访件编号：XF-2026-000123',
        '环节：待受理告知',
        '期限：2026年12月6日',
        `[在系统中办理](${message.link})`,
      ].join('\n'),
    );
  });

  it('sends the text form when asked', async () => {
    answer = () => ({ body: { errcode: 0, errmsg: 'ok' } });
    await new WecomChannel({ format: 'text' }).send({ ...message, urgent: false }, robot());
    const body = JSON.parse(receiver.received[0].body);
    expect(body).toEqual({
      msgtype: 'text',
      text: {
        content: ['信访件 XF-2026-000123 受理告知已超期', ...message.lines, `办理入口：${message.link}`].join('\n'),
      },
    });
  });

  it('keeps a long message under the robot’s 4096 bytes, title and link kept', async () => {
    answer = () => ({ body: { errcode: 0, errmsg: 'ok' } });
    const long = { ...message, lines: Array.from({ length: 200 }, (_, i) => `第${i + 1}件：逾期未受理，请尽快处理`) };
    await new WecomChannel().send(long, robot());
    const content: string = JSON.parse(receiver.received[0].body).markdown.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(WECOM_MAX_BYTES.markdown);
    expect(content.startsWith('### 【紧急】')).toBe(true);
    expect(content).toContain('（内容过长，其余从略，请在系统中查看）');
    expect(content.endsWith(`[在系统中办理](${message.link})`)).toBe(true);
  });

  it('a title alone over the text cap is cut to whole characters within 2048 bytes', async () => {
    answer = () => ({ body: { errcode: 0, errmsg: 'ok' } });
    const huge = { ...message, urgent: false, title: '超'.repeat(1000), link: undefined };
    await new WecomChannel({ format: 'text' }).send(huge, robot());
    const content: string = JSON.parse(receiver.received[0].body).text.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(WECOM_MAX_BYTES.text);
    expect(Buffer.byteLength(content)).toBeGreaterThan(WECOM_MAX_BYTES.text - 6);
    expect(content).toMatch(/^超+…$/);
  });

  it('case text cannot become markup (links, font tags, emphasis)', async () => {
    answer = () => ({ body: { errcode: 0, errmsg: 'ok' } });
    const hostile = { ...message, lines: ['诉求：[点此](http://evil.example) <font color="warning">**急**</font>'] };
    await new WecomChannel().send(hostile, robot());
    const content: string = JSON.parse(receiver.received[0].body).markdown.content;
    expect(content).toContain('诉求：［点此］(http://evil.example) ＜font color="warning"＞＊＊急＊＊＜/font＞');
    expect(content).not.toContain('[点此]');
  });

  it.each([
    [93000, 'invalid webhook url'],
    [93004, 'robot stopped'],
    [40008, 'invalid message type'],
  ])('errcode %s is refused for good', async (errcode, errmsg) => {
    answer = () => ({ body: { errcode, errmsg } });
    const error = await failure(new WecomChannel().send(message, robot()));
    expect(error).toBeInstanceOf(ChannelRefused);
    expect((error as ChannelRefused).reason).toContain(`errcode ${errcode}`);
  });

  it.each([45009, 45033, -1])('errcode %s (rate limit, busy) is retryable, not refused', async (errcode) => {
    answer = () => ({ body: { errcode, errmsg: 'api freq out of limit' } });
    const error = await failure(new WecomChannel().send(message, robot()));
    expect(error).toBeInstanceOf(ChannelUnavailable);
    expect(error).not.toBeInstanceOf(ChannelRefused);
    expect((error as ChannelUnavailable).retryAfterMs).toBe(errcode === 45009 ? 60_000 : undefined);
  });

  it('HTTP 404 is refused; 502 and an HTML page without errcode are retryable', async () => {
    answer = () => ({ status: 404, body: 'not found' });
    expect(await failure(new WecomChannel().send(message, robot()))).toBeInstanceOf(ChannelRefused);
    answer = () => ({ status: 502, body: '<html>bad gateway</html>' });
    expect(await failure(new WecomChannel().send(message, robot()))).toBeInstanceOf(ChannelUnavailable);
    answer = () => ({ status: 200, body: '<html>captive portal</html>' });
    expect(await failure(new WecomChannel().send(message, robot()))).toBeInstanceOf(ChannelUnavailable);
  });

  it('a redirect is refused, not followed (the URL carries the robot key)', async () => {
    answer = (r) => (r.path === '/moved' ? { body: { errcode: 0 } } : { status: 307, headers: { location: '/moved' } });
    expect(await failure(new WecomChannel().send(message, robot()))).toBeInstanceOf(ChannelRefused);
    expect(receiver.received.map((r) => r.path)).toEqual(['/cgi-bin/webhook/send']);
  });

  it('a robot slower than the deadline is retryable, and the send gives up at the deadline', async () => {
    answer = () => ({ delayMs: 5000, body: { errcode: 0, errmsg: 'ok' } });
    const started = Date.now();
    const error = await failure(new WecomChannel({ timeoutMs: 300 }).send(message, robot()));
    expect(error).toBeInstanceOf(ChannelUnavailable);
    expect(error.message).toContain('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a closed port (connection refused) is retryable', async () => {
    const closed = await startReceiver(() => ({}));
    const url = `${closed.origin}/cgi-bin/webhook/send?key=k`;
    await closed.close();
    expect(await failure(new WecomChannel().send(message, url))).toBeInstanceOf(ChannelUnavailable);
  });

  it('a 5xx then 200: the caller’s retry delivers, with the same Idempotency-Key both times', async () => {
    let calls = 0;
    answer = () => (++calls === 1 ? { status: 503, body: 'busy' } : { body: { errcode: 0, errmsg: 'ok' } });
    const channel = new WecomChannel();
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        await channel.send(message, robot());
        break;
      } catch (error) {
        if (error instanceof ChannelRefused || attempts >= 3) throw error;
      }
    }
    expect(attempts).toBe(2);
    expect(receiver.received.map((r) => r.headers['idempotency-key'])).toEqual([message.key, message.key]);
  });
});

describe('钉钉 custom robot', () => {
  const secret = 'SECb6c2e1a0d9f84f7c8b1a2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c7b8a9f0e1d2c3';
  const robot = () => `${receiver.origin}/robot/send?access_token=abc123`;

  /** The robot's check of 加签, written from its documentation: HmacSHA256(secret, `${timestamp}\n${secret}`), base64. */
  function dingtalkAnswer(request: ReceivedRequest, robotSecret: string): Answer {
    const params = queryParams(request.rawQuery);
    const timestamp = Number(params.timestamp);
    if (!params.timestamp || Math.abs(Date.now() - timestamp) > 3600_000)
      return { body: { errcode: 310000, errmsg: 'invalid timestamp' } };
    const expected = createHmac('sha256', Buffer.from(robotSecret, 'utf8'))
      .update(Buffer.from(`${params.timestamp}\n${robotSecret}`, 'utf8'))
      .digest()
      .toString('base64');
    return params.sign === expected
      ? { body: { errcode: 0, errmsg: 'ok' } }
      : { body: { errcode: 310000, errmsg: 'sign not match' } };
  }

  it('signs with timestamp and sign query parameters the robot recomputes; posts the markdown card', async () => {
    answer = (r) => dingtalkAnswer(r, secret);
    const channel = new DingtalkChannel({ secretFor: (a) => (a === robot() ? secret : undefined) });
    await expect(channel.send(message, robot())).resolves.toEqual({});
    const [request] = receiver.received;
    expect(request.path).toBe('/robot/send');
    const params = queryParams(request.rawQuery);
    expect(Object.keys(params).sort()).toEqual(['access_token', 'sign', 'timestamp']);
    expect(params.access_token).toBe('abc123');
    expect(Math.abs(Number(params.timestamp) - Date.now())).toBeLessThan(60_000);
    // urlencode(base64): no raw + / = left in the query as sent.
    const rawSign = /(?:^|&)sign=([^&]*)/.exec(request.rawQuery)![1];
    expect(rawSign).not.toMatch(/[+/=]/);
    expect(rawSign).toBe(encodeURIComponent(params.sign));
    expect(request.headers['idempotency-key']).toBe(message.key);
    expect(JSON.parse(request.body)).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: '【紧急】信访件 XF-2026-000123 受理告知已超期',
        text: [
          '### 【紧急】信访件 XF-2026-000123 受理告知已超期',
          '信访件编号：XF-2026-000123',
          '环节：待受理告知',
          '期限：2026年12月6日',
          `[在系统中办理](${message.link})`,
        ].join('  \n'),
      },
    });
  });

  it('a wrong secret: the robot answers 310000 and the channel refuses for good', async () => {
    answer = (r) => dingtalkAnswer(r, secret);
    const error = await failure(
      new DingtalkChannel({ secretFor: () => 'SECnot-the-robots-secret' }).send(message, robot()),
    );
    expect(error).toBeInstanceOf(ChannelRefused);
    expect((error as ChannelRefused).reason).toContain('310000');
  });

  it('a robot without 加签 gets neither timestamp nor sign', async () => {
    answer = () => ({ body: { errcode: 0, errmsg: 'ok' } });
    await new DingtalkChannel().send(message, robot());
    expect(queryParams(receiver.received[0].rawQuery)).toEqual({ access_token: 'abc123' });
  });

  it('each attempt is signed afresh (a retry an hour later needs a new timestamp)', async () => {
    answer = (r) => dingtalkAnswer(r, secret);
    let now = Date.now() - 2 * 3600_000;
    const channel = new DingtalkChannel({ secretFor: () => secret, now: () => now });
    expect(await failure(channel.send(message, robot()))).toBeInstanceOf(ChannelRefused);
    now = Date.now();
    await expect(channel.send(message, robot())).resolves.toEqual({});
    const stamps = receiver.received.map((r) => queryParams(r.rawQuery).timestamp);
    expect(new Set(stamps).size).toBe(2);
  });

  it.each([410100, 130101, -1])('errcode %s (too fast, busy) is retryable', async (errcode) => {
    answer = () => ({ body: { errcode, errmsg: 'send too fast' } });
    const error = await failure(new DingtalkChannel().send(message, robot()));
    expect(error).toBeInstanceOf(ChannelUnavailable);
    expect((error as ChannelUnavailable).retryAfterMs).toBe(errcode === -1 ? undefined : 600_000);
  });

  it.each([400102, 300001, 430101])('errcode %s is refused', async (errcode) => {
    answer = () => ({ body: { errcode, errmsg: 'no' } });
    expect(await failure(new DingtalkChannel().send(message, robot()))).toBeInstanceOf(ChannelRefused);
  });

  it('times out as retryable', async () => {
    answer = () => ({ delayMs: 5000, body: { errcode: 0 } });
    expect(await failure(new DingtalkChannel({ timeoutMs: 200 }).send(message, robot()))).toBeInstanceOf(
      ChannelUnavailable,
    );
  });
});

describe('rendering and hints', () => {
  it('a line cannot open a heading, a quote or a list, and a link must be http(s)', () => {
    const content = renderMarkdown(
      {
        key: 'k',
        urgent: false,
        title: '# 标题',
        lines: ['# 一级', '> 引用', '1. 列表', '- 列表'],
        link: 'javascript:alert(1)',
      },
      { maxBytes: 4096, lineBreak: '\n' },
    );
    expect(content.split('\n')).toEqual(['### ＃ 标题', '＃ 一级', '＞ 引用', '1.\u00a0列表', '-\u00a0列表']);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    const now = Date.parse('Mon, 07 Dec 2026 06:00:00 GMT');
    expect(retryAfterMs('Mon, 07 Dec 2026 06:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
