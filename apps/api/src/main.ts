/** The HTTP API. Stateless: run as many replicas as the load needs behind a load balancer. */
import 'reflect-metadata';
import { loadConfig, withLocalPayloadKeys } from '@/libs/config/config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig(withLocalPayloadKeys());
  const app = await createApiApp(config);
  await app.listen(config.apiPort, config.apiHost);
  console.log(`[api] listening on http://${config.apiHost}:${config.apiPort} (OpenAPI at /docs)`);
}

main().catch((error) => {
  console.error(`[api] ${error.message}`);
  process.exit(1);
});
