/**
 * Starting the session and joining it (issue 22 §1; E3, E4, S1):
 *
 * - `startEvaluation` (center staff): the committee is published (every seat confirmed), the section's
 *   method was frozen in the tender (S1), the bids were opened. The bids under review are the decrypted
 *   ones of the section, each named by its opening label (投标人N); when the tender evaluates the technical
 *   part blind (暗标) each also gets a random blind label. The mapping is committed (salted SHA-256 in the
 *   audit chain) before any member sees anything, so it cannot be changed afterwards.
 * - `signInToEvaluation` (a member): with a certificate session whose signing certificate is valid now; the
 *   member's avoidance is checked again against the section's parties (E3: a tie declared since the
 *   freeze → CONFLICT AVOIDANCE_REQUIRED, and the member cannot go on).
 * - `declareNoConflict` (a member): the member signs the avoidance declaration (its text names every bidder
 *   under review, `declarationText`) with its own signing certificate; E3 is checked once more. Until then
 *   the member sees no bid and reviews nothing (access.ts `requireDeclared`).
 */
import crypto from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import {
  committeeMembers,
  committees,
  evaluationMembers,
  evaluations,
  openingBids,
  openings,
  organizations,
  projects,
  sections,
  type EvaluationLabel,
  type Tx,
} from '@ebid/db';
import { AppError } from '@ebid/domain';
import { declarationText, labelsCommitmentBytes, validateMethod } from '@ebid/domain/evaluation';
import { audit, requireActor, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { requireCertificateSession } from '../auth/certificate-login.ts';
import { verifyUserSignature } from '../certificates/user-signature.ts';
import { expertAvoidance } from '../experts/eligibility.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { evaluationTopic, loadEvaluationFor, requireMember, type LoadedEvaluation } from './access.ts';
import { maybeBeginReview } from './chair.ts';
import { methodSha256 } from './method.ts';

const HOUR = 3_600_000;
/** Unambiguous characters for the blind labels (no 0/O, 1/I/L). */
const BLIND_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export interface StartEvaluationInput {
  committeeId: number;
  /** how long the session is planned to last, hours (1–72); extensions (E6) add to it */
  hours: number;
}

const sha256Hex = (b: Uint8Array | string) => crypto.createHash('sha256').update(b).digest('hex');

function blindLabel(taken: Set<string>): string {
  for (;;) {
    const bytes = crypto.randomBytes(4);
    const s = `暗标-${[...bytes].map((b) => BLIND_ALPHABET[b % BLIND_ALPHABET.length]).join('')}`;
    if (!taken.has(s)) {
      taken.add(s);
      return s;
    }
  }
}

export async function startEvaluation(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: StartEvaluationInput): Promise<{ evaluationId: number }> {
  requireRole(ctx, 'staff');
  if (!Number.isInteger(input.hours) || input.hours < 1 || input.hours > 72) {
    throw new AppError('VALIDATION', { zh: '评标时长应为1至72小时', en: 'The session lasts 1 to 72 hours' }, { field: 'hours', reason: 'HOURS_RANGE' });
  }
  return deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(committees).where(eq(committees.id, input.committeeId)).for('update');
    if (!c) throw new AppError('NOT_FOUND', { zh: '评标委员会不存在', en: 'No such committee' }, { field: 'committeeId' });
    if (c.status !== 'published') {
      throw new AppError('INVALID_STATE', { zh: '评标委员会组建完成并公布后才能开始评标', en: 'The committee must be complete and published first' }, { reason: 'COMMITTEE_NOT_PUBLISHED', status: c.status });
    }
    const [existing] = await tx.select({ id: evaluations.id }).from(evaluations).where(eq(evaluations.committeeId, c.id));
    if (existing) throw new AppError('CONFLICT', { zh: '该评标委员会的评标已开始', en: 'This committee has started its evaluation already' }, { reason: 'EVALUATION_EXISTS', evaluationId: existing.id });
    const [s] = await tx.select().from(sections).where(eq(sections.id, c.sectionId));
    if (!s) throw new AppError('INTERNAL');
    if (s.evaluationMethod === null || s.evaluationMethodSha256 === null) {
      throw new AppError('INVALID_STATE', { zh: '招标文件未载明评标办法，不能评标', en: 'The tender states no evaluation method' }, { reason: 'METHOD_MISSING', rule: 'S1' });
    }
    const spec = validateMethod(s.evaluationMethod);
    if (methodSha256(spec) !== s.evaluationMethodSha256) throw new AppError('INTERNAL', undefined, { reason: 'METHOD_HASH_MISMATCH' });
    const [o] = await tx.select().from(openings).where(eq(openings.projectId, c.projectId));
    if (!o || (o.status !== 'published' && o.status !== 'closed')) {
      throw new AppError('INVALID_STATE', { zh: '开标结果公布后才能开始评标', en: 'The opening must be published first' }, { reason: 'OPENING_NOT_PUBLISHED' });
    }
    const lines = await tx
      .select({ bidId: openingBids.bidId, ordinal: openingBids.ordinal })
      .from(openingBids)
      .where(and(eq(openingBids.openingId, o.id), eq(openingBids.sectionId, s.id), eq(openingBids.decryptStatus, 'decrypted')))
      .orderBy(asc(openingBids.ordinal));
    if (lines.length === 0) throw new AppError('INVALID_STATE', { zh: '本标段没有解密成功的投标文件', en: 'No bid of this section was opened' }, { reason: 'NO_OPENED_BIDS' });
    const taken = new Set<string>();
    const labels: EvaluationLabel[] = lines.map((l) => ({ bidId: l.bidId, label: `投标人${l.ordinal}`, blindLabel: s.blindTechnical ? blindLabel(taken) : null }));
    const salt = crypto.randomBytes(32).toString('hex');
    const labelsSha256 = sha256Hex(labelsCommitmentBytes(salt, labels));
    const seats = await tx
      .select()
      .from(committeeMembers)
      .where(and(eq(committeeMembers.committeeId, c.id), eq(committeeMembers.status, 'confirmed')))
      .orderBy(asc(committeeMembers.specialty), asc(committeeMembers.rank));
    if (seats.length !== c.size - c.ownerReps) throw new AppError('INVALID_STATE', { zh: '评标委员会成员不全', en: 'The committee is not complete' }, { reason: 'COMMITTEE_INCOMPLETE' });
    const now = deps.clock.now();
    const [e] = await tx
      .insert(evaluations)
      .values({
        committeeId: c.id,
        projectId: c.projectId,
        sectionId: s.id,
        status: 'preparing',
        method: spec,
        methodSha256: s.evaluationMethodSha256,
        blindTechnical: s.blindTechnical,
        labels,
        labelsSha256,
        labelsSalt: salt,
        dueAt: new Date(now.getTime() + input.hours * HOUR),
        startedBy: ctx.actor!.userId,
        startedAt: now,
      })
      .returning();
    await tx.insert(evaluationMembers).values(seats.map((m) => ({ evaluationId: e!.id, userId: m.expertUserId, committeeMemberId: m.id })));
    await audit(tx, deps, ctx, {
      chain: projectChain(c.projectId),
      action: 'evaluation.start',
      subject: { type: 'evaluation', id: e!.id },
      payload: { evaluationId: e!.id, committeeId: c.id, sectionId: s.id, methodSha256: s.evaluationMethodSha256, kind: spec.kind, version: spec.version, bids: labels.length, members: seats.length, blindTechnical: s.blindTechnical, labelsSha256, dueAt: e!.dueAt.toISOString() },
    });
    await publishLiveEvent(tx, { topic: evaluationTopic(e!.id), type: 'evaluation_started', data: { evaluationId: e!.id }, at: now });
    return { evaluationId: e!.id };
  });
}

