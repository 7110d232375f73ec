/**
 * The console's request and response types are generated from the API's OpenAPI document, not
 * written twice: the committed `apps/console/src/api/openapi.d.ts` must be what openapi-typescript
 * makes of the document this API serves. After changing the API, regenerate it with
 * `npm run console:api-types` (this test with UPDATE_CONSOLE_API_TYPES=1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { useRunningService } from '../support/harness';
import { CONSOLE_API_TYPES_FILE, consoleApiTypes } from '../support/console-api-types';

describe("the console's API types", () => {
  const service = useRunningService();

  it('are the ones generated from the OpenAPI document the API serves', async () => {
    const document = (await request(service.app.getHttpServer()).get('/docs/openapi.json').expect(200)).body;
    const generated = consoleApiTypes(document);
    if (process.env.UPDATE_CONSOLE_API_TYPES) writeFileSync(CONSOLE_API_TYPES_FILE, generated);
    const committed = readFileSync(CONSOLE_API_TYPES_FILE, 'utf8');
    if (committed !== generated) {
      throw new Error(
        `${join('apps/console/src/api', 'openapi.d.ts')} is not what the API's OpenAPI document generates: run npm run console:api-types`,
      );
    }
    expect(committed).toContain('"/petitions/{id}/actions/route"');
  });
});
