// Print one plain line "N passed, M failed" from a vitest JSON report (the line CI reads), preceded by one
// short block per failure: where it failed, the error's first lines and, for a browser action, the end of
// Playwright's call log (what it was waiting for). CI shows only part of a long output; this tail names
// every failure in a few lines, where vitest's own report above may have been cut.
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

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
);
const failed = r.numFailedTests + failedSuites.length;

const plain = (s) => stripVTControlCharacters(String(s ?? ''));
/** The error's first lines and the first and last lines of a Playwright call log, at most ~1,200 characters. */
function brief(message) {
  const lines = plain(message).split('\n');
  const head = [];
  for (const l of lines) {
    if (/^\s+at |^\s*❯ |^Call log:/.test(l) || head.length >= 6) break;
    if (l.trim()) head.push(l.trimEnd());
  }
  const log = lines.indexOf('Call log:') >= 0 ? lines.slice(lines.indexOf('Call log:') + 1).filter((l) => /^\s+- /.test(l)) : [];
  // The first entry names the locator; the last ones say what it was still waiting for.
  const tail = log.length > 7 ? [log[0], '  …', ...log.slice(-5)] : log;
  const text = [...head, ...(tail.length ? ['  Call log:', ...tail] : [])].map((l) => `    ${l}`).join('\n');
  return text.length > 1200 ? `${text.slice(0, 1200)} …` : text;
}

const blocks = [];
for (const s of r.testResults ?? []) {
  const where = path.relative(process.cwd(), s.name ?? '');
  if (failedSuites.includes(s)) blocks.push(`✗ ${where} (the file failed: ${(s.assertionResults ?? []).length} test(s) not run)\n${brief(s.message)}`);
  for (const a of s.assertionResults ?? []) {
    if (a.status !== 'failed') continue;
    const first = (a.failureMessages ?? [])[0] ?? '';
    blocks.push(`✗ ${where} > ${a.fullName ?? a.title}\n${brief(first)}`);
  }
}
if (blocks.length) {
  console.log(`\n[ebid] ${blocks.length} failure(s), in brief:`);
  for (const b of blocks.slice(0, 40)) console.log(b);
  if (blocks.length > 40) console.log(`… and ${blocks.length - 40} more (the vitest report above has them all)`);
}
console.log(`${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (failed > 0 || r.numPassedTests === 0) process.exit(1);
