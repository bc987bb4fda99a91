/**
 * The read of a project's checkpoints (issue 20 §1, M1, M3): each with its state computed from server
 * time, due instant, provisional flag, responsible party and the act that completed it. Readable by the
 * project's owner side, the center's staff and the supervisors whose scope covers the project.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { checkpoints, organizations } from '@ebid/db';
import { checkpointKind, checkpointState, isCheckpointKind, isLate, type CheckpointKind } from '@ebid/domain';
import type { CheckpointListInput, CheckpointView } from '@ebid/contracts';
import { isBeforeDeadline } from '../access/before-deadline.ts';
import { requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { assertOwnerSide, loadProject } from '../projects/project-access.ts';
import { assertSupervises } from './scope.ts';

/** Kinds whose rows are the registrants' facts (how many securities) and stay hidden until the deadline (N6, B5). */
const SECRET_UNTIL_DEADLINE: ReadonlySet<CheckpointKind> = new Set(['deposit.refund']);

export async function listProjectCheckpoints(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: CheckpointListInput): Promise<CheckpointView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (actor.role === 'supervisor') await assertSupervises(tx, actor, p);
    else if (actor.role !== 'staff' && actor.role !== 'platform_admin') await assertOwnerSide(tx, deps, actor, p);
    const now = deps.clock.now();
    const secret = isBeforeDeadline(p, now);
    const rows = (await tx.select().from(checkpoints).where(eq(checkpoints.projectId, p.id)).orderBy(asc(checkpoints.dueAt), asc(checkpoints.id))).filter(
      (r) => isCheckpointKind(r.kind) && !(secret && SECRET_UNTIL_DEADLINE.has(r.kind)),
    );
    const orgIds = [...new Set(rows.flatMap((r) => (r.responsibleOrgId === null ? [] : [r.responsibleOrgId])))];
    const names = new Map(orgIds.length ? (await tx.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, orgIds))).map((o) => [o.id, o.name]) : []);
    return rows.map((r) => {
      const decl = checkpointKind(r.kind as CheckpointKind);
      return {
        id: r.id,
        projectId: r.projectId,
        kind: r.kind,
        nameZh: decl.name.zh,
        nameEn: decl.name.en,
        rule: decl.rule,
        subjectKey: r.subjectKey,
        state: checkpointState(r, now),
        warnAt: r.warnAt.toISOString(),
        dueAt: r.dueAt.toISOString(),
        provisional: r.provisional,
        responsible: { party: r.responsibleOrgId === null ? 'center' : 'owner_side', orgId: r.responsibleOrgId, orgName: r.responsibleOrgId === null ? null : (names.get(r.responsibleOrgId) ?? null) },
        doneAt: r.doneAt?.toISOString() ?? null,
        doneAct: r.doneAct,
        late: isLate(r),
        yellowRaisedAt: r.yellowRaisedAt?.toISOString() ?? null,
        redRaisedAt: r.redRaisedAt?.toISOString() ?? null,
      };
    });
  });
}
