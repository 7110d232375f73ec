import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const CONSOLE_API_TYPES_FILE = join(ROOT, 'apps', 'console', 'src', 'api', 'openapi.d.ts');

/**
 * openapi-typescript's rendering of the document, with a header saying where it comes from. Run as
 * its CLI (an ES module dependency of it does not load in jest's CommonJS).
 */
export function consoleApiTypes(document: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'),
        join(dir, 'openapi.json'),
        '--alphabetize',
        '-o',
        join(dir, 'openapi.d.ts'),
      ],
      { stdio: 'pipe' },
    );
    return `/**\n * Generated from the API's OpenAPI document by openapi-typescript: do not edit.\n * Regenerate with \`npm run console:api-types\` after changing the API.\n */\n\n${readFileSync(join(dir, 'openapi.d.ts'), 'utf8')}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
