import { defineConfig } from 'vitest/config';
import { FAULT_FORM, FAULT_BUDGET } from './test/faults/support/budget.ts';

/**
 * The fault tests (`npm run test:faults`): SIGKILL during two-node runs, concurrent conflicting
 * actions, mutated and hostile ISO 18626 bodies, the authorisation matrix and a soak. Kept out of
 * `npm test` (see vitest.config.ts) because they take minutes. `FAULTS=quick` (the default, run by CI)
 * or `FAULTS=full` picks the form; every loop in them is bounded in time and in count.
 */
const jsonReport = process.env.VITEST_JSON_REPORT;

export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    env: { INTERLEND_SCRYPT_N: '1024', FAULTS: FAULT_FORM },
    // One file at a time: the soak measures latency and memory, and the SIGKILL run restarts servers;
    // neither should compete with another fault suite for the machine's cores.
    fileParallelism: false,
    testTimeout: FAULT_BUDGET.testTimeoutMs,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
  },
});
