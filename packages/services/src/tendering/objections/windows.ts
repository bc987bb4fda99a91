/**
 * The window an objection or challenge is judged against (domain N8, C2; CGT §53): the documents window
 * (from the bidder's own first download, until the deadline the law ties it to), or a process challenge's
 * window from the end of the step challenged.
 */
import { and, eq, min } from 'drizzle-orm';
import { auditEvents, documentDownloads, openings, type ProjectRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, formatBeijingDateTime, objectionWindow, ruleSentence, scheduleFromIso, type HolidayTable, type ObjectionStage, type ObjectionWindow } from '@ebid/domain';
import type { ProcessStep } from '@ebid/contracts';
import { flagsOf } from '../../projects/index.ts';

/** Which documents an objection filed now is against: the prequalification documents until their deadline. */
export function stageAt(p: ProjectRow, now: Date): ObjectionStage {
  const deadline = p.schedule.prequalApplicationDeadline;
  return flagsOf(p).qualification === 'pre' && deadline && now.getTime() <= new Date(deadline).getTime() ? 'prequalification' : 'tender';
}

async function firstDownloadAt(tx: Tx, projectId: number, orgId: number): Promise<Date | null> {
  const [r] = await tx
    .select({ at: min(documentDownloads.at) })
    .from(documentDownloads)
    .where(and(eq(documentDownloads.projectId, projectId), eq(documentDownloads.orgId, orgId)));
  return r?.at ? new Date(r.at) : null;
}

/** The documents window of a company (null: a caller that is not a bidder, judged without a download). */
export async function documentsWindow(tx: Tx, p: ProjectRow, orgId: number | null, now: Date, table: HolidayTable): Promise<{ stage: ObjectionStage; window: ObjectionWindow | null }> {
  const stage = stageAt(p, now);
  const window = objectionWindow(
    {
      tradeType: p.tradeType,
      method: p.method,
      prequalification: flagsOf(p).qualification === 'pre',
      stage,
      schedule: scheduleFromIso(p.schedule),
      firstDownloadAt: orgId === null ? null : await firstDownloadAt(tx, p.id, orgId),
    },
    table,
  );
  return { stage, window };
}

/** When a procurement step ended (the start of "knowing" for a process challenge), or null if it has not. */
export async function stepEndedAt(tx: Tx, p: ProjectRow, step: ProcessStep): Promise<Date | null> {
  if (step === 'opening') {
    const [o] = await tx.select({ closedAt: openings.closedAt }).from(openings).where(eq(openings.projectId, p.id));
    return o?.closedAt ?? null;
  }
  // The review ended when the procedure recorded its result (the audited transition, its server time).
  const [e] = await tx
    .select({ at: auditEvents.at })
    .from(auditEvents)
    .where(and(eq(auditEvents.chain, projectChain(p.id)), eq(auditEvents.action, 'project.prequalification_done')))
    .limit(1);
  return e?.at ?? null;
}

export const noProcedure = () =>
  new AppError('INVALID_STATE', { zh: '该项目没有异议或质疑程序', en: 'This project has no objection or challenge procedure' }, { reason: 'NO_OBJECTION_PROCEDURE' });

export function windowClosed(window: ObjectionWindow): AppError {
  return new AppError(
    'VALIDATION',
    {
      zh: `已超过提出期限（${formatBeijingDateTime(window.closesAt)}；${ruleSentence(window).zh}）`,
      en: `The window closed at ${formatBeijingDateTime(window.closesAt)} Beijing time (${ruleSentence(window).en})`,
    },
    { reason: 'OBJECTION_WINDOW', closesAt: window.closesAt.toISOString(), ruleRef: window.ruleRef },
  );
}
