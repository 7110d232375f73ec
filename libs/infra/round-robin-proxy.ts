/**
 * The one HTTP port in front of the API replicas (what nginx is in docker-compose.yml, see
 * deploy/nginx/nginx.conf): requests go round-robin over the replicas; a replica that refuses the
 * connection (stopped, restarting) is skipped for a second and the request goes to the next one.
 * A request that reached a replica is never sent again to another (nginx does not repeat a POST
 * either): a client retries with its Idempotency-Key / requestId, which the API makes safe.
 */
import { Agent, IncomingMessage, Server, ServerResponse, createServer, request as httpRequest } from 'node:http';

export interface Upstream {
  name: string;
  host: string;
  port: number;
}

export interface RoundRobinProxy {
  url: string;
  port: number;
  /** Requests each replica has answered, by name. */
  served: Record<string, number>;
  close(): Promise<void>;
}

/** The most a request body may be (nginx's client_max_body_size in deploy/nginx/nginx.conf). */
const MAX_BODY_BYTES = 25 * 1024 * 1024;
const SKIP_REFUSING_UPSTREAM_MS = 1000;
const UPSTREAM_TIMEOUT_MS = 60_000;

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'];
function withoutHopByHop(headers: IncomingMessage['headers']): IncomingMessage['headers'] {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.includes(name.toLowerCase())));
}

export async function startRoundRobinProxy(options: {
  host: string;
  port: number;
  upstreams: Upstream[];
}): Promise<RoundRobinProxy> {
  const { upstreams } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const refusedUntil = new Map<string, number>();
  const served: Record<string, number> = Object.fromEntries(upstreams.map((u) => [u.name, 0]));
  let next = 0;

  function order(): Upstream[] {
    const start = next++ % upstreams.length;
    const rotated = [...upstreams.slice(start), ...upstreams.slice(0, start)];
    const now = Date.now();
    const up = rotated.filter((u) => (refusedUntil.get(u.name) ?? 0) <= now);
    return [...up, ...rotated.filter((u) => !up.includes(u))];
  }

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    candidates: Upstream[],
    tried: string[],
  ): void {
    const upstream = candidates.shift();
    if (!upstream) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          statusCode: 502,
          code: 'noApiReplica',
          message: `no API replica accepted the connection (tried ${tried.join(', ')})`,
        }),
      );
      return;
    }
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstreamRequest = httpRequest(
      {
        host: upstream.host,
        port: upstream.port,
        method: req.method,
        path: req.url,
        agent,
        timeout: UPSTREAM_TIMEOUT_MS,
        headers: {
          ...withoutHopByHop(req.headers),
          'content-length': String(body.length),
          'x-real-ip': req.socket.remoteAddress ?? '',
          'x-forwarded-for': forwardedFor,
          'x-forwarded-proto': 'http',
        },
      },
      (upstreamResponse) => {
        served[upstream.name] = (served[upstream.name] ?? 0) + 1;
        res.writeHead(upstreamResponse.statusCode ?? 502, {
          ...withoutHopByHop(upstreamResponse.headers),
          'x-api-replica': upstream.name,
        });
        upstreamResponse.pipe(res);
      },
    );
    let connected = false;
    upstreamRequest.on('socket', (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    upstreamRequest.on('timeout', () =>
      upstreamRequest.destroy(new Error(`no answer within ${UPSTREAM_TIMEOUT_MS / 1000} s`)),
    );
    upstreamRequest.on('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent) return res.destroy(error);
      if (!connected) {
        // Nothing reached this replica: another one can take the request, whatever its method.
        refusedUntil.set(upstream.name, Date.now() + SKIP_REFUSING_UPSTREAM_MS);
        return forward(req, res, body, candidates, [...tried, `${upstream.name}: ${error.code ?? error.message}`]);
      }
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          statusCode: 502,
          code: 'apiReplicaFailed',
          message: `the API replica ${upstream.name} failed while handling the request (${error.code ?? error.message}); retry it with the same Idempotency-Key or requestId`,
        }),
      );
    });
    upstreamRequest.end(body);
  }

  const server: Server = createServer((req, res) => {
    if (req.url === '/lb-health') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(
          JSON.stringify({
            statusCode: 413,
            code: 'bodyTooLarge',
            message: `request body larger than ${MAX_BODY_BYTES} bytes`,
          }),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!res.headersSent) forward(req, res, Buffer.concat(chunks), order(), []);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    port,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
