/**
 * The 资格预审结果公告 (issue 18 §3) through the real API, PostgreSQL and S3: completing a prequalification
 * review that lets the procedure go on publishes a sealed notice on the portal and in the project's notices,
 * in the same transaction as the review; it names no applicant and gives no count (ZTB §22, ZTBT §19 —
 * each applicant is told its own result), while each applicant still sees its own. A failed review
 * publishes the 流标公告 only; a refused completion publishes nothing.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, deposits, notices } from '@ebid/db';
import { publicNoticePdf } from '@ebid/services';
import {
  answeredApplicants,
  callerAs,
  decideAllAnswers,
  orgOf,
  prequalificationProject,
  TEST_START as START,
  type SectionInput,
  type TestDeps,
  useDemoTestDeps,
} from '@ebid/testing';
import { apiClient, appError } from '../test-client.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: START });
const as = (u: string) => callerAs(deps, u);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-prequal-result-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const BIDDERS = ['bidder1', 'bidder2', 'bidder3', 'bidder4'];

async function prequalProject(name: string, sections: SectionInput[] = [{ name: '第一标段', ceilingFen: 450_000_000, securityFen: 5_000_000 }]) {
  deps.clock.set(START);
  const { project, criteria } = await prequalificationProject(deps, { name, budgetFen: 500_000_000, sections, noticeTitle: `${name}资格预审公告`, noticeBody: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标，采用资格预审。' });
  await deps.db.update(deposits).set({ status: 'received', receivedAt: START, form: 'cash' }).where(eq(deposits.projectId, project.id));
  return { project, criteria };
}

/** The stored PDF as the portal serves it, checked whole, sealed (pdfsig) and read as text. */
async function pdfText(noticeId: number, sha256: string): Promise<string> {
  const pdf = await publicNoticePdf(deps, noticeId);
  const chunks: Buffer[] = [];
  for await (const c of pdf.stream) chunks.push(Buffer.from(c as Uint8Array));
  const bytes = Buffer.concat(chunks);
  expect(bytes.length).toBe(pdf.size);
  expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
  const file = path.join(tmp, `${noticeId}.pdf`);
  fs.writeFileSync(file, bytes);
  expect(execFileSync('pdfsig', [file], { encoding: 'utf8' })).toContain('Signature is Valid');
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

/** What would identify or count the applicants: their names and credit codes, and any "N 家 / 个 / 名". */
async function applicantSecrets(): Promise<string[]> {
  const out: string[] = [];
  for (const b of BIDDERS) {
    const o = await orgOf(deps, b);
    out.push(o.orgName, o.creditCode);
  }
  return out;
}
const COUNTED = /\d+\s*(家|个|名)|[一二三四五六七八九十]+(家|个|名)(申请人|供应商|合格)/;

describe('the 资格预审结果公告 (issue 18 §3)', () => {
  it('3 qualified of 4: a sealed notice on the portal and in the project, without names or count; each applicant sees its own result', async () => {
    const { project: p, criteria } = await prequalProject('资格预审结果公告测试工程');
    const regs = await answeredApplicants(deps, { projectId: p.id, sectionIds: p.sections[0]!.id, criteria }, BIDDERS);
    const staff = await as('staff');

    // Bad input first: a completion with undecided criteria is refused and publishes nothing.
    expect(await appError(staff.qualification.completeReview({ projectId: p.id }))).toMatchObject({ code: 'VALIDATION', details: { reason: 'DECISIONS_MISSING' } });
    expect(await deps.db.select().from(notices).where(and(eq(notices.projectId, p.id), eq(notices.kind, 'prequalification_result')))).toEqual([]);

    await decideAllAnswers(deps, criteria, regs, ['bidder4']);
    const r = await staff.qualification.completeReview({ projectId: p.id });
    expect(r).toMatchObject({ status: 'BIDDING', qualifiedCount: 3, failureNoticeId: null });
    expect(r.resultNoticeId).toEqual(expect.any(Number));

    // The record: published, platform-issued, audited in the project's chain.
    const [n] = await deps.db.select().from(notices).where(eq(notices.id, r.resultNoticeId!));
    expect(n).toMatchObject({ projectId: p.id, kind: 'prequalification_result', status: 'published', title: '资格预审结果公告测试工程资格预审结果公告', sectionId: null });
    const trail = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${p.id}`), eq(auditEvents.action, 'notice.publish'), eq(auditEvents.subjectId, String(n!.id))));
    expect(trail).toHaveLength(1);
    expect(trail[0]!.payload).toMatchObject({ kind: 'prequalification_result', platformIssued: true });
    const complete = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${p.id}`), eq(auditEvents.action, 'qualification.complete')));
    expect(complete[0]!.payload).toMatchObject({ resultNoticeId: n!.id });

    // On the portal (no login) with its kind, and in the project's notices for the owner side.
    const anon = await apiClient(deps).call();
    const listed = await anon.portal.notices({ q: '资格预审结果公告测试工程', limit: 50 });
    expect(listed.items.filter((i) => i.kind === 'prequalification_result').map((i) => i.id)).toEqual([n!.id]);
    const publicView = await anon.portal.notice({ noticeId: n!.id });
    expect(publicView).toMatchObject({ kind: 'prequalification_result' });
    expect((await (await as('tenderee')).notice.forProject({ projectId: p.id })).map((x) => x.kind)).toContain('prequalification_result');

    // What it says: the outcome, the date, where each applicant sees its own result, the ZTB §22 basis.
    expect(publicView.body).toContain('通过资格预审的申请人数量符合法定要求');
    expect(publicView.body).toContain('资格预审结果通知书的形式单独告知');
    expect(publicView.body).toContain('《中华人民共和国招标投标法》第二十二条，本公告不公布通过资格预审的申请人名称及数量');
    expect(publicView.body).toContain('投标截止时间为');

    // What it must not: any applicant's name or credit code, or a count — in the record, the portal or the PDF.
    const text = await pdfText(n!.id, n!.pdfSha256!);
    expect(text).toContain('资格预审结果公告');
    expect(text).toContain(p.unifiedDealCode);
    expect(text).toContain('不公布通过资格预审的申请人名称及数量');
    for (const where of [text, publicView.body, n!.title, JSON.stringify(listed)]) {
      for (const s of await applicantSecrets()) expect(where.includes(s), s).toBe(false);
      expect(COUNTED.test(where), where.slice(0, 80)).toBe(false);
    }

    // Each applicant still sees its own result, and only its own.
    const mine4 = await (await as('bidder4')).qualification.mineForProject({ projectId: p.id });
    expect(mine4.map((m) => [m.registration.id, m.registration.status])).toEqual([[regs.bidder4, 'disqualified']]);
    const mine1 = await (await as('bidder1')).qualification.mineForProject({ projectId: p.id });
    expect(mine1.map((m) => [m.registration.id, m.registration.status])).toEqual([[regs.bidder1, 'qualified']]);
  });

  it('a section failing alone: the notice says it goes to its own 流标公告, the other goes on', async () => {
    const { project: p, criteria } = await prequalProject('资格预审结果分标段测试工程', [
      { name: '道路工程', ceilingFen: 200_000_000, securityFen: 2_000_000 },
      { name: '桥梁工程', ceilingFen: 200_000_000, securityFen: 2_000_000 },
    ]);
    const regs = await answeredApplicants(deps, { projectId: p.id, sectionIds: p.sections.map((s) => s.id), criteria }, ['bidder1', 'bidder2', 'bidder3']);
    await decideAllAnswers(deps, criteria, regs, ['bidder3:2']);
    const r = await (await as('staff')).qualification.completeReview({ projectId: p.id });
    expect(r).toMatchObject({ status: 'BIDDING', failedSections: ['002'] });
    const [n] = await deps.db.select().from(notices).where(eq(notices.id, r.resultNoticeId!));
    expect(n!.body).toContain('第001标段（道路工程）通过资格预审的申请人数量符合法定要求');
    expect(n!.body).toContain('第002标段（桥梁工程）通过资格预审的申请人不足，已另行发布流标公告');
    expect(COUNTED.test(n!.body)).toBe(false);
  });

  it('a failed review publishes its 流标公告 only, no result notice', async () => {
    const { project: p, criteria } = await prequalProject('资格预审结果流标测试工程');
    const regs = await answeredApplicants(deps, { projectId: p.id, sectionIds: p.sections[0]!.id, criteria }, ['bidder1', 'bidder2', 'bidder3']);
    await decideAllAnswers(deps, criteria, regs, ['bidder3']);
    const r = await (await as('staff')).qualification.completeReview({ projectId: p.id });
    expect(r).toMatchObject({ status: 'FAILED', resultNoticeId: null });
    expect((await deps.db.select().from(notices).where(eq(notices.projectId, p.id))).map((x) => x.kind).sort()).toEqual(['failure', 'prequalification']);
  });
});
