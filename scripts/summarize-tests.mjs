// Print one plain line "N passed, M failed" from a vitest JSON report (the line CI reads).
import fs from 'node:fs';
const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error('[ebid] no vitest report was written');
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
// A suite that failed to load counts as a failure even if it declared no test.
const failedSuites = (r.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
const failed = r.numFailedTests + failedSuites;
console.log(`${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (failed > 0 || r.numPassedTests === 0) process.exit(1);
