/**
 * Preloaded (`node -r`) into a worker or API process by bench/profile.ts: profiles the whole life
 * of the process with the in-process inspector and writes <PROFILE_DIR>/<name>-<pid>.cpuprofile
 * when it is told to stop (SIGTERM/SIGINT, before the app's own handlers) or exits. Node's own
 * --cpu-prof writes nothing when a process ends by a signal, as the API does after its shutdown hooks.
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (error, result) => {
      if (!error)
        writeFileSync(
          join(dir, `${process.env.PROFILE_NAME ?? 'node'}-${process.pid}.cpuprofile`),
          JSON.stringify(result.profile),
        );
    });
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.prependListener(signal, write);
  process.on('exit', write);
}
