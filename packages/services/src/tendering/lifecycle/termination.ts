/**
 * Termination (终止, ZTBT §31 and each trade's own law: procedure/citations.ts; issue 5 §6, issue 18 §1): the owner side ends the procedure with a reason; the
 * platform publishes a sealed 终止公告, the received securities are marked for refund (B10) and every
 * registered company is told. The state machine decides where it is allowed (not DRAFT, not after the
 * contract).
 */
import { and, eq, ne } from 'drizzle-orm';
import { organizations, projects, registrations, users } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, allowedEvents, procedureStateOf, type ProcedureStatus } from '@ebid/domain';
import { audit, requireActor, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { notify } from '../../notifications/notify.ts';
import { terminationMessage, terminationNoticeText } from '../../documents/procedure-notices.ts';
import { applyProjectEvent, assertOwnerSide, flagsOf, loadProject, toView } from '../../projects/index.ts';
import type { ProjectView } from '@ebid/contracts';
import { markDepositsForRefund } from '../deposits/refunds.ts';
import { preparePlatformNotice, recordPlatformNotice } from '../platform-notices.ts';

function cannotTerminate(status: ProcedureStatus): AppError {
  return new AppError(
    'INVALID_STATE',
    { zh: status === 'DRAFT' ? '草稿项目不能终止，可直接放弃' : '项目当前状态不能终止', en: status === 'DRAFT' ? 'A draft is not terminated; it can simply be abandoned' : 'The project cannot be terminated in its current state' },
    { status, event: 'terminate' },
  );
}

/** The owner side terminates the procedure: sealed 终止公告, securities marked for refund, registrants told. */
export async function terminateProject(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'pki' | 'storage'>,
  ctx: RequestContext,
  input: { projectId: number; reason: string },
): Promise<ProjectView> {
  const actor = requireActor(ctx);
  const reason = input.reason.trim();
  // Check before the slow rendering, so a refused request costs nothing; the transaction re-checks.
  const before = await deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    await assertOwnerSide(tx, deps, actor, p);
    if (!allowedEvents(procedureStateOf(p), flagsOf(p)).includes('terminate')) throw cannotTerminate(p.status);
    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, p.tendereeOrgId));
    return { p, tendereeName: org?.name ?? '' };
  });
  const now = deps.clock.now();
  const { p } = before;
  const prepared = await preparePlatformNotice(deps, { projectId: p.id, kind: 'termination', ...terminationNoticeText(p, before.tendereeName, reason, now) });
  return deps.db.transaction(async (tx) => {
    const [fresh] = await tx.select().from(projects).where(eq(projects.id, p.id)).for('update');
    if (!fresh) throw new AppError('NOT_FOUND');
    await assertOwnerSide(tx, deps, actor, fresh);
    if (!allowedEvents(procedureStateOf(fresh), flagsOf(fresh)).includes('terminate')) throw cannotTerminate(fresh.status);
    const updated = await applyProjectEvent(tx, deps, ctx, fresh, { type: 'terminate', reason });
    const notice = await recordPlatformNotice(tx, deps, ctx, prepared);
    const refunds = await markDepositsForRefund(tx, deps, ctx, { projectId: p.id, trigger: 'termination' });
    const regs = await tx
      .selectDistinct({ id: users.id })
      .from(users)
      .innerJoin(registrations, eq(registrations.bidderOrgId, users.orgId))
      .where(and(eq(registrations.projectId, p.id), ne(registrations.status, 'withdrawn'), eq(users.active, true)));
    await notify(tx, deps, {
      userIds: regs.map((r) => r.id),
      kind: 'project.terminated',
      ...terminationMessage(p, reason),
      link: `/projects/${p.id}`,
    });
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'project.terminated',
      subject: { type: 'project', id: p.id },
      payload: { reason, noticeId: notice.id, depositsMarkedForRefund: refunds },
      objectHashes: [prepared.pdfSha256],
    });
    return toView(tx, updated);
  });
}
