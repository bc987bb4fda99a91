/**
 * Demo stage "evaluation" (issue 22): the two opened engineering projects' evaluations, through the real
 * services with the clock set to each step's instant and every signature made with the members' own demo
 * keys (.p12), as their browsers would:
 *
 * - 滨江大道快速路: the session started when the committee's planned time came (80 minutes after the request);
 *   the five members signed in with their certificates and signed the avoidance declaration (E3), elected
 *   the chair, reviewed compliance (the bid above the 最高投标限价 is rejected there), the chair asked one
 *   bidder a written question and it answered (S10), the members scored the two remaining bids (综合评估法:
 *   trimmed mean, the price score by the base-price deviation with the K drawn at opening), signed their
 *   sheets, and signed the sealed report. `ebid replay-evaluation` and 复核计算 recompute the same ranking.
 * - 城南污水处理厂配套管网 (blind technical part, 暗标): the session started 40 minutes ago and waits for its
 *   five members: a newcomer signs in as one of them (`staff` sees who under 评标管理), imports that
 *   expert's .p12 and scores in the browser.
 *
 * Each story is skipped (never forced) when a rule refuses it — e.g. when the opening was skipped.
 */
import { and, asc, eq } from 'drizzle-orm';
import { committees, evaluationMembers, evaluations, users, type Tx } from '@ebid/db';
import { AppError, isAppError } from '@ebid/domain';
import { signCmsDetached } from '@ebid/pki';
import type { Deps } from '../deps.ts';
import type { RequestContext } from '../context.ts';
import { answerClarification, askClarification } from '../evaluation/clarify.ts';
import { voteChair } from '../evaluation/chair.ts';
import { closeStage } from '../evaluation/review.ts';
import { evaluationReport, evaluationReportPdf, signEvaluationReport } from '../evaluation/report.ts';
import { mySheet, saveSheetDraft, sheetToSign, signSheet } from '../evaluation/sheets.ts';
import { declareNoConflict, evaluationDeclaration, signInToEvaluation, startEvaluation } from '../evaluation/start.ts';
import { DEMO_SESSION_AFTER_REQUEST_MS } from './demo-committee.ts';
import { DEMO_OPENING_PROJECT, DEMO_WAITING_EVALUATION_PROJECT } from './demo-opening.ts';
import { atInstant, certificateSession } from './demo-opening-kit.ts';
import { contextFor, demoSectionOf } from './demo-projects.ts';

const MIN = 60_000;

interface Member {
  userId: number;
  username: string;
  keys: Awaited<ReturnType<typeof certificateSession>>['keys'];
  ctx: RequestContext;
}

/** The published committee of a demo project's section and when its session was planned (ms). */
async function committeeOf(sp: Tx, project: string): Promise<{ committeeId: number; sessionAt: number }> {
  const { sectionId } = await demoSectionOf(sp, project);
  const [c] = await sp
    .select({ id: committees.id, status: committees.status, publishedAt: committees.publishedAt })
    .from(committees)
    .where(and(eq(committees.sectionId, sectionId), eq(committees.status, 'published')));
  if (!c) {
    throw new AppError(
      'NOT_FOUND',
      { zh: `前一阶段未公布“${project}”的评标委员会（已跳过），本情节随之跳过`, en: `An earlier stage did not publish the committee of "${project}", so this story is skipped too` },
      { project },
    );
  }
  // The committee stage plans the session 80 minutes after its request; it was published before that.
  return { committeeId: c.id, sessionAt: c.publishedAt!.getTime() - 72 * MIN + DEMO_SESSION_AFTER_REQUEST_MS };
}

async function membersOf(sp: Tx, deps: Deps, evaluationId: number): Promise<Member[]> {
  const rows = await sp
    .select({ userId: evaluationMembers.userId, username: users.username })
    .from(evaluationMembers)
    .innerJoin(users, eq(users.id, evaluationMembers.userId))
    .where(eq(evaluationMembers.evaluationId, evaluationId))
    .orderBy(asc(users.username));
  const out: Member[] = [];
  for (const r of rows) {
    const { keys, ctx } = await certificateSession(sp, deps, r.username);
    out.push({ userId: r.userId, username: r.username, keys, ctx });
  }
  return out;
}

const sign = (m: Member, bytes: Uint8Array): string => signCmsDetached(Buffer.from(bytes), m.keys.sign).toString('base64');

/** A member drafts a stage's entries and signs the sheet, at `at`. */
async function draftAndSign(when: Deps, m: Member, evaluationId: number, stage: 'compliance' | 'scores', entries: unknown[]): Promise<void> {
  await saveSheetDraft(when, m.ctx, { evaluationId, stage, entries });
  const s = await sheetToSign(when, m.ctx, { evaluationId, stage });
  await signSheet(when, m.ctx, { evaluationId, stage, sha256: s.sha256, signatureBase64: sign(m, Buffer.from(s.bytesBase64, 'base64')) });
}

/** Scores per member (rows) for the two bids that pass compliance, by criterion: T1 /20, T2 /10 (0.5 steps), T3 /5, C1 /5 (objective). */
const SCORES: Record<string, string>[][] = [
  [
    { T1: '16.5', T2: '8', T3: '4.2', C1: '4' },
    { T1: '15', T2: '7.5', T3: '4', C1: '5' },
  ],
  [
    { T1: '17', T2: '8.5', T3: '4.5', C1: '4' },
    { T1: '15.5', T2: '7', T3: '3.8', C1: '5' },
  ],
  [
    { T1: '15.8', T2: '7.5', T3: '4', C1: '4' },
    { T1: '16.2', T2: '8', T3: '4.1', C1: '5' },
  ],
  [
    { T1: '18', T2: '9', T3: '4.6', C1: '4' },
    { T1: '14.5', T2: '6.5', T3: '3.5', C1: '5' },
  ],
  [
    { T1: '16', T2: '8', T3: '4.3', C1: '4' },
    { T1: '15.6', T2: '7.5', T3: '4', C1: '5' },
  ],
];

