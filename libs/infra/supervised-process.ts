/**
 * A child process under supervision, the way `restart: unless-stopped` keeps a compose service up:
 * when it exits without being asked to, it is started again after a backoff (1 s, doubling to
 * 30 s; back to 1 s once a run lasted a minute), and the supervisor says so. Used by `npm start`
 * (worker, API) and by the cluster launcher (every process of the topology).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export type ProcessOutput =
  /** Each line on the launcher's stdout/stderr, prefixed with the process name. */
  | { kind: 'prefixed' }
  /** Appended to a file (noisy servers); the last lines are kept for error messages. */
  | { kind: 'file'; path: string };

export interface SupervisedProcessOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  output: ProcessOutput;
  /** Resolves once the process serves; a rejection (or an exit before it) is a failed start. */
  ready?: (process: SupervisedProcess) => Promise<void>;
  /** Start it again when it exits on its own (default true). */
  restart?: boolean;
  backoff?: { initialMs: number; maxMs: number; resetAfterMs: number };
  /** How long a deliberate stop waits after SIGTERM before SIGKILL. */
  stopGraceMs?: number;
  log: (message: string) => void;
}

const DEFAULT_BACKOFF = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

export class SupervisedProcess {
  private child: ChildProcess | null = null;
  private wanted = false;
  private firstStart = false;
  private nextDelayMs: number;
  private restartTimer: NodeJS.Timeout | null = null;
  private recent: string[] = [];
  private file: WriteStream | null = null;
  private lineWaiters: { pattern: RegExp; resolve: () => void }[] = [];
  private startedWaiters: (() => void)[] = [];
  /** How many times the supervisor started it again after it exited on its own. */
  restarts = 0;

  constructor(readonly options: SupervisedProcessOptions) {
    this.nextDelayMs = (options.backoff ?? DEFAULT_BACKOFF).initialMs;
  }

  get name(): string {
    return this.options.name;
  }

  /** The pid of the running process, or null between runs. */
  get pid(): number | null {
    return this.child && this.child.exitCode === null && this.child.signalCode === null
      ? (this.child.pid ?? null)
      : null;
  }

  /** The last lines it printed, for error messages. */
  recentOutput(lines = 30): string {
    return this.recent.slice(-lines).join('\n');
  }

  /** Starts it and waits until it is ready; afterwards it is kept running until stop(). */
  async start(): Promise<void> {
    this.wanted = true;
    this.firstStart = true;
    try {
      await this.launch();
      this.options.log(`${this.name} is ready (pid ${this.pid})`);
    } catch (error) {
      this.wanted = false; // a process that never came up is the caller's error, not a crash to retry
      throw error;
    } finally {
      this.firstStart = false;
    }
  }

  /**
   * Stops it and keeps it stopped until start(): SIGTERM, then SIGKILL after the grace time (or
   * the given signal at once, e.g. SIGKILL for a crash that nobody restarts).
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.wanted = false;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((done) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopGraceMs ?? 10_000);
        child.once('exit', () => (clearTimeout(timer), done()));
        child.kill(signal);
      });
    }
    this.file?.end();
    this.file = null;
  }

  /** Sends a signal as an outside event would (e.g. SIGKILL): the supervisor restarts it. */
  kill(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** Resolves when the next run has started and is ready (after a crash and its backoff). */
  nextStart(): Promise<void> {
    return new Promise((resolve) => this.startedWaiters.push(resolve));
  }

  /** Resolves when the running process prints a line matching the pattern. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`${this.name} did not print ${pattern} within ${timeoutMs / 1000} s:\n${this.recentOutput()}`),
          ),
        timeoutMs,
      );
      this.lineWaiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private async launch(): Promise<void> {
    const { command, args, env, cwd, output } = this.options;
    if (output.kind === 'file' && !this.file) {
      mkdirSync(dirname(output.path), { recursive: true });
      this.file = createWriteStream(output.path, { flags: 'a' });
    }
    const child = spawn(command, args, { env: env ?? process.env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const startedAt = Date.now();
    for (const stream of [child.stdout!, child.stderr!]) {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop()!;
        for (const line of lines) this.onLine(line, stream === child.stderr);
      });
    }
    const exited = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)),
    );
    void exited.then((how) => this.onExit(child, how, Date.now() - startedAt));
    try {
      await Promise.race([
        this.options.ready?.(this) ?? Promise.resolve(),
        exited.then((how) =>
          Promise.reject(new Error(`${this.name} exited (${how}) before it was ready:\n${this.recentOutput()}`)),
        ),
      ]);
    } catch (error) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      throw error;
    }
  }

  private onLine(line: string, isError: boolean): void {
    this.recent.push(line);
    if (this.recent.length > 200) this.recent.splice(0, this.recent.length - 200);
    if (this.options.output.kind === 'file') this.file?.write(line + '\n');
    else (isError ? process.stderr : process.stdout).write(`[${this.name}] ${line}\n`);
    for (const waiter of [...this.lineWaiters]) {
      if (waiter.pattern.test(line)) {
        this.lineWaiters.splice(this.lineWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  private onExit(child: ChildProcess, how: string, ranMs: number): void {
    if (this.child !== child || !this.wanted || this.firstStart || this.options.restart === false) return;
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    if (ranMs >= backoff.resetAfterMs) this.nextDelayMs = backoff.initialMs;
    const delay = this.nextDelayMs;
    this.nextDelayMs = Math.min(this.nextDelayMs * 2, backoff.maxMs);
    this.options.log(
      `${this.name} (pid ${child.pid}) exited with ${how} after ${Math.round(ranMs / 1000)} s; restarting it in ${delay / 1000} s`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.wanted) return;
      this.restarts += 1;
      this.launch().then(
        () => {
          this.options.log(`${this.name} is running again (pid ${this.pid}, restart ${this.restarts})`);
          for (const waiter of this.startedWaiters.splice(0)) waiter();
        },
        (error: Error) => this.options.log(`${this.name} failed to restart: ${error.message.split('\n')[0]}`),
      );
    }, delay);
  }
}
