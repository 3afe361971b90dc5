import { defineConfig } from 'vitest/config';

// CI sets VITEST_JSON so that .ci/summary.mjs can print the plain "N passed, N failed" line.
const jsonReport = process.env.VITEST_JSON;

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Tests marked concurrent (the hostile links of tests/e2e/faults.test.ts) run two at a time: one page each.
    maxConcurrency: 2,
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
