/** The owner side submits a draft project to center staff for review (issue 4 §3, issue 16 §2). */
import { eq } from 'drizzle-orm';
import { sections, type DbOrTx, type ProjectRow } from '@ebid/db';
import { AppError, budgetViolations, singleSourcePublicationProblem } from '@ebid/domain';
import type { ProjectIdInput, ProjectView } from '@ebid/contracts';
import { arrivalOf, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notify } from '../notifications/notify.ts';
import { assertOwnerSide, loadProject, staffUsers } from './project-access.ts';
import { applyProjectEvent } from './procedure-events.ts';
import { toView } from './project-reads.ts';
import { assertSubmittableSchedule } from './project-schedule.ts';

/**
 * What a project needs before its notice goes to review or is published (issue 16 §2): a procurement
 * project its budget, and every 最高限价 within it; a single source its supplier and publicity period.
 * Throws VALIDATION with the reason and field.
 */
export async function assertPublishableProject(tx: DbOrTx, p: ProjectRow): Promise<void> {
  const secs = await tx.select({ code: sections.code, ceilingFen: sections.ceilingFen }).from(sections).where(eq(sections.projectId, p.id)).orderBy(sections.code);
  const [v] = budgetViolations({ tradeType: p.tradeType, budgetFen: p.budgetFen, sections: secs });
  if (v) throw new AppError('VALIDATION', { zh: v.messageZh, en: v.messageEn }, { reason: v.reason, field: v.field });
  const singleSource = singleSourcePublicationProblem(p); // issue 18 §3: the supplier and the publicity period
  if (singleSource) throw singleSource;
}

/** The owner side submits the draft (with a legal schedule) to center staff for review. */
export async function submitProject(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: ProjectIdInput): Promise<ProjectView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    await assertOwnerSide(tx, deps, actor, p);
    assertSubmittableSchedule(p, arrivalOf(ctx, deps));
    await assertPublishableProject(tx, p);
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
