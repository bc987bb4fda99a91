/** Objection rows as the contract's view, and the statuses the use cases share. */
import { eq } from 'drizzle-orm';
import { objections, organizations, type ObjectionRow, type Tx } from '@ebid/db';
import { AppError, type ProcedureStatus } from '@ebid/domain';
import type { ObjectionView } from '@ebid/contracts';

export type ObjectionStatus = ObjectionRow['status'];

/** Not yet answered (nor refused). */
export const OPEN_STATUSES: readonly ObjectionStatus[] = ['filed', 'accepted'];

/** Project states in which nothing can be objected to any more. A SUSPENDED project still accepts filings. */
export const CLOSED_STATUSES: readonly ProcedureStatus[] = ['TERMINATED', 'FAILED', 'ARCHIVED'];

export function isObjectionOverdue(o: Pick<ObjectionRow, 'status' | 'answerDueAt'>, now: Date): boolean {
  // answerDueAt is the exclusive end of the period (24:00): at that instant the answer is late.
  return OPEN_STATUSES.includes(o.status) && o.answerDueAt !== null && now.getTime() >= o.answerDueAt.getTime();
}

export function toView(o: ObjectionRow, now: Date, filerName: string | null, mine: boolean): ObjectionView {
  return {
    id: o.id,
    projectId: o.projectId,
    stage: o.stage,
    subject: o.subject,
    step: o.step,
    title: o.title,
    body: o.body,
    status: o.status,
    filerName,
    mine,
    suspends: o.suspends,
    filedAt: o.filedAt.toISOString(),
    decidedAt: o.decidedAt?.toISOString() ?? null,
    declineReason: o.declineReason,
    answerDueAt: o.answerDueAt?.toISOString() ?? null,
    answerDueProvisional: o.answerDueProvisional,
    open: OPEN_STATUSES.includes(o.status),
    overdue: isObjectionOverdue(o, now),
    answer: o.answer,
    answeredAt: o.answeredAt?.toISOString() ?? null,
    version: o.version,
  };
}

export async function loadObjection(tx: Tx, id: number, lock = false): Promise<ObjectionRow> {
  const q = tx.select().from(objections).where(eq(objections.id, id));
  const [o] = lock ? await q.for('update') : await q;
  if (!o) throw new AppError('NOT_FOUND');
  return o;
}

export async function orgName(tx: Tx, orgId: number): Promise<string> {
  const [o] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
  return o?.name ?? '';
}

/** Where a message about an objection links to: the project page. */
export const objectionLink = (projectId: number) => `/projects/${projectId}`;
