/**
 * Who may see a committee (issue 21 §5; domain E4). Until the committee is published its existence, its
 * draw and above all its names are known only to those who must know: center staff (who run the draw)
 * and the supervisors whose scope covers the project (issue 20, supervision/scope.ts). Once published,
 * everyone. Anyone else is told it does not exist (no existence oracle). Invited experts see their own
 * invitation only (respond.ts, read.ts), never the committee.
 */
import { eq } from 'drizzle-orm';
import { committees, projects, type CommitteeRow, type DbOrTx, type ProjectRow } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { Actor } from '../auth/session.ts';
import { supervisesProject } from '../supervision/scope.ts';
import { committeeNamesAccess } from '../access/committee-names.ts';

/** center: staff / platform administrators; supervisor: of this project; public: anyone, after publication. */
export type CommitteeViewer = 'center' | 'supervisor' | 'public';

export const isCenter = (actor: Pick<Actor, 'role'> | null): boolean => actor?.role === 'staff' || actor?.role === 'platform_admin';

/** The viewer kind, or null when the actor may not even learn that the committee exists. */
export async function committeeViewer(db: DbOrTx, actor: Actor | null, c: Pick<CommitteeRow, 'status'>, p: ProjectRow): Promise<CommitteeViewer | null> {
  const access = committeeNamesAccess(actor?.role ?? 'anonymous');
  if (actor && access === 'all') return 'center';
  if (actor && access === 'own_scope' && (await supervisesProject(db, actor, p))) return 'supervisor';
  if (c.status === 'published') return 'public';
  return null; // own_seat (an expert's own invitation: read.ts) and never
}

/** Those who know the names before publication. */
export const knowsNames = (v: CommitteeViewer, c: Pick<CommitteeRow, 'status'>): boolean => v !== 'public' || c.status === 'published';

export const notFound = (): AppError => new AppError('NOT_FOUND', { zh: '评标委员会不存在', en: 'No such committee' }, { field: 'committeeId' });

/** The committee and its project as the actor may see them; NOT_FOUND otherwise. */
export async function loadCommitteeFor(db: DbOrTx, actor: Actor | null, committeeId: number): Promise<{ c: CommitteeRow; p: ProjectRow; viewer: CommitteeViewer }> {
  const [row] = await db.select({ c: committees, p: projects }).from(committees).innerJoin(projects, eq(projects.id, committees.projectId)).where(eq(committees.id, committeeId));
  if (!row) throw notFound();
  const viewer = await committeeViewer(db, actor, row.c, row.p);
  if (!viewer) throw notFound();
  return { ...row, viewer };
}

/** May the actor follow the live topic `committee.<id>`? (the draw's events: pseudonyms and hashes only) */
export async function mayFollowCommittee(db: DbOrTx, actor: Actor | null, committeeId: number): Promise<boolean> {
  try {
    await loadCommitteeFor(db, actor, committeeId);
    return true;
  } catch (e) {
    if (e instanceof AppError) return false;
    throw e;
  }
}

export const committeeTopic = (committeeId: number): string => `committee.${committeeId}`;
