/**
 * The API serves the console on its own origin: the staff page for every client-side route (so a
 * reload or a shared link works), the petitioner's page apart, hashed assets cached for good and the
 * pages never, under the same security headers as the API.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { useRunningService } from '../support/harness';
import { CONSOLE_DIRECTORY } from '../../apps/api/src/console/console-static';

describe('the console served by the API', () => {
  const service = useRunningService();

  beforeAll(() => {
    if (!existsSync(join(CONSOLE_DIRECTORY, 'index.html')))
      throw new Error(`the console is not built in ${CONSOLE_DIRECTORY}: npm test builds it (npm run build:console)`);
  });

  it('answers a deep link of the staff app with the staff page, uncached, and the petitioner page apart', async () => {
    const http = request(service.app.getHttpServer());
    const deep = await http.get('/console/cases/3f1c0a4e-0000-4000-8000-000000000000').expect(200);
    expect(deep.headers['content-type']).toMatch(/text\/html/);
    expect(deep.headers['cache-control']).toBe('no-cache');
    expect(deep.text).toContain('信访事项办理 · 工作台');
    expect(deep.headers['content-security-policy']).toContain("script-src 'self'");
    expect(deep.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const petitioner = await http.get('/console/petitioner').expect(200);
    expect(petitioner.text).toContain('阳光信访');
    expect(petitioner.text).not.toContain('src/staff');
    await http.get('/').expect(302).expect('Location', '/console/');
  });

  it('caches the hashed assets for a year and answers a missing one with 404, not the page', async () => {
    const http = request(service.app.getHttpServer());
    const page = readFileSync(join(CONSOLE_DIRECTORY, 'index.html'), 'utf8');
    const script = /src="\/console\/(assets\/[^"]+\.js)"/.exec(page)![1];
    const asset = await http.get(`/console/${script}`).expect(200);
    expect(asset.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
    await http.get('/console/assets/no-such-chunk.js').expect(404);
  });
});
