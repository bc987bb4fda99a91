/**
 * Written clarifications during the evaluation (issue 22 §1; S10, ZTB §39, R87 §51): only the committee
 * asks — through its chair, in writing, on the platform — one bid (by its session label) with a due time;
 * the bidder answers in writing before it. A bidder cannot start one: there is no procedure for it, and the
 * service refuses a bidder with FORBIDDEN (S10). The answers are visible to the committee, the center and
 * the project's supervisors.
 *
 * What a bidder sees of a request is the question, its due time and the project and section: never who
 * on the committee asked, nor any member's name (E4: the names are not the bidder's before the result).
 */
import { and, desc, eq } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import { bids, evaluationClarifications, evaluations, projects, sections, users, type DbOrTx } from '@ebid/db';
import { AppError, beijingDateTimeZh, findUnsafeText, formatBeijingDateTime, unsafeTextError } from '@ebid/domain';
import type { EvaluationClarification, MyEvaluationClarification } from '@ebid/contracts';
import { arrivalOf, audit, requireActor, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { requireCertificateSession } from '../auth/certificate-login.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { notify } from '../notifications/notify.ts';
import { evaluationTopic, loadEvaluationFor, requireChair, requireDeclared } from './access.ts';
import { evaluationReader } from './viewer.ts';

const MIN = 60_000;
/** The bidder has at least this long to answer, and at most a week. */
const ANSWER_MIN_MINUTES = 15;
const ANSWER_MAX_MINUTES = 7 * 24 * 60;
export const WRITTEN_TEXT_MAX = 2000;

/** A question, an answer, a reason: trimmed, 1–`max` characters, line breaks allowed, no control or bidi character. */
export function writtenText(v: unknown, field: string, max = WRITTEN_TEXT_MAX): string {
  const s = typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : '';
  if (s.length === 0 || s.length > max) {
    throw new AppError('VALIDATION', { zh: `内容应为1至${max}个字符`, en: `Write 1 to ${max} characters` }, { field, reason: 'TEXT_LENGTH' });
  }
  const hit = findUnsafeText(s, { allowLineBreaks: true });
  if (hit) throw unsafeTextError(hit, field);
  return s;
}

export async function askClarification(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: { evaluationId: number; label: string; question: string; answerBy: string },
): Promise<EvaluationClarification> {
  const actor = requireActor(ctx);
  if (actor.role === 'bidder') {
    throw new AppError('FORBIDDEN', { zh: '澄清只能由评标委员会提出，投标人不能主动提出澄清', en: 'Only the committee asks for a clarification; a bidder cannot start one' }, { reason: 'CLARIFICATION_COMMITTEE_ONLY', rule: 'S10' });
  }
  requireRole(ctx, 'expert');
  const question = writtenText(input.question, 'question');
  const answerBy = new Date(typeof input.answerBy === 'string' ? input.answerBy : Number.NaN);
  return deps.db.transaction(async (tx) => {
    const l = await loadEvaluationFor(tx, actor, input.evaluationId, { lock: true });
    requireChair(l);
    if (l.e.status !== 'compliance' && l.e.status !== 'technical' && l.e.status !== 'scoring') {
      throw new AppError('INVALID_STATE', { zh: '只有评审进行中才能提出澄清', en: 'Clarifications are asked during the review only' }, { reason: 'CLARIFICATION_NOT_NOW', status: l.e.status });
    }
    await requireCertificateSession(tx, deps, actor, { zh: '提出澄清要求', en: 'Asking for a clarification' });
    const now = deps.clock.now();
    const t = answerBy.getTime();
    if (!Number.isFinite(t) || t < now.getTime() + ANSWER_MIN_MINUTES * MIN || t > now.getTime() + ANSWER_MAX_MINUTES * MIN) {
      throw new AppError('VALIDATION', { zh: '答复期限应在15分钟至7天之后', en: 'The answer is due 15 minutes to 7 days from now' }, { field: 'answerBy', reason: 'ANSWER_BY_RANGE' });
    }
    const x = l.e.labels.find((y) => y.label === input.label);
    if (!x) throw new AppError('NOT_FOUND', { zh: '评审编号不存在', en: 'No such bid label in this evaluation' }, { field: 'label', reason: 'LABEL_UNKNOWN' });
    const [c] = await tx.insert(evaluationClarifications).values({ evaluationId: l.e.id, bidId: x.bidId, question, askedBy: actor.userId, askedAt: now, answerBy }).returning();
    if (!c) throw new AppError('INTERNAL');
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: 'evaluation.clarification_ask',
      subject: { type: 'evaluation', id: l.e.id },
      payload: { evaluationId: l.e.id, clarificationId: c.id, label: x.label, question, answerBy: answerBy.toISOString(), rule: 'S10' },
    });
    await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'clarification_asked', data: { evaluationId: l.e.id, clarificationId: c.id, label: x.label }, at: now });
    // The bidder's users are told: the project, the section and the due time — no committee name.
    const [bid] = await tx.select({ orgId: bids.bidderOrgId }).from(bids).where(eq(bids.id, x.bidId));
    const recipients = await tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, bid!.orgId), eq(users.role, 'bidder'), eq(users.active, true)));
    await notify(tx, deps, {
      userIds: recipients.map((u) => u.id),
      kind: 'evaluation.clarification',
      title: { zh: '评标委员会澄清要求', en: 'Clarification requested by the evaluation committee' },
      body: {
        zh: `“${l.p.name}”${l.s.name}的评标委员会要求贵单位对投标文件作出书面澄清，请于${beijingDateTimeZh(answerBy)}（北京时间）前在平台答复。`,
        en: `The evaluation committee of "${l.p.name}" (${l.s.code}) asks your company for a written clarification of its bid. Answer on the platform before ${formatBeijingDateTime(answerBy)} Beijing time.`,
      },
      link: '/workspace/bidder/clarification-requests',
    });
    return { id: c.id, label: x.label, question, askedAt: now.toISOString(), answerBy: answerBy.toISOString(), answer: null, answeredAt: null };
  });
}

