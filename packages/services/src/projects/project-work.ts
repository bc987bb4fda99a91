/**
 * What each project of a list has waiting (issue 19 §5): the owner side's per-topic menu items
 * (招标文件, 澄清与修改, 异议答复, 资格条件, 时间安排) each show their own column of it. Grouped queries over
 * the listed projects, not one per row.
 */
import { and, count, inArray, isNull, min, sql } from 'drizzle-orm';
import { clarifications, objections, qualificationCriteria, tenderDocuments, type ProjectRow, type Tx } from '@ebid/db';
import { nextMilestone } from '@ebid/domain';
import type { ProjectWork } from '@ebid/contracts';
import { OPEN_STATUSES } from '../tendering/objections/views.ts';

export async function projectWork(tx: Tx, rows: readonly ProjectRow[], now: Date): Promise<Map<number, ProjectWork>> {
  const ids = rows.map((r) => r.id);
  const out = new Map<number, ProjectWork>();
  for (const r of rows) {
    out.set(r.id, {
      documents: { current: 0, prequalification: 0 },
      clarifications: { draft: 0, published: 0 },
      objections: { unanswered: 0, earliestDueAt: null, overdue: 0 },
      criteria: 0,
      nextMilestone: nextMilestone(r.schedule, r.status, now.getTime()),
    });
  }
  if (ids.length === 0) return out;

  const docs = await tx
    .select({ projectId: tenderDocuments.projectId, kind: tenderDocuments.kind, n: count() })
    .from(tenderDocuments)
    .where(and(inArray(tenderDocuments.projectId, ids), isNull(tenderDocuments.supersededAt)))
    .groupBy(tenderDocuments.projectId, tenderDocuments.kind);
  for (const d of docs) {
    const w = out.get(d.projectId)!.documents;
    if (d.kind === 'prequalification') w.prequalification += d.n;
    else w.current += d.n;
  }

  const clars = await tx
    .select({ projectId: clarifications.projectId, status: clarifications.status, n: count() })
    .from(clarifications)
    .where(inArray(clarifications.projectId, ids))
    .groupBy(clarifications.projectId, clarifications.status);
  for (const c of clars) out.get(c.projectId)!.clarifications[c.status] += c.n;

  const objs = await tx
    .select({
      projectId: objections.projectId,
      n: count(),
      due: min(objections.answerDueAt),
      overdue: sql<number>`count(*) filter (where ${objections.answerDueAt} <= ${now.toISOString()}::timestamptz)`.mapWith(Number),
    })
    .from(objections)
    .where(and(inArray(objections.projectId, ids), inArray(objections.status, [...OPEN_STATUSES])))
    .groupBy(objections.projectId);
  for (const o of objs) {
    out.get(o.projectId)!.objections = { unanswered: o.n, earliestDueAt: o.due ? new Date(o.due).toISOString() : null, overdue: o.overdue };
  }

  const crits = await tx
    .select({ projectId: qualificationCriteria.projectId, n: count() })
    .from(qualificationCriteria)
    .where(inArray(qualificationCriteria.projectId, ids))
    .groupBy(qualificationCriteria.projectId);
  for (const c of crits) out.get(c.projectId)!.criteria = c.n;
  return out;
}
