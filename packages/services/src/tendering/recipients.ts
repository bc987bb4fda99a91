/** Who is told about a project's tendering events: the owner side, the downloaders, the registered companies. */
import { and, eq, inArray, or } from 'drizzle-orm';
import { documentDownloads, registrations, users, type ProjectRow, type Tx } from '@ebid/db';

/** User ids of the owner side (tenderee and agent organizations) of a project. */
export async function ownerSideUserIds(tx: Tx, p: Pick<ProjectRow, 'tendereeOrgId' | 'agentOrgId'>): Promise<number[]> {
  const orgIds = [p.tendereeOrgId, ...(p.agentOrgId !== null ? [p.agentOrgId] : [])];
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.orgId, orgIds), inArray(users.role, ['tenderee', 'agent']), eq(users.active, true)));
  return rows.map((r) => r.id);
}

/** Distinct users who downloaded any document of the project (clarification recipients, N6). */
export async function downloaderUserIds(tx: Tx, projectId: number): Promise<number[]> {
  const rows = await tx.selectDistinct({ userId: documentDownloads.userId }).from(documentDownloads).where(eq(documentDownloads.projectId, projectId));
  return rows.map((r) => r.userId);
}

/** User ids of every company that downloaded the project's documents or registered for it. */
export async function interestedUserIds(tx: Tx, projectId: number): Promise<number[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        or(
          inArray(users.orgId, tx.selectDistinct({ o: documentDownloads.orgId }).from(documentDownloads).where(eq(documentDownloads.projectId, projectId))),
          inArray(users.orgId, tx.selectDistinct({ o: registrations.bidderOrgId }).from(registrations).where(eq(registrations.projectId, projectId))),
        ),
      ),
    );
  return rows.map((r) => r.id);
}
