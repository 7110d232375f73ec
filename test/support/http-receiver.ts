/**
 * A real HTTP receiver on 127.0.0.1 for the notification channels' tests: it records each request
 * as it arrived (raw query, headers, body bytes) and answers what the test's handler decides, the
 * way a robot, a gateway or the SMS provider would.
 */
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  /** The query string as sent, before any decoding. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (a receiver too slow for the channel's deadline). */
  delayMs?: number;
}

export interface Receiver {
  /** http://127.0.0.1:<port> */
  origin: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startReceiver(
  handler: (request: ReceivedRequest) => Answer | Promise<Answer>,
): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [path, rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s, 2);
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path,
        rawQuery,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      void Promise.resolve(handler(request)).then((answer) => {
        const reply = () => {
          const body =
            answer.body === undefined
              ? ''
              : typeof answer.body === 'string'
                ? answer.body
                : JSON.stringify(answer.body);
          res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
          res.end(body);
        };
        if (!answer.delayMs) return reply();
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) reply();
        }, answer.delayMs);
        timers.add(timer);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A query string's parameters, each decoded once (as a robot's server reads them). */
export function queryParams(rawQuery: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of rawQuery.split('&').filter(Boolean)) {
    const [name, value = ''] = pair.split(/=(.*)/s, 2);
    out[decodeURIComponent(name)] = decodeURIComponent(value.replace(/\+/g, ' '));
  }
  return out;
}
