/**
 * The evaluation report on PostgreSQL + S3 (issue 22 §5; S11, R87 §64): sealed by the platform at the end of
 * scoring (verifySealedPdf, pdfsig), signed by every member with a detached CMS over the sealed bytes
 * (openssl verifies each), a dissent re-seals it (earlier signatures no longer count), all signed → read-only,
 * a reopening in an R87 §64 case starts a new round with the scored sheets void, and the next report lists it.
 *
 * Review and finish are written elsewhere: the setup signs the members' sheets, builds the manifest and
 * `evaluate()`'s result itself, stores them as objects and sets the row to 'reporting', as finish.ts will.
 */
import crypto from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents, evaluationMembers, evaluationReportSignatures, evaluations, evaluationSheets, liveEvents, openingBids, organizations, users } from '@ebid/db';
import {
  canonicalJson,
  evaluate,
  EVALUATION_MANIFEST_TYPE,
  sheetBytes,
  sheetObject,
  type ComplianceFinding,
  type EvaluationManifest,
  type ScoreSheet,
  type SheetStage,
} from '@ebid/domain/evaluation';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { verifySealedPdf } from '@ebid/pdf';
import { appError } from '@ebid/api/test-client';
import { contextAs, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import type { RequestContext } from '../context.ts';
import { declareNoConflict, evaluationDeclaration, signInToEvaluation } from './start.ts';
import { evaluationKit, type KitEvaluation, type KitMember } from './test-kit.ts';
import { evaluationReport, evaluationReportPdf, recordDissent, reopenEvaluation, reportSignatures, sealEvaluationReport, signEvaluationReport, withdrawDissent } from './report.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

const MIN = 60_000;
const sha256Hex = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');
const DISSENT = '本人认为投标人2的施工组织设计评分偏高，\n其关键工序安排不满足招标文件要求，保留意见。';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-eval-report-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function errOf(p: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  const e = await appError(p);
  return { code: e.code, reason: e.details?.reason };
}

/** Moves the clock on, so each act has its own instant (and each report its own bytes). */
function tick(minutes = 1): void {
  deps.clock.set(new Date(deps.clock.now().getTime() + minutes * MIN));
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** pdftotext without whitespace (table cells wrap). */
function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(work, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

function opensslVerify(name: string, pdf: Buffer, cmsBase64: string): number | null {
  const content = path.join(work, `${name}.pdf`);
  const sig = path.join(work, `${name}.p7s`);
  const root = path.join(work, 'root.pem');
  fs.writeFileSync(content, pdf);
  fs.writeFileSync(sig, Buffer.from(cmsBase64, 'base64'));
  fs.writeFileSync(root, deps.pki.platform.rootCertPem);
  return spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', content, '-CAfile', root, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' }).status;
}

interface Setup {
  kit: KitEvaluation;
  ctx: RequestContext[];
  names: string[];
  /** bid id → session label (投标人N) */
  labels: Map<number, string>;
  bids: { bidId: number; label: string; bidderName: string; priceFen: number }[];
  /** the signed sheets of the current members: what the manifest lists */
  sheets: { memberId: string; stage: SheetStage; sha256: string; cmsSha256: string }[];
  findings: ComplianceFinding[];
}

/** Member i's scores (T1 ≤ 25 one decimal, T2 ≤ 10 step 0.5, C1 ≤ 5 objective: the same for everyone). */
function scoresOf(i: number, round: number): Record<string, Record<string, string>> {
  const bump = round > 1 ? 1 : 0;
  return {
    投标人1: { T1: String(18 + i), T2: '8', C1: '4' },
    投标人2: { T1: `${20 - i}.5`, T2: '7.5', C1: '3' },
    投标人3: { T1: String(21 + bump), T2: String(6 + i * 0.5), C1: '5' },
  };
}

/** A member signs a sheet: the canonical object is stored, the row inserted as signSheet will do. */
async function signSheet(st: Setup, i: number, stage: SheetStage, round: number, entries: Record<string, unknown>[]): Promise<void> {
  const m = st.kit.members[i]!;
  const e = (await deps.db.select().from(evaluations).where(eq(evaluations.id, st.kit.evaluationId)))[0]!;
  const o = sheetObject({ evaluationId: e.id, round, stage, memberId: String(m.userId), methodSha256: e.methodSha256, labelsSha256: e.labelsSha256, entries });
  const bytes = sheetBytes(o);
  const cms = m.signB64(bytes);
  const stored = await deps.storage.put(bytes, { contentType: 'application/json' });
  const now = deps.clock.now();
  await deps.db.insert(evaluationSheets).values({
    evaluationId: e.id,
    memberUserId: m.userId,
    stage,
    round,
    draft: { entries },
    sha256: stored.sha256,
    size: stored.size,
    cms,
    certSerial: st.ctx[i]!.actor!.certSerial!,
    signedAt: now,
    updatedAt: now,
  });
  st.sheets = [...st.sheets.filter((x) => !(x.memberId === String(m.userId) && x.stage === stage)), { memberId: String(m.userId), stage, sha256: stored.sha256, cmsSha256: sha256Hex(Buffer.from(cms, 'base64')) }];
}

async function signScores(st: Setup, round: number): Promise<void> {
  for (let i = 0; i < st.kit.members.length; i++) {
    const entries = Object.entries(scoresOf(i, round)).flatMap(([bid, row]) => Object.entries(row).map(([criterionId, score]) => ({ bid, criterionId, score })));
    await signSheet(st, i, 'scores', round, entries);
  }
}

/** What finish.ts does: the manifest and the result stored as canonical JSON, the row to 'reporting', the report sealed. */
async function finishRound(st: Setup, round: number): Promise<void> {
  const e = (await deps.db.select().from(evaluations).where(eq(evaluations.id, st.kit.evaluationId)))[0]!;
  const members = st.kit.members.map((m) => String(m.userId));
  const manifest: EvaluationManifest = {
    type: EVALUATION_MANIFEST_TYPE,
    version: 1,
    evaluationId: e.id,
    round,
    projectCode: 'TEST',
    sectionCode: '001',
    method: e.method,
    methodSha256: e.methodSha256,
    labelsSha256: e.labelsSha256,
    labelsSalt: e.labelsSalt,
    ceilingFen: null,
    k: '0.98',
    members,
    bids: st.bids.map((b) => ({ bidId: b.bidId, label: b.label, blindLabel: null, bidderName: b.bidderName, openedPriceFen: b.priceFen, correctedPriceFen: null, policy: null, adjustmentsFen: null, costFinding: null })),
    sheets: st.sheets,
  };
  const idOf = new Map(st.bids.map((b) => [b.label, String(b.bidId)]));
  const sheets: ScoreSheet[] = st.kit.members.map((m, i) => ({
    memberId: String(m.userId),
    scores: Object.entries(scoresOf(i, round)).flatMap(([label, row]) => Object.entries(row).map(([criterionId, score]) => ({ bidId: idOf.get(label)!, criterionId, score }))),
  }));
  const result = evaluate(e.method, {
    members,
    ceilingFen: null,
    k: '0.98',
    bids: st.bids.map((b) => ({ id: String(b.bidId), priceFen: b.priceFen, policy: null, adjustmentsFen: null, costFinding: null })),
    compliance: st.findings,
    sheets,
  });
  expect(result.status).toBe('complete');
  const m = await deps.storage.put(Buffer.from(canonicalJson(manifest), 'utf8'), { contentType: 'application/json' });
  const r = await deps.storage.put(Buffer.from(canonicalJson(result), 'utf8'), { contentType: 'application/json' });
  tick();
  await deps.db.transaction(async (tx) => {
    await tx.update(evaluations).set({ status: 'reporting', manifestSha256: m.sha256, resultSha256: r.sha256 }).where(eq(evaluations.id, e.id));
    await sealEvaluationReport(tx, deps, e.id);
  });
}

/** A started engineering evaluation (综合评估法, 5 members, 3 bids) whose members declared, scored and signed: 'reporting', report sealed. */
async function reportingEvaluation(): Promise<Setup> {
  const kit = await evaluationKit(deps, {
    method: engComprehensive(),
    bids: [
      { username: 'bidder1', priceFen: 750_000_000 },
      { username: 'bidder2', priceFen: 760_000_000 },
      { username: 'bidder3', priceFen: 770_000_000 },
    ],
  });
  const ctx: RequestContext[] = [];
  for (const m of kit.members) {
    const c = await m.ctx();
    await signInToEvaluation(deps, c, { evaluationId: kit.evaluationId });
    const { text } = await evaluationDeclaration(deps, c, { evaluationId: kit.evaluationId });
    await declareNoConflict(deps, c, { evaluationId: kit.evaluationId, signatureBase64: m.signB64(new TextEncoder().encode(text)) });
    ctx.push(c);
  }
  // The chair election and the stages are other files' work: set directly.
  await deps.db.update(evaluations).set({ chairUserId: kit.members[0]!.userId, chairElectedAt: deps.clock.now(), status: 'compliance' }).where(eq(evaluations.id, kit.evaluationId));
  const e = (await deps.db.select().from(evaluations).where(eq(evaluations.id, kit.evaluationId)))[0]!;
  const lines = await deps.db
    .select({ bidId: openingBids.bidId, name: organizations.name, summary: openingBids.summary })
    .from(openingBids)
    .innerJoin(organizations, eq(organizations.id, openingBids.bidderOrgId))
    .where(inArray(openingBids.bidId, e.labels.map((l) => l.bidId)));
  const labels = new Map(e.labels.map((l) => [l.bidId, l.label]));
  const bids = e.labels.map((l) => {
    const line = lines.find((x) => x.bidId === l.bidId)!;
    return { bidId: l.bidId, label: l.label, bidderName: line.name, priceFen: line.summary!.priceFen! };
  });
  const names = [];
  for (const m of kit.members) names.push((await deps.db.select({ n: users.displayName }).from(users).where(eq(users.id, m.userId)))[0]!.n);
  const st: Setup = { kit, ctx, names, labels, bids, sheets: [], findings: [] };
  // Compliance: everyone passes everything, except member 5 who fails 投标人3 on Q1 (4 : 1, it passes).
  for (let i = 0; i < kit.members.length; i++) {
    const entries = bids.flatMap((b) =>
      ['Q1', 'R1'].map((criterionId) => {
        const fail = i === 4 && b.label === '投标人3' && criterionId === 'Q1';
        return { bid: b.label, criterionId, pass: !fail, reason: fail ? '资质证书复印件不清晰，无法核实有效期' : null };
      }),
    );
    await signSheet(st, i, 'compliance', 1, entries);
    st.findings.push(...entries.map((x) => ({ memberId: String(kit.members[i]!.userId), bidId: String(bids.find((b) => b.label === x.bid)!.bidId), criterionId: x.criterionId, pass: x.pass, reason: x.reason })));
  }
  tick();
  await deps.db.update(evaluations).set({ status: 'scoring', complianceDecidedAt: deps.clock.now() }).where(eq(evaluations.id, kit.evaluationId));
  await signScores(st, 1);
  await finishRound(st, 1);
  return st;
}

let st: Setup;
beforeAll(async () => {
  st = await reportingEvaluation();
}, 240_000);

const evaluationId = () => st.kit.evaluationId;
const member = (i: number): KitMember => st.kit.members[i]!;
const row = async () => (await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId())))[0]!;
const staff = () => contextAs(deps, 'staff');
async function pdfOf(ctx: RequestContext, sha256?: string): Promise<Buffer> {
  const r = await evaluationReportPdf(deps, ctx, { evaluationId: evaluationId(), ...(sha256 ? { sha256 } : {}) });
  const pdf = await readAll(r.stream);
  expect(sha256Hex(pdf)).toBe(r.sha256);
  return pdf;
}
async function signAs(i: number, sha: string, pdf: Buffer) {
  return signEvaluationReport(deps, st.ctx[i]!, { evaluationId: evaluationId(), reportSha256: sha, signatureBase64: member(i).signB64(pdf) });
}
const auditCount = async (action: string) => (await deps.db.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, String(evaluationId()))))).length;

