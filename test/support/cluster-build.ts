/**
 * Global setup of the cluster and fault tests: the topology runs the compiled worker and API
 * (dist/, as `npm run start:cluster` does), so they are built first from the current sources, with
 * the console.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../libs/infra/local-servers';

export default function buildForCluster(): void {
  execFileSync(
    process.execPath,
    [join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    { cwd: PROJECT_ROOT, stdio: 'inherit' },
  );
  // dist/ must not keep the '@/' alias: Node resolves only relative paths there.
  execFileSync(
    process.execPath,
    [join(PROJECT_ROOT, 'node_modules', 'tsc-alias', 'dist', 'bin', 'index.js'), '-p', 'tsconfig.build.json'],
    { cwd: PROJECT_ROOT, stdio: 'inherit' },
  );
  // The workflow bundle the workers load, as `npm run build` makes it (a stale one would run old workflow code).
  execFileSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'apps', 'worker', 'src', 'bundle-workflows.js')], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
  // The console the API serves (npm start's banner points a new user at it).
  execFileSync(
    process.execPath,
    [
      join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(PROJECT_ROOT, 'apps', 'console', 'vite.config.mts'),
      '--logLevel',
      'warn',
    ],
    { cwd: PROJECT_ROOT, stdio: 'inherit' },
  );
}
