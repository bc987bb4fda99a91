/**
 * O2 (政府采购法 §36) on PostgreSQL + S3: a GP 公开招标 evaluated by 综合评分法 with 3 bids, two of them
 * failed by the majority of the committee — fewer than 3 qualified and responsive suppliers, so the
 * evaluation stops and the procurement fails: status `failed` with the reason, audited, nothing of the
 * review can be done any more — and the procurement really fails: the project FAILED with its sealed
 * 废标公告 when it has no other section (the suppliers and the owner side told), or the section alone with
 * its own notice while the project's other sections go on (issue 16 §7).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, evaluations, notices, notifications, projects, sections, type Db } from '@ebid/db';
import { gpComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { appError } from '@ebid/api/test-client';
import { contextAs, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { closeStage } from './review.ts';
import { beginReview, evaluationKit, reviewKit, scoreEntries, signOneValidOfThree, type ReviewKit } from './review-test-kit.ts';
import { saveSheetDraft } from './sheets.ts';
import { getEvaluation } from './view.ts';
import { replayEvaluation } from './replay.ts';
import { evaluationReportPdf, recordDissent, signEvaluationReport } from './report.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

let r: ReviewKit;
let evaluationId: number;

const gpKit = async () => {
  const kit = await evaluationKit(deps, { method: gpComprehensive(), project: { tradeType: 'procurement', method: 'open', budgetFen: 880_000_000 } });
  const rk = reviewKit(kit);
  await beginReview(deps, rk);
  return rk;
};

const noticeOf = async (db: Db, id: number) => (await db.select().from(notices).where(eq(notices.id, id)))[0];

beforeAll(async () => {
  r = await gpKit();
  evaluationId = r.kit.evaluationId;
}, 180_000);

describe('GP: fewer than 3 compliant bids stop the evaluation (O2)', () => {
  it('two bids failed by the majority → failed with the reason, audited; the review is closed', async () => {
    await signOneValidOfThree(deps, r);
    const closed = await closeStage(deps, await r.ctx(r.chair), { evaluationId });
    expect(closed).toMatchObject({ status: 'failed', closed: 'compliance' });
    expect(closed.failureReason).toContain('不足三家');
    const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
    expect(e).toMatchObject({ status: 'failed', failureReason: closed.failureReason });
    expect(e!.failedAt).not.toBeNull();
    const [ev] = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.failed'));
    expect(ev!.payload).toMatchObject({ reason: 'GP_FEWER_THAN_THREE', rule: 'O2', valid: 1, failureNoticeId: closed.failureNoticeId, projectFailed: true });
    expect(ev!.objectHashes).toHaveLength(12); // the manifest, the result, and the 5 compliance sheets with their CMS
    expect((await appError(saveSheetDraft(deps, await r.ctx(r.kit.members[0]!), { evaluationId, stage: 'scores', entries: scoreEntries({ 投标人1: { C1: '3' } }) }))).details).toMatchObject({ reason: 'STAGE_NOT_OPEN' });
    expect((await appError(closeStage(deps, await r.ctx(r.chair), { evaluationId }))).details).toMatchObject({ reason: 'STAGE_NOT_OPEN' });
  });

  it('the procurement fails: the project FAILED (CG §36) with its sealed 废标公告, the section marked, suppliers and owner side told', async () => {
    const [p] = await deps.db.select().from(projects).where(eq(projects.id, r.kit.projectId));
    expect(p).toMatchObject({ status: 'FAILED', statusDetail: { failure: { reason: 'too_few_qualified' } } });
    expect(['OPENING', 'EVALUATION']).toContain(p!.statusDetail.stoppedAt); // the kit evaluates before the opening's close
    const [ev] = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.failed'));
    const noticeId = (ev!.payload as { failureNoticeId: number }).failureNoticeId;
    const [s] = await deps.db.select().from(sections).where(eq(sections.id, r.kit.sectionId));
    expect(s).toMatchObject({ status: 'failed', failureReason: 'too_few_compliant', failureNoticeId: noticeId });
    const n = await noticeOf(deps.db, noticeId);
    expect(n).toMatchObject({ kind: 'failure', status: 'published', sectionId: null });
    expect(n!.title).toMatch(/废标公告$/);
    expect(n!.body).toContain('《中华人民共和国政府采购法》第三十六条');
    expect(n!.body).toContain('不足3家');
    expect(n!.body).not.toContain('招标投标法'); // GP cites its own law (issue 18 §1)
    expect(n!.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await deps.storage.stat(n!.pdfSha256!)).not.toBeNull();
    const told = await deps.db.select().from(notifications).where(and(eq(notifications.kind, 'evaluation.failed'), eq(notifications.link, `/notices/${noticeId}`)));
    const toldUsers = new Set(told.map((x) => x.userId));
    for (const b of r.kit.bids) expect(toldUsers, b.username).toContain((await contextAs(deps, b.username)).actor!.userId);
    expect(told[0]!.titleZh).toContain('废标');
    // The failed evaluation's view links the notice.
    const view = await getEvaluation(deps, await contextAs(deps, 'staff'), { evaluationId });
    expect(view).toMatchObject({ status: 'failed', failureNoticeId: noticeId });
  });
  it('the committee signs the report of the failure (its findings and reasons); replay from the objects matches; then it is read-only', async () => {
    const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
    expect(e).toMatchObject({ status: 'failed', signedAt: null });
    expect(e!.reportSha256).toMatch(/^[0-9a-f]{64}$/);
    const file = await evaluationReportPdf(deps, await contextAs(deps, 'staff'), { evaluationId });
    const chunks: Buffer[] = [];
    for await (const c of file.stream) chunks.push(Buffer.from(c as Uint8Array));
    const pdf = Buffer.concat(chunks);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-failed-report-'));
    try {
      fs.writeFileSync(path.join(dir, 'r.pdf'), pdf);
      const text = execFileSync('pdftotext', [path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(text).toContain('评标已终止');
      expect(text).toContain('不足三家');
      expect(text).toContain('未提供有效的营业执照'); // the reasons the committee gave
      expect(execFileSync('pdfsig', [path.join(dir, 'r.pdf')], { encoding: 'utf8' })).toContain('Signature is Valid');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(await replayEvaluation(deps, await contextAs(deps, 'staff'), { evaluationId })).toMatchObject({ matches: true, problem: null });
    for (const m of r.kit.members) await signEvaluationReport(deps, await m.ctx(), { evaluationId, reportSha256: e!.reportSha256!, signatureBase64: m.signB64(pdf) });
    const [after] = await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
    expect(after!.status).toBe('failed'); // its section (or project) failed: signing does not make it a result
    expect(after!.signedAt).not.toBeNull();
    const m0 = r.kit.members[0]!;
    expect((await appError(recordDissent(deps, await m0.ctx(), { evaluationId, text: '我认为投标人3的交货期满足要求' }))).details).toMatchObject({ reason: 'EVALUATION_SIGNED' });
  });
});
