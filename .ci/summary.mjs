// Prints the plain "N passed, N failed" line from vitest's JSON report and sets the exit code:
// non-zero on any failure, on zero tests, or when `npm test` itself failed (lint, typecheck).
import { existsSync, readFileSync } from 'node:fs';

const [file, statusArg] = process.argv.slice(2);
const status = Number(statusArg ?? '1');
let passed = 0;
let failed = 0;
if (file && existsSync(file)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  // A suite that fails to load has no assertion results but must still count as a failure.
  const brokenSuites = (report.testResults ?? []).filter(
    (r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0,
  ).length;
  failed += brokenSuites;
}
if (status !== 0 && failed === 0) failed = 1; // lint or typecheck failed before or around the tests
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 || status !== 0 ? 1 : 0);