/** E3 once more, against the section's parties as they are now: a tie → CONFLICT AVOIDANCE_REQUIRED. */
async function assertNoTie(tx: Tx, l: LoadedEvaluation, userId: number, at: Date): Promise<void> {
  const found = await expertAvoidance(tx, { projectId: l.p.id, sectionId: l.s.id, expertUserId: userId, at });
  if (found.length > 0) {
    throw new AppError(
      'CONFLICT',
      { zh: '您与本项目的当事人存在应当回避的关系，不能参加本次评标，请向交易中心申请回避', en: 'You have a tie with a party of this project and must withdraw; ask the center to replace you' },
      { reason: 'AVOIDANCE_REQUIRED', rule: 'E3', reasons: [...new Set(found.map((a) => a.reason))] },
    );
  }
}

function requireOpenSession(l: LoadedEvaluation): void {
  if (l.e.status === 'signed' || l.e.status === 'failed') {
    throw new AppError('INVALID_STATE', { zh: '评标已结束', en: 'The evaluation has ended' }, { reason: 'EVALUATION_ENDED', status: l.e.status });
  }
}

export async function signInToEvaluation(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { evaluationId: number }): Promise<{ signedInAt: string }> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const l = await loadEvaluationFor(tx, actor, input.evaluationId, { lock: true });
    const me = requireMember(l);
    requireOpenSession(l);
    const cert = await requireCertificateSession(tx, deps, actor, { zh: '签到评标', en: 'Signing in to the evaluation' });
    const now = deps.clock.now();
    await assertNoTie(tx, l, me.userId, now);
    if (me.signedInAt !== null && me.signInCertSerial === cert.serialHex) return { signedInAt: me.signedInAt.toISOString() };
    await tx
      .update(evaluationMembers)
      .set({ signedInAt: now, signInCertSerial: cert.serialHex })
      .where(and(eq(evaluationMembers.evaluationId, l.e.id), eq(evaluationMembers.userId, me.userId)));
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: 'evaluation.sign_in',
      subject: { type: 'evaluation', id: l.e.id },
      // Pseudonymous in the chain until the committee's names are public (they are: the committee is published).
      payload: { evaluationId: l.e.id, memberUserId: me.userId, certSerial: cert.serialHex },
    });
    await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'member_signed_in', data: { evaluationId: l.e.id }, at: now });
    return { signedInAt: now.toISOString() };
  });
}

