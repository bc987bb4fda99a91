/** Clarification rows as the contract's view, and the checks every clarification use case makes. */
import { eq } from 'drizzle-orm';
import { clarifications, type ClarificationRow, type ProjectRow, type Tx } from '@ebid/db';
import { AppError, SCHEDULE_FIELD_LABELS, type ClarificationStage, type ScheduleField } from '@ebid/domain';
import type { ClarificationView } from '@ebid/contracts';
import type { Actor } from '../../auth/session.ts';
import type { Deps } from '../../deps.ts';
import { assertOwnerSide, isPublic, loadProject } from '../../projects/index.ts';
import { clarificationDocuments } from '../documents/versions.ts';

export function clarificationView(c: ClarificationRow, docs: ClarificationView['documents']): ClarificationView {
  return {
    id: c.id,
    projectId: c.projectId,
    seq: c.seq > 0 ? c.seq : null,
    title: c.title,
    body: c.body,
    affectsPreparation: c.affectsPreparation,
    status: c.status,
    deadlineField: c.deadlineField,
    previousDeadline: c.previousDeadline?.toISOString() ?? null,
    newDeadline: c.newDeadline?.toISOString() ?? null,
    newDeadlineProvisional: c.newDeadlineProvisional,
    pdfSha256: c.pdfSha256,
    publishedAt: c.publishedAt?.toISOString() ?? null,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    documents: docs,
  };
}

/** The views of clarifications, each with the documents it issues. */
export async function clarificationViews(tx: Tx, rows: ClarificationRow[]): Promise<ClarificationView[]> {
  const docs = await clarificationDocuments(
    tx,
    rows.map((r) => r.id),
  );
  return rows.map((c) =>
    clarificationView(
      c,
      docs.filter((d) => d.clarificationId === c.id).map((d) => ({ id: d.id, name: d.name, version: d.version, sha256: d.sha256, size: d.size })),
    ),
  );
}

/** The view of one clarification. */
export async function oneClarificationView(tx: Tx, row: ClarificationRow): Promise<ClarificationView> {
  const [v] = await clarificationViews(tx, [row]);
  if (!v) throw new AppError('INTERNAL');
  return v;
}

/** The deadline a clarification is judged against now (prequalification application, else bid/response). */
export function clarificationDeadline(p: Pick<ProjectRow, 'prequalification' | 'schedule'>, now: Date): { field: ScheduleField; stage: ClarificationStage; deadline: Date } | null {
  const s = p.schedule;
  if (p.prequalification && s.prequalApplicationDeadline && now.getTime() <= new Date(s.prequalApplicationDeadline).getTime()) {
    return { field: 'prequalApplicationDeadline', stage: 'prequalification', deadline: new Date(s.prequalApplicationDeadline) };
  }
  for (const field of ['bidDeadline', 'listingEnd', 'disclosureEnd'] as const) {
    const at = s[field];
    if (at) return { field, stage: 'tender', deadline: new Date(at) };
  }
  return null;
}

/** Refuses unless the project accepts clarifications now: public, running, its deadline not passed. */
export function assertOpenForClarification(p: ProjectRow, now: Date): { field: ScheduleField; stage: ClarificationStage; deadline: Date } {
  if (!isPublic(p)) {
    throw new AppError('INVALID_STATE', { zh: '公告发布前直接修改招标文件即可，无需澄清', en: 'Before the notice is published, edit the documents directly; no clarification is needed' }, { reason: 'NOT_PUBLIC', status: p.status });
  }
  if (['SUSPENDED', 'TERMINATED', 'FAILED', 'ARCHIVED'].includes(p.status)) {
    throw new AppError('INVALID_STATE', { zh: '项目已暂停、终止或流标，不能发布澄清', en: 'The project is suspended, terminated or failed; no clarification can be published' }, { status: p.status });
  }
  const d = clarificationDeadline(p, now);
  if (!d) throw new AppError('INVALID_STATE', { zh: '项目没有截止时间', en: 'The project has no deadline' }, { reason: 'NO_DEADLINE' });
  if (now.getTime() > d.deadline.getTime()) {
    throw new AppError('INVALID_STATE', { zh: `${SCHEDULE_FIELD_LABELS[d.field].zh}已过，不能再发布澄清`, en: `The ${SCHEDULE_FIELD_LABELS[d.field].en} has passed; no clarification can be published` }, { reason: 'DEADLINE_PASSED', field: d.field });
  }
  return d;
}

/** The clarification and its project, if the actor is of the owner side. */
export async function ownerClarification(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, clarificationId: number): Promise<{ c: ClarificationRow; p: ProjectRow }> {
  const [c] = await tx.select().from(clarifications).where(eq(clarifications.id, clarificationId));
  if (!c) throw new AppError('NOT_FOUND');
  const p = await loadProject(tx, c.projectId);
  await assertOwnerSide(tx, deps, actor, p);
  return { c, p };
}

export function assertDraft(c: ClarificationRow): void {
  if (c.status !== 'draft') throw new AppError('INVALID_STATE', { zh: '澄清已发布，不能修改', en: 'The clarification is published and cannot be changed' }, { status: c.status });
}
