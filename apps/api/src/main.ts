/** The HTTP API. Stateless: run as many replicas as the load needs behind a load balancer. */
// First: traces need http, express and pg patched as they load.
import './tracing';
import 'reflect-metadata';
import { loadConfig, withLocalPayloadKeys } from '@/libs/config/config';
import { exitWithFatal, serviceLogger } from '@/libs/observability/log-format';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig(withLocalPayloadKeys());
  const app = await createApiApp(config);
  await app.listen(config.apiPort, config.apiHost);
  serviceLogger('petitions-api', config.logLevel).info(
    `listening on http://${config.apiHost}:${config.apiPort} (OpenAPI at /docs)`,
  );
}

main().catch((error: Error) => exitWithFatal('petitions-api', error));