/** The exact declaration text the member signs (the bidders' names are shown to members only, after sign-in). */
export async function evaluationDeclaration(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { evaluationId: number }): Promise<{ text: string }> {
  const actor = requireActor(ctx);
  const l = await loadEvaluationFor(deps.db, actor, input.evaluationId);
  const me = requireMember(l);
  if (me.signedInAt === null) {
    throw new AppError('INVALID_STATE', { zh: '请先使用数字证书签到', en: 'Sign in with your certificate first' }, { reason: 'SIGN_IN_REQUIRED' });
  }
  return { text: await declarationFor(deps.db, l, actor.userId, actor.displayName) };
}

async function declarationFor(db: Pick<Deps, 'db'>['db'] | Tx, l: LoadedEvaluation, userId: number, displayName: string): Promise<string> {
  const bidIds = l.e.labels.map((x) => x.bidId);
  const names = await db
    .select({ name: organizations.name })
    .from(openingBids)
    .innerJoin(organizations, eq(organizations.id, openingBids.bidderOrgId))
    .where(inArray(openingBids.bidId, bidIds));
  const [p] = await db.select({ code: projects.unifiedDealCode, name: projects.name }).from(projects).where(eq(projects.id, l.p.id));
  return declarationText({
    evaluationId: l.e.id,
    projectCode: p!.code,
    projectName: p!.name,
    sectionCode: l.s.code,
    member: { userId, displayName },
    bidders: names.map((n) => n.name),
  });
}

export async function declareNoConflict(
  deps: Pick<Deps, 'db' | 'clock' | 'pki'>,
  ctx: RequestContext,
  input: { evaluationId: number; signatureBase64: string },
): Promise<{ declaredAt: string }> {
  const actor = requireActor(ctx);
  const signature = Buffer.from(typeof input.signatureBase64 === 'string' ? input.signatureBase64 : '', 'base64');
  if (signature.length < 64) throw new AppError('VALIDATION', { zh: '签名格式错误', en: 'The signature is malformed' }, { field: 'signatureBase64', reason: 'SIGNATURE_INVALID' });
  return deps.db.transaction(async (tx) => {
    const l = await loadEvaluationFor(tx, actor, input.evaluationId, { lock: true });
    const me = requireMember(l);
    requireOpenSession(l);
    if (me.signedInAt === null) throw new AppError('INVALID_STATE', { zh: '请先使用数字证书签到', en: 'Sign in with your certificate first' }, { reason: 'SIGN_IN_REQUIRED' });
    await requireCertificateSession(tx, deps, actor, { zh: '签署回避声明', en: 'Signing the declaration' });
    if (me.declaredAt !== null) return { declaredAt: me.declaredAt.toISOString() };
    const now = deps.clock.now();
    await assertNoTie(tx, l, me.userId, now);
    const text = new TextEncoder().encode(await declarationFor(tx, l, actor.userId, actor.displayName));
    const cert = await verifyUserSignature(tx, deps, { kind: 'evaluation-declaration', signature, content: text, at: now, userId: actor.userId });
    const sha = sha256Hex(text);
    await tx
      .update(evaluationMembers)
      .set({ declarationSha256: sha, declarationCms: signature.toString('base64'), declaredAt: now })
      .where(and(eq(evaluationMembers.evaluationId, l.e.id), eq(evaluationMembers.userId, me.userId)));
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: 'evaluation.declare',
      subject: { type: 'evaluation', id: l.e.id },
      payload: { evaluationId: l.e.id, memberUserId: me.userId, declarationSha256: sha, certSerial: cert.serialHex, cmsSha256: sha256Hex(signature) },
    });
    await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'member_declared', data: { evaluationId: l.e.id }, at: now });
    await maybeBeginReview(tx, deps, ctx, l.e.id);
    return { declaredAt: now.toISOString() };
  });
}
