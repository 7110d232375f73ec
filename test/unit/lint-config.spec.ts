/**
 * `npm run lint` guards workflow code: an activity called without await (its failure lost, its
 * effect unordered), Node's modules (no I/O in the deterministic sandbox) and the layers above
 * (apps/, activities/) fail the lint. The repository's own eslint.config.mjs lints probe files laid
 * out as in this repository, in a scratch project whose tsconfig extends ours but holds only the
 * probes, so the type-aware rules run without building the whole program.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface LintMessage {
  ruleId: string | null;
  message: string;
  line: number;
}

const ACTIVITIES = `import { proxyActivities } from '@temporalio/workflow';

const { deliverNotice } = proxyActivities<{ deliverNotice(petitionId: string): Promise<void> }>({
  startToCloseTimeout: '1 minute',
});
`;

/** Each probe: a path in the repository's layout and its source. */
const PROBES: Record<string, string> = {
  'workflows/petition/awaited.ts': `${ACTIVITIES}
export async function replyIssued(petitionId: string): Promise<void> {
  await deliverNotice(petitionId);
}
`,
  'workflows/petition/floating.ts': `${ACTIVITIES}
export async function replyIssued(petitionId: string): Promise<void> {
  deliverNotice(petitionId);
}
`,
  'workflows/petition/node-fs.ts': `import { readFileSync } from 'node:fs';

export const template = (): string => readFileSync('notice.txt', 'utf8');
`,
  'workflows/petition/bare-crypto.ts': `import { randomUUID } from 'crypto';

export const requestId = (): string => randomUUID();
`,
  'workflows/petition/apps.ts': `import { createApiApp } from '../../apps/api/src/bootstrap';

export const app = createApiApp;
`,
  'workflows/petition/activities.ts': `import type * as projection from '../../activities/petition-projection.activities';

export type Projection = typeof projection;
`,
  'activities/node-fs.ts': `import { readFileSync } from 'node:fs';

export const template = (): string => readFileSync('notice.txt', 'utf8');
`,
};

function lint(cwd: string, files: { filePath: string; code: string }[]): Promise<Record<string, LintMessage[]>> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(ROOT, 'test/support/lint-text.mjs')],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`lint-text failed: ${error.message}\n${stderr}`));
        const results = JSON.parse(stdout) as { filePath: string; messages: LintMessage[] }[];
        resolve(Object.fromEntries(results.map((r) => [r.filePath.slice(cwd.length + 1), r.messages])));
      },
    );
    child.stdin!.end(JSON.stringify({ cwd, configFile: join(ROOT, 'eslint.config.mjs'), files }));
  });
}

describe('lint config (eslint.config.mjs)', () => {
  let scratch: string;
  let found: Record<string, LintMessage[]>;
  const rulesIn = (path: string) => found[path].map((m) => m.ruleId);

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'lint-config-'));
    symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        extends: join(ROOT, 'tsconfig.json'),
        compilerOptions: { types: [] },
        include: ['workflows', 'activities'],
      }),
    );
    for (const [path, code] of Object.entries(PROBES)) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), code);
    }
    found = await lint(
      scratch,
      Object.entries(PROBES).map(([path, code]) => ({ filePath: join(scratch, path), code })),
    );
  }, 120_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('a workflow that awaits its activity passes', () => {
    expect(found['workflows/petition/awaited.ts']).toEqual([]);
  });

  it('a workflow that calls an activity without await fails: the promise floats', () => {
    expect(found['workflows/petition/floating.ts']).toEqual([
      expect.objectContaining({ ruleId: '@typescript-eslint/no-floating-promises', line: 8 }),
    ]);
  });

  it("a workflow importing 'node:fs' or bare 'crypto' fails: no Node built-ins in the sandbox", () => {
    expect(rulesIn('workflows/petition/node-fs.ts')).toEqual(['no-restricted-imports']);
    expect(rulesIn('workflows/petition/bare-crypto.ts')).toEqual(['no-restricted-imports']);
    expect(found['workflows/petition/node-fs.ts'][0].message).toMatch(/workflow code is deterministic and sandboxed/);
  });

  it('a workflow importing from apps/ or activities/ fails, even for types only', () => {
    expect(found['workflows/petition/apps.ts']).toEqual([
      expect.objectContaining({
        ruleId: 'no-restricted-imports',
        message: expect.stringMatching(/workflows depend on libs\/ only/),
      }),
    ]);
    expect(rulesIn('workflows/petition/activities.ts')).toEqual(['no-restricted-imports']);
  });

  it("an activity may read files: the import rule is the workflows' alone", () => {
    expect(found['activities/node-fs.ts']).toEqual([]);
  });
});
