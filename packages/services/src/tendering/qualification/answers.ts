/**
 * Qualification answers (issue 5 §5; P2): each applicant answers the criteria of its section with a
 * statement, an optional value and evidence files of its own organization, until the registration
 * deadline; it sees its decisions with their reasons once the review has decided it.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import { qualificationAnswers, qualificationCriteria, qualificationDecisions, registrations, type ProjectRow, type RegistrationRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, assertAvailable, availability, registrationDeadlineOf } from '@ebid/domain';
import type { AnswerInput, AnswerView, EvidenceItem, MyQualificationView, ProjectRef } from '@ebid/contracts';
import type { Actor } from '../../auth/session.ts';
import { arrivalOf, audit, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { loadProject } from '../../projects/index.ts';
import { getUploadForUse } from '../documents/uploads.ts';
import { answerView, appliesTo, criterionView, decisionView, loadCriteria, sectionInfo } from './views.ts';

/** The registration, if it is the actor's company's; NOT_FOUND otherwise. */
async function ownRegistration(tx: Tx, actor: Actor, registrationId: number): Promise<RegistrationRow> {
  const [r] = await tx.select().from(registrations).where(eq(registrations.id, registrationId));
  if (!r || r.bidderOrgId !== actor.orgId) throw new AppError('NOT_FOUND');
  return r;
}

/**
 * May answers still be given or changed? Until the registration deadline (server time, T1), and for a
 * prequalification project only while it is PUBLISHED (the review has not started). Terminal states close.
 */
function answersWindow(p: ProjectRow, now: Date): { open: boolean; deadline: Date | null } {
  return { open: availability('qualification.answer', p, now).enabled, deadline: registrationDeadlineOf(p) };
}

/** Answer one criterion (insert or replace, version++), with evidence files of the actor's organization. */
export async function answerQualification(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: AnswerInput): Promise<AnswerView> {
  const actor = requireRole(ctx, 'bidder');
  return deps.db.transaction(async (tx) => {
    const reg = await ownRegistration(tx, actor, input.registrationId);
    if (reg.status !== 'applied') {
      throw new AppError('INVALID_STATE', { zh: '该报名已撤回或已完成资格审查，不能再修改答复', en: 'This registration is withdrawn or already reviewed' }, { status: reg.status });
    }
    const [c] = await tx.select().from(qualificationCriteria).where(eq(qualificationCriteria.id, input.criterionId));
    if (!c || c.projectId !== reg.projectId || !appliesTo(c, reg.sectionId)) throw new AppError('NOT_FOUND');
    const p = await loadProject(tx, reg.projectId);
    const now = arrivalOf(ctx, deps); // T1
    assertAvailable('qualification.answer', p, now); // issue 16 §4: the rule the page disables the answer form with
    if (c.minValue !== null && (input.value === undefined || input.value === null)) {
      throw new AppError('VALIDATION', { zh: '该条件有数值要求，请填写数值', en: 'This criterion has a threshold; give a value' }, { field: 'value' });
    }
    const ids = [...new Set(input.evidenceUploadIds)];
    if (c.evidenceRequired && ids.length === 0) {
      throw new AppError('VALIDATION', { zh: '该条件须提供证明材料', en: 'This criterion needs evidence files' }, { field: 'evidenceUploadIds', reason: 'EVIDENCE_REQUIRED' });
    }
    const evidence: EvidenceItem[] = [];
    for (const id of ids) {
      const u = await getUploadForUse(tx, actor, id);
      evidence.push({ uploadId: u.id, fileName: u.fileName, sha256: u.sha256, size: u.size });
    }
    const values = {
      statement: input.statement.trim(),
      value: input.value ?? null,
      evidence,
      submittedAt: now,
      submittedBy: actor.userId,
    };
    const [row] = await tx
      .insert(qualificationAnswers)
      .values({ registrationId: reg.id, criterionId: c.id, ...values })
      .onConflictDoUpdate({
        target: [qualificationAnswers.registrationId, qualificationAnswers.criterionId],
        set: { ...values, version: sql`${qualificationAnswers.version} + 1` },
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'qualification.answer',
      subject: { type: 'qualification_answer', id: row.id },
      payload: { registrationId: reg.id, criterionId: c.id, code: c.code, value: values.value, evidence, version: row.version },
      objectHashes: evidence.map((e) => e.sha256),
    });
    return answerView(row);
  });
}

async function myView(tx: Tx, deps: Pick<Deps, 'clock'>, reg: RegistrationRow): Promise<MyQualificationView> {
  const p = await loadProject(tx, reg.projectId);
  const crit = (await loadCriteria(tx, p.id)).filter((c) => appliesTo(c, reg.sectionId));
  const answers = await tx.select().from(qualificationAnswers).where(eq(qualificationAnswers.registrationId, reg.id));
  const decided = reg.status === 'qualified' || reg.status === 'disqualified';
  const decisions = decided ? await tx.select().from(qualificationDecisions).where(eq(qualificationDecisions.registrationId, reg.id)) : [];
  const names = new Map<number, string>(); // reviewers stay anonymous to applicants
  const w = answersWindow(p, deps.clock.now());
  const s = await sectionInfo(tx, reg.sectionId);
  return {
    registration: {
      id: reg.id,
      projectId: reg.projectId,
      sectionId: reg.sectionId,
      sectionCode: s.code,
      sectionName: s.name,
      status: reg.status,
      decidedAt: reg.decidedAt?.toISOString() ?? null,
      decisionNote: reg.decisionNote,
    },
    answersCloseAt: w.deadline?.toISOString() ?? null,
    answersOpen: w.open && reg.status === 'applied',
    decided,
    items: crit.map((c) => {
      const a = answers.find((x) => x.criterionId === c.id);
      const d = decisions.find((x) => x.criterionId === c.id);
      return { criterion: criterionView(c), answer: a ? answerView(a) : null, decision: d ? decisionView(d, names) : null };
    }),
  };
}

/** My company's criteria and answers for one registration; decisions with reasons once it is decided. */
export async function myQualification(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { registrationId: number }): Promise<MyQualificationView> {
  const actor = requireRole(ctx, 'bidder');
  return deps.db.transaction(async (tx) => myView(tx, deps, await ownRegistration(tx, actor, input.registrationId)));
}

/** The same for each of my company's (not withdrawn) registrations in a project. */
export async function myProjectQualification(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: ProjectRef): Promise<MyQualificationView[]> {
  const actor = requireRole(ctx, 'bidder');
  return deps.db.transaction(async (tx) => {
    const regs = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.projectId, input.projectId), eq(registrations.bidderOrgId, actor.orgId), ne(registrations.status, 'withdrawn')))
      .orderBy(registrations.sectionId);
    const out: MyQualificationView[] = [];
    for (const r of regs) out.push(await myView(tx, deps, r));
    return out;
  });
}