async function signedEvaluation(sp: Tx, deps: Deps): Promise<void> {
  const now = deps.clock.now().getTime();
  const { committeeId, sessionAt } = await committeeOf(sp, DEMO_OPENING_PROJECT);
  let t = sessionAt;
  const step = (minutes: number) => {
    t += minutes * MIN;
    if (t >= now) throw new AppError('INVALID_STATE', { zh: '评标情节无法在当前时间之前完成', en: 'The evaluation story does not fit before now' }, { reason: 'DEMO_STORY_TOO_LATE' });
    return atInstant(deps, sp, t);
  };
  const staff = await contextFor(sp, 'staff');
  const { evaluationId } = await startEvaluation(step(0), staff, { committeeId, hours: 4 });
  const members = await membersOf(sp, deps, evaluationId);
  for (const m of members) {
    await signInToEvaluation(step(1), m.ctx, { evaluationId });
    const { text } = await evaluationDeclaration(step(0), m.ctx, { evaluationId });
    await declareNoConflict(step(1), m.ctx, { evaluationId, signatureBase64: sign(m, new TextEncoder().encode(text)) });
  }
  // The members elect the first of them (by username) chair.
  const chair = members[0]!;
  for (const m of members.slice(0, 3)) await voteChair(step(1), m.ctx, { evaluationId, candidateUserId: chair.userId });
  // Compliance (初步评审): every item passes for every bid; the bid above the ceiling is rejected by the rule.
  const compliance = await mySheet(step(0), chair.ctx, { evaluationId, stage: 'compliance' });
  // The chair asks 投标人1 a written question on its traffic plan; the bidder answers within the hour (S10).
  const q = await askClarification(step(2), chair.ctx, {
    evaluationId,
    label: '投标人1',
    question: '请书面说明交通导改方案中夜间施工的时段安排及对快速路通行的影响。',
    answerBy: new Date(t + 60 * MIN).toISOString(),
  });
  const bidder1 = await contextFor(sp, 'bidder1');
  await answerClarification(step(25), bidder1, { clarificationId: q.id, answer: '夜间施工安排在22:00至次日5:30，分段封闭单侧两条车道，保留两条车道通行，并提前7日发布交通管制公告。' });
  for (const m of members) {
    const entries = compliance.bids.flatMap((bid) => compliance.items.map((criterionId) => ({ bid, criterionId, pass: true, reason: null })));
    await draftAndSign(step(2), m, evaluationId, 'compliance', entries);
  }
  await closeStage(step(1), chair.ctx, { evaluationId });
  // Detailed review (详细评审): the two valid bids, scored by each member.
  const scores = await mySheet(step(0), chair.ctx, { evaluationId, stage: 'scores' });
  for (const [i, m] of members.entries()) {
    const table = SCORES[i % SCORES.length]!;
    const entries = scores.bids.flatMap((bid, b) => scores.items.map((criterionId) => ({ bid, criterionId, score: table[b % table.length]![criterionId]! })));
    await draftAndSign(step(4), m, evaluationId, 'scores', entries);
  }
  await closeStage(step(1), chair.ctx, { evaluationId }); // the result, and the report sealed by the platform
  const report = await evaluationReport(step(0), chair.ctx, { evaluationId });
  const pdf = await evaluationReportPdf(step(0), chair.ctx, { evaluationId });
  const chunks: Buffer[] = [];
  for await (const c of pdf.stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  const bytes = Buffer.concat(chunks);
  for (const m of members) await signEvaluationReport(step(2), m.ctx, { evaluationId, reportSha256: report.reportSha256!, signatureBase64: sign(m, bytes) });
  const [e] = await sp.select({ status: evaluations.status }).from(evaluations).where(eq(evaluations.id, evaluationId));
  if (e?.status !== 'signed') throw new Error(`demo evaluation: ended ${e?.status}, not signed`);
}

async function waitingEvaluation(sp: Tx, deps: Deps): Promise<void> {
  const { committeeId, sessionAt } = await committeeOf(sp, DEMO_WAITING_EVALUATION_PROJECT);
  const staff = await contextFor(sp, 'staff');
  await startEvaluation(atInstant(deps, sp, Math.min(sessionAt, deps.clock.now().getTime() - MIN)), staff, { committeeId, hours: 8 });
}

/** Seeds what it can; returns the stories it skipped and why. */
export async function seedDemoEvaluation(tx: Tx, deps: Deps): Promise<{ skipped: { name: string; reason: string }[] }> {
  const skipped: { name: string; reason: string }[] = [];
  for (const [name, run] of [
    ['evaluation signed', signedEvaluation],
    ['evaluation waiting', waitingEvaluation],
  ] as const) {
    try {
      await tx.transaction((sp) => run(sp, deps));
    } catch (e) {
      if (!isAppError(e)) throw e;
      skipped.push({ name, reason: `${e.code}: ${e.messageZh} ${JSON.stringify(e.details ?? {})}` });
    }
  }
  return { skipped };
}
