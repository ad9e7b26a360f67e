// Prints the closing "N passed, N failed" line from Vitest's JSON report plus
// any CI steps (typecheck, lint, format) that failed, and sets the exit code.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath, failedStepsText = '0'] = process.argv.slice(2);
const failedSteps = Number(failedStepsText);
let passed = 0;
let failed = 0;
let skipped = 0;
if (reportPath && existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} else {
  failed += 1;
}
failed += failedSteps;
const suffix = skipped > 0 ? `, ${skipped} skipped` : '';
console.log(`${passed} passed, ${failed} failed${suffix}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
