/**
 * The last step of `npm run build`: the workflow bundle, made once from the compiled workflows and
 * written beside them (dist/workflow-bundle.js), so no worker bundles at start (libs/temporal/worker.ts).
 */
import { writeFileSync } from 'node:fs';
import { PREBUILT_WORKFLOW_BUNDLE, bundlePetitionWorkflows } from '@/libs/temporal/worker';

async function main(): Promise<void> {
  const { code } = await bundlePetitionWorkflows();
  writeFileSync(PREBUILT_WORKFLOW_BUNDLE, code);
}

main().catch((error: Error) => {
  console.error(`the workflow bundle could not be built: ${error.message}`);
  process.exitCode = 1;
});