describe('evaluation report: sealed, signed by every member, dissent, reopening (issue 22 §5; S11, R87 §64)', () => {
  it('is sealed by the platform at the end of scoring, stored by hash and audited with the manifest and result', async () => {
    const e = await row();
    expect(e.reportSha256).toMatch(/^[0-9a-f]{64}$/);
    const view = await evaluationReport(deps, await staff(), { evaluationId: evaluationId() });
    expect(view).toMatchObject({ status: 'reporting', round: 1, reportSha256: e.reportSha256, size: e.reportSize, signatures: [] });
    expect(view.pending.map((p) => p.name)).toEqual(expect.arrayContaining(st.names));
    const pdf = await pdfOf(await staff());
    expect(pdf.length).toBe(e.reportSize);
    const seal = await verifySealedPdf(pdf, { trustedRootsPem: [deps.pki.platform.rootCertPem], at: deps.clock.now() });
    expect(seal.ok).toBe(true);
    if (fs.existsSync('/usr/bin/pdfsig')) {
      fs.writeFileSync(path.join(work, 'sealed.pdf'), pdf);
      expect(execFileSync('pdfsig', [path.join(work, 'sealed.pdf')], { encoding: 'utf8' })).toContain('Signature is Valid');
    }
    const text = pdfText(pdf, 'report-1');
    for (const s of ['评标报告', '综合评估法', '投标人1', '投标人3', '资质证书复印件不清晰', e.manifestSha256!, e.resultSha256!, ...st.names, ...st.bids.map((b) => b.bidderName)]) expect(text, s).toContain(s.replace(/\s+/g, ''));
    // Every member's own total per bid, from its signed sheet (member 1 gives 投标人1 18 + 8 + 4; member 5 22 + 8 + 4, dropped as the highest).
    expect(text).toContain('各成员评审因素得分');
    expect(text).toMatch(/投标人130\.00\*31\.0032\.0033\.0034\.00\*32\.00/);
    const [ev] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'evaluation.report_sealed'), eq(auditEvents.subjectId, String(evaluationId()))));
    expect(ev!.objectHashes).toEqual([e.reportSha256, e.manifestSha256, e.resultSha256]);
    expect(ev!.chain).toBe(`project:${st.kit.projectId}`);
  });

  it('is read by the declared members, the center and the project’s supervisor; bidders, other experts and other supervisors get NOT_FOUND', async () => {
    expect((await evaluationReport(deps, st.ctx[2]!, { evaluationId: evaluationId() })).me).toEqual({ signedAt: null, dissent: null });
    expect((await evaluationReport(deps, await contextAs(deps, 'supervisor'), { evaluationId: evaluationId() })).reportSha256).toBe((await row()).reportSha256);
    for (const u of ['bidder1', 'tenderee', 'expert33', 'supervisor2']) {
      const ctx = await contextAs(deps, u);
      expect((await errOf(evaluationReport(deps, ctx, { evaluationId: evaluationId() }))).code, u).toBe('NOT_FOUND');
      expect((await errOf(evaluationReportPdf(deps, ctx, { evaluationId: evaluationId() }))).code, u).toBe('NOT_FOUND');
      expect((await errOf(reportSignatures(deps, ctx, { evaluationId: evaluationId() }))).code, u).toBe('NOT_FOUND');
      expect((await errOf(recordDissent(deps, ctx, { evaluationId: evaluationId(), text: '不同意' }))).code, u).toBe('NOT_FOUND');
    }
    expect((await errOf(evaluationReport(deps, await staff(), { evaluationId: 9_999_999 }))).code).toBe('NOT_FOUND');
  });

  it('a member signs the sealed bytes; another member’s key, other bytes, a password session or an outdated hash are refused and change nothing', async () => {
    const e = await row();
    const pdf = await pdfOf(st.ctx[0]!);
    const id = evaluationId();
    const before = await auditCount('evaluation.report_signed');
    expect(await errOf(signEvaluationReport(deps, st.ctx[0]!, { evaluationId: id, reportSha256: e.reportSha256!, signatureBase64: member(1).signB64(pdf) }))).toEqual({ code: 'VALIDATION', reason: 'SIGNER_NOT_USER' });
    expect((await errOf(signEvaluationReport(deps, st.ctx[0]!, { evaluationId: id, reportSha256: e.reportSha256!, signatureBase64: member(0).signB64(Buffer.concat([pdf, Buffer.from('x')])) }))).code).toBe('VALIDATION');
    expect(await errOf(signEvaluationReport(deps, await contextAs(deps, member(0).username), { evaluationId: id, reportSha256: e.reportSha256!, signatureBase64: member(0).signB64(pdf) }))).toEqual({
      code: 'FORBIDDEN',
      reason: 'CERT_LOGIN_REQUIRED',
    });
    expect(await errOf(signEvaluationReport(deps, st.ctx[0]!, { evaluationId: id, reportSha256: 'f'.repeat(64), signatureBase64: member(0).signB64(pdf) }))).toEqual({ code: 'VALIDATION', reason: 'REPORT_OUTDATED' });
    expect(await errOf(signEvaluationReport(deps, await staff(), { evaluationId: id, reportSha256: e.reportSha256!, signatureBase64: member(0).signB64(pdf) }))).toEqual({ code: 'FORBIDDEN', reason: 'NOT_A_MEMBER' });
    expect(await auditCount('evaluation.report_signed')).toBe(before);
    expect(await deps.db.select().from(evaluationReportSignatures).where(eq(evaluationReportSignatures.evaluationId, id))).toEqual([]);

    tick();
    const view = await signAs(0, e.reportSha256!, pdf);
    expect(view.signatures.map((s) => s.memberUserId)).toEqual([member(0).userId]);
    expect(view.pending).toHaveLength(4);
    expect(view.me!.signedAt).not.toBeNull();
    // Signing the same report again changes nothing.
    tick();
    const again = await signAs(0, e.reportSha256!, pdf);
    expect(again.signatures).toEqual(view.signatures);
    expect(await auditCount('evaluation.report_signed')).toBe(before + 1);
    expect((await row()).status).toBe('reporting');
  });

  it('S11: a dissent must be written text; recording it re-seals the report, and signatures over the earlier bytes no longer count', async () => {
    const id = evaluationId();
    const old = (await row()).reportSha256!;
    const oldPdf = await pdfOf(st.ctx[3]!);
    // The member who signed the current report cannot change its dissent any more.
    expect(await errOf(recordDissent(deps, st.ctx[0]!, { evaluationId: id, text: DISSENT }))).toEqual({ code: 'INVALID_STATE', reason: 'REPORT_ALREADY_SIGNED' });
    for (const [text, reason] of [
      ['', 'DISSENT_LENGTH'],
      ['  \n ', 'DISSENT_LENGTH'],
      ['x'.repeat(2001), 'DISSENT_LENGTH'],
      ['不同意\u0000见', 'UNSAFE_TEXT'],
      ['不同意\u202e见', 'UNSAFE_TEXT'],
    ] as const) {
      const err = await errOf(recordDissent(deps, st.ctx[3]!, { evaluationId: id, text }));
      expect(err.code, JSON.stringify(text)).toBe('VALIDATION');
      if (reason === 'DISSENT_LENGTH') expect(err.reason).toBe(reason);
    }
    expect((await row()).reportSha256).toBe(old);

    tick();
    const view = await recordDissent(deps, st.ctx[3]!, { evaluationId: id, text: `  ${DISSENT}\r\n` });
    expect(view.reportSha256).not.toBe(old);
    expect(view.dissents).toEqual([{ memberUserId: member(3).userId, name: st.names[3], text: DISSENT, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    expect(view.signatures).toEqual([]); // member 1 signed the old bytes
    expect(view.pending).toHaveLength(5);
    expect(pdfText(await pdfOf(st.ctx[3]!), 'dissent')).toContain(`${st.names[3]}：${DISSENT}`.replace(/\s+/g, ''));
    // The old signature stays on record with the old report; signing the old report now is outdated.
    const oldSigs = await reportSignatures(deps, await staff(), { evaluationId: id, reportSha256: old });
    expect(oldSigs.signatures.map((s) => s.memberUserId)).toEqual([member(0).userId]);
    expect(sha256Hex(await pdfOf(await staff(), old))).toBe(old);
    expect(await errOf(signAs(1, old, oldPdf))).toEqual({ code: 'VALIDATION', reason: 'REPORT_OUTDATED' });
    const live = await deps.db.select().from(liveEvents).where(and(eq(liveEvents.topic, `evaluation.${id}`), eq(liveEvents.type, 'report_changed')));
    expect(live.at(-1)!.data).toMatchObject({ reportSha256: view.reportSha256, previousReportSha256: old });
    expect(await auditCount('evaluation.dissent_recorded')).toBe(1);
  });

  it('withdrawing the dissent re-seals again; recording it again gives the report everyone signs', async () => {
    const id = evaluationId();
    const withDissent = (await row()).reportSha256!;
    tick();
    const w = await withdrawDissent(deps, st.ctx[3]!, { evaluationId: id });
    expect(w.dissents).toEqual([]);
    expect(w.reportSha256).not.toBe(withDissent);
    expect(pdfText(await pdfOf(await staff()), 'withdrawn')).not.toContain('保留意见');
    // withdrawing again: nothing to withdraw, nothing changes
    expect((await withdrawDissent(deps, st.ctx[3]!, { evaluationId: id })).reportSha256).toBe(w.reportSha256);
    tick();
    const r = await recordDissent(deps, st.ctx[3]!, { evaluationId: id, text: DISSENT });
    expect(r.dissents.map((d) => d.memberUserId)).toEqual([member(3).userId]);
    expect(await auditCount('evaluation.dissent_withdrawn')).toBe(1);
  });

  it('when every member has signed the current report it is signed and read-only; openssl verifies every signature', async () => {
    const id = evaluationId();
    const e = await row();
    const pdf = await pdfOf(st.ctx[0]!);
    let view = await evaluationReport(deps, st.ctx[0]!, { evaluationId: id });
    for (let i = 0; i < st.kit.members.length; i++) {
      tick();
      view = await signAs(i, e.reportSha256!, pdf);
      expect(view.status).toBe(i < st.kit.members.length - 1 ? 'reporting' : 'signed');
    }
    expect(view.pending).toEqual([]);
    expect(view.signedAt).toBe((await row()).signedAt!.toISOString());
    expect(await auditCount('evaluation.signed')).toBe(1);

    const sigs = await reportSignatures(deps, await contextAs(deps, 'supervisor'), { evaluationId: id });
    expect(sigs.reportSha256).toBe(e.reportSha256);
    expect(sigs.signatures).toHaveLength(5);
    expect(sigs.signatures.find((s) => s.memberUserId === member(3).userId)!.dissent).toBe(DISSENT);
    for (const s of sigs.signatures) expect(opensslVerify(`m${s.memberUserId}`, pdf, s.cmsBase64), s.name).toBe(0);
    const tampered = Buffer.from(pdf);
    tampered[tampered.length - 10] = tampered[tampered.length - 10]! ^ 1;
    expect(opensslVerify('tampered', tampered, sigs.signatures[0]!.cmsBase64)).not.toBe(0);

    // Signing again after 'signed' changes nothing; a dissent now, or a new seal, is refused.
    tick();
    expect((await signAs(2, e.reportSha256!, pdf)).signatures).toEqual(view.signatures);
    expect(await errOf(recordDissent(deps, st.ctx[1]!, { evaluationId: id, text: DISSENT }))).toEqual({ code: 'INVALID_STATE', reason: 'EVALUATION_SIGNED' });
    expect(await errOf(withdrawDissent(deps, st.ctx[3]!, { evaluationId: id }))).toEqual({ code: 'INVALID_STATE', reason: 'EVALUATION_SIGNED' });
    expect(await errOf(deps.db.transaction((tx) => sealEvaluationReport(tx, deps, id)))).toEqual({ code: 'INVALID_STATE', reason: 'REPORT_NOT_READY' });
    expect(await auditCount('evaluation.signed')).toBe(1);
    expect((await row()).reportSha256).toBe(e.reportSha256);
  });

  it('R87 §64: only center staff reopen, only in the listed cases with a note; the scored sheets are void, the old report stays on record', async () => {
    const id = evaluationId();
    const e = await row();
    const note = '复核发现投标人3的技术得分汇总计算错误，需重新评分。';
    expect((await errOf(reopenEvaluation(deps, st.ctx[0]!, { evaluationId: id, case: 'sum_error', note }))).code).toBe('FORBIDDEN');
    expect((await errOf(reopenEvaluation(deps, await contextAs(deps, 'supervisor'), { evaluationId: id, case: 'sum_error', note }))).code).toBe('FORBIDDEN');
    const bad = await appError(reopenEvaluation(deps, await staff(), { evaluationId: id, case: 'changed_my_mind', note }));
    expect({ code: bad.code, reason: bad.details?.reason, rule: bad.details?.rule }).toEqual({ code: 'VALIDATION', reason: 'REOPEN_CASE', rule: 'S11' });
    expect(await errOf(reopenEvaluation(deps, await staff(), { evaluationId: id, case: 'sum_error', note: '太短' }))).toEqual({ code: 'VALIDATION', reason: 'NOTE_LENGTH' });
    expect((await errOf(reopenEvaluation(deps, await contextAs(deps, 'staff'), { evaluationId: 9_999_999, case: 'sum_error', note }))).code).toBe('NOT_FOUND');
    expect((await row()).status).toBe('signed');

    tick();
    const view = await reopenEvaluation(deps, await staff(), { evaluationId: id, case: 'sum_error', note });
    expect(view).toMatchObject({ status: 'scoring', round: 2, reportSha256: null, signatures: [], pending: [], dissents: [] });
    const after = await row();
    expect(after).toMatchObject({ status: 'scoring', round: 2, manifestSha256: null, resultSha256: null, reportSha256: null, signedAt: null });
    const sheets = await deps.db.select().from(evaluationSheets).where(eq(evaluationSheets.evaluationId, id));
    expect(sheets.filter((x) => x.stage === 'scores').every((x) => x.voidReason === 'reopened_r87_64' && x.voidedAt !== null)).toBe(true);
    expect(sheets.filter((x) => x.stage === 'compliance').every((x) => x.voidedAt === null)).toBe(true);
    expect((await deps.db.select().from(evaluationMembers).where(eq(evaluationMembers.evaluationId, id))).every((m) => m.dissent === null)).toBe(true);
    // The old report and its five signatures stay on record.
    expect((await reportSignatures(deps, await staff(), { evaluationId: id, reportSha256: e.reportSha256! })).signatures).toHaveLength(5);
    expect(sha256Hex(await pdfOf(st.ctx[1]!, e.reportSha256!))).toBe(e.reportSha256);
    const [ev] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'evaluation.reopened'), eq(auditEvents.subjectId, String(id))));
    expect(ev!.payload).toMatchObject({ case: 'sum_error', note, previous: { round: 1, reportSha256: e.reportSha256, manifestSha256: e.manifestSha256 }, clearedDissents: [{ memberUserId: member(3).userId, text: DISSENT }] });
    expect(ev!.objectHashes).toContain(e.reportSha256);
    // Not signed any more: a second reopening is refused.
    expect(await errOf(reopenEvaluation(deps, await staff(), { evaluationId: id, case: 'sum_error', note }))).toEqual({ code: 'INVALID_STATE', reason: 'NOT_SIGNED' });
    expect((await errOf(evaluationReportPdf(deps, await staff(), { evaluationId: id }))).code).toBe('NOT_FOUND');
  });

  it('the next round’s report lists the reopening and is signed anew', async () => {
    tick();
    await signScores(st, 2);
    await finishRound(st, 2);
    const e = await row();
    expect(e).toMatchObject({ status: 'reporting', round: 2 });
    const pdf = await pdfOf(await staff());
    const text = pdfText(pdf, 'round-2');
    expect(text).toContain('分值汇总计算错误');
    expect(text).toContain('复核发现投标人3的技术得分汇总计算错误');
    expect(text).not.toContain('保留意见'); // the old round's dissent was about the old conclusion
    for (let i = 0; i < st.kit.members.length; i++) {
      tick();
      await signAs(i, e.reportSha256!, pdf);
    }
    expect((await row()).status).toBe('signed');
    expect(await auditCount('evaluation.signed')).toBe(2);
  });
});
