/**
 * Global setup of the cluster and fault tests: the topology runs the compiled worker and API
 * (dist/, as `npm run start:cluster` does), so they are built first from the current sources.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../libs/infra/local-servers';

export default function buildForCluster(): void {
  execFileSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
}
