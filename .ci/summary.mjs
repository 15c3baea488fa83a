// Prints the plain "N passed, N failed" line CI reads, from vitest's JSON report.
// With no report (the type check failed before vitest ran) the run counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [file, status] = process.argv.slice(2);
if (!file || !existsSync(file)) {
  console.log(`0 passed, ${status === '0' ? 0 : 1} failed`);
} else {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
