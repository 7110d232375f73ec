/**
 * The last step of `npm run build`: the workflow bundles, traced and untraced, made once from the
 * compiled workflows and written beside them (dist/workflow-bundle[.untraced].js), so no worker
 * bundles at start (libs/temporal/worker.ts).
 */
import { writeFileSync } from 'node:fs';
import { bundlePetitionWorkflows, prebuiltWorkflowBundle } from '@/libs/temporal/worker';

async function main(): Promise<void> {
  for (const traced of [true, false]) {
    const { code } = await bundlePetitionWorkflows(traced);
    writeFileSync(prebuiltWorkflowBundle(traced), code);
  }
}

main().catch((error: Error) => {
  console.error(`the workflow bundle could not be built: ${error.message}`);
  process.exitCode = 1;
});
