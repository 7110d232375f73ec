/**
 * "Hosts" made on this machine for a test: each a Linux network namespace joined to the root
 * namespace by a veth pair, so its processes reach the database host (the root namespace, where
 * PostgreSQL and the Temporal server run) only across that link, whose state the test controls
 * with `ip link`. The database host's services listen on loopback; a forwarder on the link's
 * root-side address carries each host's connections to them, so every byte between a host and the
 * stores crosses its link. The forwarder also holds each chunk for the link's one-way delay, each
 * way: the kernels this runs on (CI's too) have no `sch_netem`, so `tc netem` is refused there.
 * Traffic goes only to addresses made here.
 */
import { execFileSync } from 'node:child_process';
import { createConnection, createServer, Server, Socket } from 'node:net';

export interface NetworkHost {
  /** The namespace's name (`ip netns exec <name> …`). */
  namespace: string;
  /** The host's own address on its link. */
  address: string;
  /** The database host's address as this host sees it (the link's root side). */
  gateway: string;
  /** The link's root-side interface (cut with `ip link set … down`). */
  rootInterface: string;
  /** The link's interface inside the host. */
  hostInterface: string;
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Why network namespaces cannot be made here (not root, no `ip`, no veth), or null when they can. */
export function namespacesUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  const probe = `pw-probe-${process.pid}`;
  try {
    run('ip', ['netns', 'add', probe]);
    run('ip', ['netns', 'exec', probe, 'ip', 'link', 'set', 'lo', 'up']);
    run('ip', ['link', 'add', `${probe.slice(0, 8)}r`, 'type', 'veth', 'peer', 'name', `${probe.slice(0, 8)}h`]);
    run('ip', ['link', 'del', `${probe.slice(0, 8)}r`]);
    return null;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    return `cannot make a network namespace and a veth pair: ${(e.stderr || e.message).trim().split('\n')[0]}`;
  } finally {
    try {
      run('ip', ['netns', 'del', probe]);
    } catch {
      // it was never made
    }
  }
}

/** Makes host number `index` (1–250): namespace, veth pair, addresses 10.231.<index>.1 (root) and .2 (host). */
export function makeHost(label: string, index: number): NetworkHost {
  const namespace = `pw-${label}-${process.pid}`;
  const rootInterface = `pw${index}r${process.pid % 100000}`.slice(0, 15);
  const hostInterface = `pw${index}h${process.pid % 100000}`.slice(0, 15);
  const gateway = `10.231.${index}.1`;
  const address = `10.231.${index}.2`;
  run('ip', ['netns', 'add', namespace]);
  run('ip', ['link', 'add', rootInterface, 'type', 'veth', 'peer', 'name', hostInterface]);
  run('ip', ['link', 'set', hostInterface, 'netns', namespace]);
  run('ip', ['addr', 'add', `${gateway}/24`, 'dev', rootInterface]);
  run('ip', ['link', 'set', rootInterface, 'up']);
  // While the link is down its connected route is gone: without this, packets for the host would
  // take the default route off the machine. The blackhole drops them, as a cut cable would.
  run('ip', ['route', 'add', 'blackhole', `10.231.${index}.0/24`, 'metric', '4000']);
  const inHost = (...args: string[]) => run('ip', ['netns', 'exec', namespace, ...args]);
  inHost('ip', 'addr', 'add', `${address}/24`, 'dev', hostInterface);
  inHost('ip', 'link', 'set', hostInterface, 'up');
  inHost('ip', 'link', 'set', 'lo', 'up');
  return { namespace, address, gateway, rootInterface, hostInterface };
}

/** The link down (the host is cut off: its packets go nowhere, nothing is reset) or up again. */
export function setLink(host: NetworkHost, state: 'up' | 'down'): void {
  run('ip', ['link', 'set', host.rootInterface, state]);
}

export function removeHost(host: NetworkHost): void {
  for (const args of [
    ['route', 'del', 'blackhole', `${host.gateway.replace(/\.1$/, '.0')}/24`, 'metric', '4000'],
    ['link', 'del', host.rootInterface],
    ['netns', 'del', host.namespace],
  ]) {
    try {
      run('ip', args);
    } catch {
      // already gone
    }
  }
}

/** The command line that runs `argv` inside the host. */
export function inHost(host: NetworkHost, argv: string[]): { command: string; args: string[] } {
  return { command: 'ip', args: ['netns', 'exec', host.namespace, ...argv] };
}

export interface Forwarder {
  port: number;
  /** The one-way delay from now on (ms, each direction). */
  setDelay(delayMs: number): void;
  close(): Promise<void>;
}

/**
 * Holds each chunk the link's delay before passing it on. A chunk never overtakes the one before
 * it, also when the delay changes: it leaves no earlier than its predecessor.
 */
function delayed(from: Socket, to: Socket, link: { delayMs: number }): void {
  let lastDueAt = 0;
  const later = (send: () => void) => {
    lastDueAt = Math.max(Date.now() + link.delayMs, lastDueAt);
    setTimeout(send, lastDueAt - Date.now());
  };
  from.on('data', (chunk: Buffer) => later(() => to.writable && to.write(chunk)));
  from.on('end', () => later(() => to.end()));
}

/**
 * Listens on `host` (any free port) and carries each connection to `targetPort` on loopback,
 * each chunk held `delayMs` in each direction.
 */
export async function forward(host: string, targetPort: number, delayMs = 0): Promise<Forwarder> {
  const sockets = new Set<Socket>();
  const link = { delayMs };
  const server: Server = createServer((inbound) => {
    const outbound = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    delayed(inbound, outbound, link);
    delayed(outbound, inbound, link);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the forwarder has no port');
  return {
    port: address.port,
    setDelay: (ms) => {
      link.delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
