/**
 * Issue 22 §6, §7 in Chromium: one member of a five-member committee goes through the 评标室 in the browser —
 * 今日评标, the certificate sign-in with the .p12 backups of its own keys, 签到, the avoidance declaration
 * signed in the browser (E3), the chair's election, the compliance review signed in the browser, 结束本阶段
 * as the elected chair, the scoring with the running totals (a score with too many decimals refused in the
 * domain's words before anything is sent), the signed score sheet, and the signature over the sealed report's PDF.
 * The other four members act through the services with their own keys. axe-core on each main step.
 *
 * Setup: the evaluation is built in this process by the services' test kit (`evaluationKit`: a project
 * opened with three decrypted bids, the committee drawn and published, the method frozen, the session
 * started) on the database, bucket and platform PKI of a server of the test's own (started first: it migrates
 * the empty database and makes the PKI), whose fake clock is then set to the kit's instant.
 * Screenshots: /tmp/ebid-e2e/evaluation-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { declareNoConflict, evaluationDeclaration, evaluationReportPdf, signEvaluationReport, signInToEvaluation, voteChair } from '@ebid/services';
import { complianceEntries, draftAndSign, evaluationKit, reviewKit, scoreEntries, setOpeningK, type KitEvaluation, type ReviewKit } from '@ebid/services/evaluation/review-test-kit';
import type { TestDeps } from '@ebid/testing';
import { expectAccessible, ownServerKit, setServerClock } from './harness.ts';
import { certificateLoginInRoom, startEvaluationE2e, until, type EvaluationE2e } from './evaluation-e2e-kit.ts';

const BIDS = ['投标人1', '投标人2', '投标人3'];
const ITEMS = ['Q1', 'R1'];

let e2e: EvaluationE2e;
let base: string;
let deps: TestDeps;
let kit: KitEvaluation;
let r: ReviewKit;
let evaluationId: number;
const ui = ownServerKit({ base: () => base, shotPrefix: 'evaluation', timeoutMs: 30_000 });

/** Member i's scores: C1 (objective) the same for everyone (S5). */
function scoresOf(i: number): Record<string, Record<string, string>> {
  return {
    投标人1: { T1: String(18 + i), T2: '8', C1: '4' },
    投标人2: { T1: `${20 - i}.5`, T2: '7.5', C1: '3' },
    投标人3: { T1: '21', T2: String(6 + i * 0.5), C1: '5' },
  };
}

beforeAll(async () => {
  e2e = await startEvaluationE2e('ebid-e2e-i22-');
  base = e2e.base;
  deps = e2e.deps;
  kit = await evaluationKit(deps, { method: engComprehensive() });
  await setOpeningK(deps, kit.projectId, '0.98');
  r = reviewKit(kit, 0);
  evaluationId = kit.evaluationId;
  // The server's clock where the kit's is now.
  await setServerClock(base, deps.clock.now().toISOString());
  await ui.launch();
}, 300_000);

afterAll(async () => {
  await ui.close();
  await e2e?.close();
});

const stepOf = (page: Page) => page.getByTestId('evaluation-room').getAttribute('data-step');

/** Click a button, then its Popconfirm's OK. */
async function confirmed(page: Page, testId: string, ok: RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-popover:visible').getByRole('button', { name: ok }).click();
}

