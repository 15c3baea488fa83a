// Prints the plain "N passed, N failed" line CI reads, summed over vitest's JSON reports.
// Usage: node .ci/summary.mjs <exit status> <report.json>…  A report that is missing is skipped;
// with none at all (the type check failed before vitest ran) a failed run counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [status, ...files] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let read = 0;
for (const file of files) {
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  read += 1;
}
if (read === 0 && status !== '0') failed = 1;
// A non-zero exit with no failed test (a crashed worker, an unhandled error) still fails the run.
if (status !== '0' && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
