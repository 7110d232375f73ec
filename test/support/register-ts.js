// `node -r ./test/support/register-ts.js some/entry.ts`: runs the TypeScript sources directly
// (swc, the same transform jest uses), so a test can start the real API or worker entry point as
// a process without a build.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const ROOT = join(__dirname, '..', '..');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      // tsconfig.json's '@/' alias (the repository root), rewritten to relative paths as tsc-alias does.
      baseUrl: ROOT,
      paths: { '@/*': ['./*'] },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
