/** One jest run covers every tier. `unit` is pure (policy, calendar, config); `servers` holds the
 *  workflow tests (time-skipping server, started per file) and the integration / end-to-end tests
 *  on a real PostgreSQL and Temporal dev server that test/support/global-setup.ts starts on free
 *  ports once per run (global-teardown stops them). `npx jest --selectProjects unit` runs the pure
 *  tier alone. `test/browser` (in `servers`) drives the console in Debian's Chromium. `cluster` (`npm run test:cluster`, not part of `npm test`) starts the native
 *  production topology per file: the cluster end-to-end test and the fault tests (test/faults). */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};
// The '@/' alias of tsconfig.json (the repository root), as the sources use it from apps/.
const moduleNameMapper = { '^@/(.*)$': '<rootDir>/$1' };
module.exports = {
  testTimeout: 120000,
  verbose: true,
  projects: [
    {
      displayName: 'unit',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/unit/**/*.spec.ts', '<rootDir>/test/compose/**/*.spec.ts'],
      transform,
      moduleNameMapper,
    },
    {
      displayName: 'servers',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/test/workflows/**/*.spec.ts',
        '<rootDir>/test/replay/**/*.spec.ts',
        '<rootDir>/test/integration/**/*.spec.ts',
        '<rootDir>/test/e2e/**/*.spec.ts',
        '<rootDir>/test/browser/**/*.spec.ts',
      ],
      transform,
      moduleNameMapper,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // `npm run screenshots` (not a test run): the console's main screens into docs/screenshots/.
      displayName: 'screenshots',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/screenshots/**/*.screenshots.ts'],
      transform,
      moduleNameMapper,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // `npm run test:cluster`: the native compose topology (Temporal server on PostgreSQL, two
      // workers, two API replicas behind a proxy), one per file, and the fault tests against it.
      displayName: 'cluster',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/cluster/**/*.spec.ts', '<rootDir>/test/faults/**/*.spec.ts'],
      transform,
      moduleNameMapper,
      globalSetup: '<rootDir>/test/support/cluster-build.ts',
    },
  ],
};
