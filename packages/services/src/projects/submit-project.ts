/** The owner side submits a draft project to center staff for review (issue 4 §3, issue 16 §2). */
import { eq } from 'drizzle-orm';
import { sections, type DbOrTx, type ProjectRow } from '@ebid/db';
import { AppError, budgetViolations, saleSectionViolations, singleSourcePublicationProblem, type SaleViolation } from '@ebid/domain';
import type { ProjectIdInput, ProjectView } from '@ebid/contracts';
import { arrivalOf, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notify } from '../notifications/notify.ts';
import { assertOwnerSide, loadProject, staffUsers } from './project-access.ts';
import { applyProjectEvent } from './procedure-events.ts';
import { toView } from './project-reads.ts';
import { assertSubmittableSchedule } from './project-schedule.ts';

/**
 * What a project needs before its notice goes to review or is published at `at` (issue 16 §2, issue 18 §3–4):
 * a procurement project its budget, and every 最高限价 within it; a single source its supplier and publicity
 * period; a land plot or property item its sale terms (sales/terms.ts) — for property under L7 at `at` AND at
 * the disclosure start: an appraisal older than 12 months then blocks the listing until a new one is
 * attached. A re-tendered property deal is a re-disclosure (its floor may be lowered, below 90 % of the
 * appraisal only with the approval document).
 * Throws VALIDATION with the reason and field.
 */
export async function assertPublishableProject(tx: DbOrTx, p: ProjectRow, at: Date): Promise<void> {
  const secs = await tx.select().from(sections).where(eq(sections.projectId, p.id)).orderBy(sections.code);
  const [v] = budgetViolations({ tradeType: p.tradeType, budgetFen: p.budgetFen, sections: secs });
  if (v) throw new AppError('VALIDATION', { zh: v.messageZh, en: v.messageEn }, { reason: v.reason, field: v.field });
  const singleSource = singleSourcePublicationProblem(p); // issue 18 §3: the supplier and the publicity period
  if (singleSource) throw singleSource;
  const disclosureStart = p.schedule.disclosureStart ? new Date(p.schedule.disclosureStart) : null;
  const instants = disclosureStart && disclosureStart.getTime() > at.getTime() ? [at, disclosureStart] : [at];
  for (const instant of instants) {
    const [sale] = saleSectionViolations({ tradeType: p.tradeType, method: p.method, sections: secs, at: instant, firstDisclosure: p.previousProjectId === null });
    if (sale) throw saleTermsError(sale, secs[sale.section]?.id ?? null, instant);
  }
}

function saleTermsError(v: SaleViolation & { path: string }, sectionId: number | null, at: Date): AppError {
  return new AppError('VALIDATION', { zh: v.messageZh, en: v.messageEn }, { reason: v.reason, field: v.path, sectionId, checkedAt: at.toISOString() });
}

/** The owner side submits the draft (with a legal schedule) to center staff for review. */
export async function submitProject(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: ProjectIdInput): Promise<ProjectView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    await assertOwnerSide(tx, deps, actor, p);
    const at = arrivalOf(ctx, deps);
    assertSubmittableSchedule(p, at);
    await assertPublishableProject(tx, p, at);
    const updated = await applyProjectEvent(tx, deps, ctx, p, { type: 'submit_notice' });
    await notify(tx, deps, {
      userIds: await staffUsers(tx),
      kind: 'project.submitted',
      title: { zh: '新项目待审核', en: 'A project awaits review' },
      body: { zh: `${p.name}（${p.unifiedDealCode}）已提交，请审核公告。`, en: `${p.name} (${p.unifiedDealCode}) was submitted; please review its notice.` },
      link: `/workspace/staff/notices`,
    });
    return toView(tx, updated);
  });
}
