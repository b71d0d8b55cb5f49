import { configDefaults, defineConfig } from 'vitest/config';

/** When set, also write a JSON report there (read by .ci/run to print the pass/fail counts). */
const jsonReport = process.env.VITEST_JSON_REPORT;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts', 'bench/**/*.test.ts'],
    // The fault tests take minutes; they run with `npm run test:faults` (vitest.faults.config.ts).
    exclude: [...configDefaults.exclude, 'test/faults/**'],
    globalSetup: ['test/support/global-setup.ts'],
    // Cheaper password hashing for the many users tests create; production keeps the full cost.
    env: { INTERLEND_SCRYPT_N: '1024' },
    // Database suites create a database and migrate it; e2e tests start real processes.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
  },
});