describe('the evaluation room in the browser (issue 22)', () => {
  let page: Page;
  const me = () => kit.members[0]!;
  const others = () => kit.members.slice(1);

  it('今日评标 lists the session; the room asks for the certificate; .p12 import, certificate sign-in, 签到', async () => {
    // The other members sign in and declare through the services.
    for (const m of others()) {
      const ctx = await r.ctx(m);
      await signInToEvaluation(deps, ctx, { evaluationId });
      const { text } = await evaluationDeclaration(deps, ctx, { evaluationId });
      await declareNoConflict(deps, ctx, { evaluationId, signatureBase64: m.signB64(new TextEncoder().encode(text)) });
    }
    page = await ui.newPage();
    await ui.signIn(page, me().username);
    await page.goto(`${base}/workspace/expert/sessions`);
    await page.getByTestId(`evaluation-enter-${evaluationId}`).waitFor();
    await expectAccessible(page, '今日评标');
    await ui.shot(page, '1-sessions');
    await page.getByTestId(`evaluation-enter-${evaluationId}`).click();
    await page.getByTestId('evaluation-room').waitFor();
    expect(await stepOf(page)).toBe('signIn');
    // The member's keys, as the .p12 backups it would have kept; the certificate login.
    await page.getByTestId('evaluation-keys').waitFor();
    await expectAccessible(page, 'room: sign-in');
    await certificateLoginInRoom(page, e2e, me().username);
    await page.getByTestId('evaluation-signin-button').click();
    await until(page, async () => (await stepOf(page)) === 'declare');
    await ui.shot(page, '2-signed-in');
  });

  it('the avoidance declaration: the exact text, signed in the browser (E3); then the bids show', async () => {
    const text = (await page.getByTestId('evaluation-declaration-text').textContent()) ?? '';
    const server = await evaluationDeclaration(deps, await r.ctx(me()), { evaluationId });
    expect(text).toBe(server.text);
    await expectAccessible(page, 'room: declaration');
    await page.getByTestId('evaluation-declare').click();
    await until(page, async () => (await stepOf(page)) === 'chair');
    await page.getByTestId('evaluation-bids').waitFor();
    for (const b of BIDS) expect(await page.getByTestId('evaluation-bids').textContent()).toContain(b);
    await ui.shot(page, '3-declared');
  });

  it('the chair: this member votes for itself, two others agree, the compliance review begins', async () => {
    await page.getByTestId(`evaluation-vote-${me().userId}`).click();
    await until(page, async () => (await page.getByTestId(`evaluation-votes-${me().userId}`).textContent()) === '1');
    for (const m of others().slice(0, 2)) await voteChair(deps, await r.ctx(m), { evaluationId, candidateUserId: me().userId });
    await until(page, async () => (await stepOf(page)) === 'compliance');
    await page.getByTestId('evaluation-compliance-form').waitFor();
    await page.getByTestId('evaluation-progress').waitFor();
    await expectAccessible(page, 'room: compliance');
  });

  it('compliance: a fail needs its reason; every item passes, the sheet is signed in the browser; the chair closes the stage', async () => {
    for (const m of others()) await draftAndSign(deps, r, m, 'compliance', complianceEntries(BIDS, ITEMS));
    const form = page.getByTestId('evaluation-compliance-form');
    // A failure without its reason blocks the signature.
    await form.getByTestId('compliance-投标人1-Q1').getByText('不通过').click();
    await page.getByTestId('evaluation-compliance-blocked').waitFor();
    await form.getByTestId('compliance-reason-投标人1-Q1').fill('资格证书已过期');
    for (const b of BIDS) for (const i of ITEMS) await form.getByTestId(`compliance-${b}-${i}`).getByText('通过', { exact: true }).click();
    expect(await page.getByTestId('evaluation-compliance-blocked').count()).toBe(0);
    await ui.shot(page, '4-compliance');
    await confirmed(page, 'evaluation-compliance-sign', /签署提交/);
    await page.getByTestId('evaluation-sheet-signed').waitFor();
    await until(page, async () => ((await page.getByTestId(`evaluation-progress-${me().userId}-compliance`).textContent()) ?? '').includes('已签署'));
    await confirmed(page, 'evaluation-close-stage', /结束本阶段/);
    await until(page, async () => (await stepOf(page)) === 'scores');
  });

  it('scoring: the running totals follow the input; a score with too many decimals is refused in the domain words; signed in the browser', async () => {
    for (const [i, m] of others().entries()) await draftAndSign(deps, r, m, 'scores', scoreEntries(scoresOf(i + 1)));
    const form = page.getByTestId('evaluation-scores-form');
    await form.waitFor();
    const cell = (bid: string, c: string) => form.getByTestId(`score-${bid}-${c}`).locator('input').or(form.locator(`input[data-testid="score-${bid}-${c}"]`)).first();
    // T1 takes one decimal: refused in the domain's words before anything is sent
    await cell('投标人1', 'T1').fill('12.25');
    await form.getByTestId('score-error-投标人1-T1').waitFor();
    expect(await form.getByTestId('score-error-投标人1-T1').textContent()).toContain('至多1位小数');
    await expectAccessible(page, 'room: scoring');
    const mine = scoresOf(0);
    for (const b of BIDS) for (const c of ['T1', 'T2', 'C1']) await cell(b, c).fill(mine[b]![c]!);
    await until(page, async () => (await form.getByTestId('score-error-投标人1-T1').count()) === 0);
    // 18 + 8 + 4 = 30; 20.5 + 7.5 + 3 = 31; 21 + 6 + 5 = 32
    expect(await form.getByTestId('score-total-投标人1').textContent()).toContain('30.00');
    expect(await form.getByTestId('score-total-投标人2').textContent()).toContain('31.00');
    expect(await form.getByTestId('score-total-投标人3').textContent()).toContain('32.00');
    await ui.shot(page, '5-scores');
    await confirmed(page, 'evaluation-scores-sign', /签署提交/);
    await form.getByTestId('evaluation-sheet-signed').waitFor();
    await until(page, async () => ((await page.getByTestId(`evaluation-progress-${me().userId}-scores`).textContent()) ?? '').includes('已签署'));
    await confirmed(page, 'evaluation-close-stage', /结束本阶段/);
    await until(page, async () => (await stepOf(page)) === 'report', 60_000);
  });

  it('the report: sealed, signed in the browser over its PDF bytes; the others sign; the evaluation is signed', async () => {
    const report = page.getByTestId('evaluation-report');
    await report.getByTestId('evaluation-report-sha').waitFor();
    await expectAccessible(page, 'room: report');
    await confirmed(page, 'evaluation-report-sign', /签署评标报告/);
    await until(page, async () => ((await report.getByTestId('evaluation-report-my-state').textContent()) ?? '').includes('已签署'));
    for (const m of others()) {
      const ctx = await r.ctx(m);
      const pdf = await evaluationReportPdf(deps, ctx, { evaluationId });
      const chunks: Buffer[] = [];
      for await (const c of pdf.stream) chunks.push(Buffer.from(c as Uint8Array));
      await signEvaluationReport(deps, ctx, { evaluationId, reportSha256: pdf.sha256, signatureBase64: m.signB64(Buffer.concat(chunks)) });
    }
    await until(page, async () => (await page.getByTestId('evaluation-room').getAttribute('data-status')) === 'signed', 30_000);
    expect(await report.getByTestId('evaluation-report-signatures').textContent()).toContain('5/5');
    await ui.shot(page, '6-signed');
    await expectAccessible(page, 'room: signed');
    // English available on the same room.
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Evaluation room' }).waitFor();
    expect(await page.getByTestId('evaluation-status').textContent()).toContain('Report signed');
    await expectAccessible(page, 'room: signed (en)');
    expect(ui.problems.filter((p) => !/HTTP 4\d\d/.test(p))).toEqual([]);
  });
});
