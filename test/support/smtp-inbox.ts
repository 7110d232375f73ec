/**
 * A real SMTP server in the test's process (smtp-server), keeping every mail it accepts parsed
 * (mailparser): the mail channel is tested against the protocol, not a mock.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { ServiceConfig } from '../../libs/config/config';

export interface SmtpInbox {
  url: string;
  mails: ParsedMail[];
  /** Recipients of each mail, as the envelope named them (RCPT TO). */
  envelopes: string[][];
  /** When each mail was accepted (the server's 250 to DATA), ms since the epoch. */
  acceptedAt: number[];
  /** Waits until a mail to `address` has arrived, and returns the mails to it. */
  waitFor(address: string, count?: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/**
 * Listens on `port` (0: a free one). `kept` carries the mails of an earlier inbox on, so a test can
 * stop the server and start it again on the same port and see everything that ever arrived.
 * `onAccepting` runs synchronously just before the server's 250 for a mail is written, `onAccepted`
 * just after: a test can freeze the sender (SIGSTOP) before the 250 and kill it after, so it dies
 * between the server's acceptance and its own record of it, whatever the machine's load.
 */
export async function startSmtpInbox(
  port = 0,
  kept: { mails: ParsedMail[]; envelopes: string[][]; acceptedAt?: number[] } = { mails: [], envelopes: [] },
  hooks: {
    onAccepting?: (mail: ParsedMail, rcptTo: string[]) => void;
    onAccepted?: (mail: ParsedMail, rcptTo: string[]) => void;
  } = {},
): Promise<SmtpInbox> {
  const { mails, envelopes } = kept;
  const acceptedAt = (kept.acceptedAt ??= []);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          envelopes.push(session.envelope.rcptTo.map((r) => r.address));
          mails.push(mail);
          acceptedAt.push(Date.now());
          const rcptTo = envelopes[envelopes.length - 1];
          hooks.onAccepting?.(mail, rcptTo);
          callback(); // writes the 250 now
          hooks.onAccepted?.(mail, rcptTo);
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const listening = (server.server.address() as AddressInfo).port;
  const to = (address: string) => mails.filter((_, i) => envelopes[i].includes(address));
  return {
    url: `smtp://127.0.0.1:${listening}`,
    mails,
    envelopes,
    acceptedAt,
    async waitFor(address, count = 1, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (to(address).length < count) {
        if (Date.now() > until)
          throw new Error(`no mail to ${address} within ${timeoutMs} ms (got ${mails.length} in all)`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return to(address);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The service's mail settings pointed at this inbox, as a test's `configure` sets them. */
export function mailSettingsFor(inbox: SmtpInbox): NonNullable<ServiceConfig['smtp']> {
  return { url: inbox.url, from: '信访工作平台 <noreply@example.test>', consoleBaseUrl: 'https://xf.example.test' };
}
