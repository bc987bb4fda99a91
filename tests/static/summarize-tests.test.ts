/**
 * The test command's last lines (scripts/summarize-tests.mjs): the plain "N passed, M failed" line CI reads,
 * preceded by one short block per failure. CI shows only part of a long output — stop 29's browser failure
 * was cut to "locator.click: Timeout … […]" without saying which locator — so the tail must name each
 * failure, the locator Playwright waited for and what it was still waiting for.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@ebid/testing';

const run = promisify(execFile);

async function summarize(report: unknown): Promise<{ code: number; out: string }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-summary-')), 'vitest.json');
  fs.writeFileSync(file, JSON.stringify(report));
  try {
    const r = await run('node', ['scripts/summarize-tests.mjs', file], { cwd: REPO_ROOT });
    return { code: 0, out: r.stdout };
  } catch (e) {
    const x = e as { code?: number; stdout?: string };
    return { code: x.code ?? 1, out: x.stdout ?? '' };
  }
}

const CLICK = [
  'TimeoutError: locator.click: Timeout 45000ms exceeded.',
  'Call log:',
  "  - waiting for getByTestId('committee-request-submit')",
  '  - locator resolved to <button>',
  '  - attempting click action',
  '  - waiting for element to be visible, enabled and stable',
  '  - element is visible, enabled and stable',
  '  - scrolling into view if needed',
  '  - done scrolling',
  '  - <div class="ant-modal-wrap"> intercepts pointer events',
  '  - retrying click action',
  '',
  `    at ${REPO_ROOT}/tests/e2e/x.e2e.test.ts:10:3`,
].join('\n');

describe('the test summary (scripts/summarize-tests.mjs)', () => {
  it('all green: only the counted line, exit 0', async () => {
    const r = await summarize({ numPassedTests: 5, numFailedTests: 0, numPendingTests: 0, testResults: [{ name: 'a', status: 'passed', assertionResults: [{ status: 'passed' }] }] });
    expect(r).toEqual({ code: 0, out: '5 passed, 0 failed\n' });
  });

  it('a failed browser action: its test, the error, the locator and what it still waited for; the counted line last; exit 1', async () => {
    const r = await summarize({
      numPassedTests: 3,
      numFailedTests: 1,
      numPendingTests: 1,
      testResults: [
        { name: `${REPO_ROOT}/tests/e2e/x.e2e.test.ts`, status: 'failed', assertionResults: [{ status: 'failed', fullName: 'the draw staff requests', failureMessages: [CLICK] }] },
        { name: `${REPO_ROOT}/tests/e2e/y.e2e.test.ts`, status: 'failed', message: 'Error: server exited with 1; output:\nstart failed: demo committee\n    at start (x.ts:1:1)', assertionResults: [{ status: 'skipped' }] },
      ],
    });
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('3 passed, 2 failed, 1 skipped');
    expect(r.out).toContain('[ebid] 2 failure(s), in brief:');
    expect(r.out).toContain('✗ tests/e2e/x.e2e.test.ts > the draw staff requests');
    expect(r.out).toContain('TimeoutError: locator.click: Timeout 45000ms exceeded.');
    expect(r.out).toContain("- waiting for getByTestId('committee-request-submit')");
    expect(r.out).toContain('intercepts pointer events');
    expect(r.out).not.toContain('at /'); // no stack frames
    expect(r.out).toContain('✗ tests/e2e/y.e2e.test.ts (the file failed: 1 test(s) not run)');
    expect(r.out).toContain('start failed: demo committee');
  });

  it('no report: one failure, exit 1', async () => {
    const r = await run('node', ['scripts/summarize-tests.mjs', '/nonexistent/vitest.json'], { cwd: REPO_ROOT }).catch((e: { code: number; stdout: string }) => e);
    expect(r).toMatchObject({ code: 1, stdout: '0 passed, 1 failed\n' });
  });
});
