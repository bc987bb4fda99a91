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
// A file that failed without a failed test (it did not load, or a beforeAll/afterAll hook threw and its
// tests were skipped) counts as one failure, so it can never pass as green.
const failedSuites = (r.testResults ?? []).filter(
  (s) => s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed'),
).length;
const failed = r.numFailedTests + failedSuites;
console.log(`${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (failed > 0 || r.numPassedTests === 0) process.exit(1);
