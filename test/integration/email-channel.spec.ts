/**
 * The mail channel gives up on a silent server within its own timeouts (SEND_TIMEOUTS_MS), well
 * inside the dispatcher's lease: a send still waiting when the lease ran out would be made again by
 * another round. The failure is retryable (not ChannelRefused): the delivery is tried again later.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ChannelRefused } from '../../libs/notify/channel';
import { EmailChannel } from '../../libs/notify/channels/email';

describe('the mail channel against a silent SMTP server', () => {
  let server: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts the connection and never says a word: no greeting, no reply.
    server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fails the send, retryably, once its greeting timeout has passed', async () => {
    const port = (server.address() as AddressInfo).port;
    const channel = new EmailChannel({
      url: `smtp://127.0.0.1:${port}`,
      from: 'noreply@example.test',
      timeoutsMs: { greeting: 500 },
    });
    const started = Date.now();
    const error = await channel
      .send({ key: 'k:email', urgent: false, title: '测试', lines: ['测试'] }, 'office@example.test')
      .then(
        () => null,
        (e: unknown) => e,
      );
    channel.close();
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ChannelRefused);
    expect((error as { code?: string }).code).toBe('ETIMEDOUT');
    // nodemailer's default greeting wait is 30 s: the channel's own setting is what ended it
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