export async function answerClarification(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: { clarificationId: number; answer: string }): Promise<MyEvaluationClarification> {
  const actor = requireRole(ctx, 'bidder');
  const answer = writtenText(input.answer, 'answer');
  const arrival = arrivalOf(ctx, deps);
  return deps.db.transaction(async (tx) => {
    const [row] = Number.isSafeInteger(input.clarificationId)
      ? await tx
          .select({ c: evaluationClarifications, orgId: bids.bidderOrgId, e: evaluations })
          .from(evaluationClarifications)
          .innerJoin(bids, eq(bids.id, evaluationClarifications.bidId))
          .innerJoin(evaluations, eq(evaluations.id, evaluationClarifications.evaluationId))
          .where(eq(evaluationClarifications.id, input.clarificationId))
          .for('update', { of: evaluationClarifications })
      : [];
    if (!row || row.orgId !== actor.orgId) throw new AppError('NOT_FOUND', { zh: '澄清要求不存在', en: 'No such clarification request' }, { field: 'clarificationId' });
    const { c, e } = row;
    if (c.answeredAt !== null) throw new AppError('CONFLICT', { zh: '该澄清要求已经答复', en: 'This request has been answered already' }, { reason: 'CLARIFICATION_ANSWERED' });
    if (e.status === 'signed' || e.status === 'failed') {
      throw new AppError('INVALID_STATE', { zh: '评标已结束', en: 'The evaluation has ended' }, { reason: 'EVALUATION_ENDED', status: e.status });
    }
    if (arrival.getTime() > c.answerBy.getTime()) {
      throw new AppError('DEADLINE_PASSED', { zh: '答复期限已过', en: 'The time to answer has passed' }, { reason: 'ANSWER_CLOSED', answerBy: c.answerBy.toISOString() });
    }
    const [u] = await tx.update(evaluationClarifications).set({ answer, answeredBy: actor.userId, answeredAt: arrival }).where(eq(evaluationClarifications.id, c.id)).returning();
    if (!u) throw new AppError('INTERNAL');
    const label = e.labels.find((x) => x.bidId === c.bidId)?.label ?? '';
    await audit(tx, deps, ctx, {
      chain: projectChain(e.projectId),
      action: 'evaluation.clarification_answer',
      subject: { type: 'evaluation', id: e.id },
      payload: { evaluationId: e.id, clarificationId: c.id, label, answer, answeredAt: arrival.toISOString(), rule: 'S10' },
    });
    await publishLiveEvent(tx, { topic: evaluationTopic(e.id), type: 'clarification_answered', data: { evaluationId: e.id, clarificationId: c.id, label }, at: deps.clock.now() });
    await notify(tx, deps, {
      userIds: [c.askedBy],
      kind: 'evaluation.clarification_answered',
      title: { zh: '澄清要求已答复', en: 'Clarification answered' },
      body: { zh: `${label}已对评标委员会的澄清要求作出书面答复。`, en: `${label} has answered the committee's clarification request in writing.` },
      link: `/workspace/expert/room?evaluation=${e.id}`,
    });
    return (await bidderView(tx, actor.orgId, arrival, c.id))[0]!;
  });
}

async function bidderView(db: DbOrTx, orgId: number, now: Date, clarificationId?: number): Promise<MyEvaluationClarification[]> {
  const rows = await db
    .select({ c: evaluationClarifications, p: { code: projects.unifiedDealCode, name: projects.name }, s: { code: sections.code, name: sections.name } })
    .from(evaluationClarifications)
    .innerJoin(bids, eq(bids.id, evaluationClarifications.bidId))
    .innerJoin(evaluations, eq(evaluations.id, evaluationClarifications.evaluationId))
    .innerJoin(projects, eq(projects.id, evaluations.projectId))
    .innerJoin(sections, eq(sections.id, evaluations.sectionId))
    .where(clarificationId === undefined ? eq(bids.bidderOrgId, orgId) : and(eq(bids.bidderOrgId, orgId), eq(evaluationClarifications.id, clarificationId)))
    .orderBy(desc(evaluationClarifications.askedAt), desc(evaluationClarifications.id))
    .limit(200);
  return rows.map(({ c, p, s }) => ({
    id: c.id,
    projectCode: p.code,
    projectName: p.name,
    sectionCode: s.code,
    sectionName: s.name,
    question: c.question,
    askedAt: c.askedAt.toISOString(),
    answerBy: c.answerBy.toISOString(),
    answer: c.answer,
    answeredAt: c.answeredAt?.toISOString() ?? null,
    open: c.answeredAt === null && now.getTime() <= c.answerBy.getTime(),
  }));
}

/** The bidder's own requests (its company's bids), newest first: never who on the committee asked. */
export async function myEvaluationClarifications(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext): Promise<MyEvaluationClarification[]> {
  const actor = requireRole(ctx, 'bidder');
  return bidderView(deps.db, actor.orgId, deps.clock.now());
}

/** The evaluation's requests and answers, for the committee (declared members), the center and the supervisors. */
export async function evaluationClarificationList(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { evaluationId: number }): Promise<EvaluationClarification[]> {
  const actor = evaluationReader(ctx);
  const l = await loadEvaluationFor(deps.db, actor, input.evaluationId);
  if (l.viewer === 'member') requireDeclared(l);
  const labelOf = new Map(l.e.labels.map((x) => [x.bidId, x.label]));
  const rows = await deps.db.select().from(evaluationClarifications).where(eq(evaluationClarifications.evaluationId, l.e.id)).orderBy(evaluationClarifications.id);
  return rows.map((c) => ({
    id: c.id,
    label: labelOf.get(c.bidId) ?? '',
    question: c.question,
    askedAt: c.askedAt.toISOString(),
    answerBy: c.answerBy.toISOString(),
    answer: c.answer,
    answeredAt: c.answeredAt?.toISOString() ?? null,
  }));
}
