/** The bidding gate (B8; ZTBT §19, §36): may this company bid on this section? */
import { and, eq } from 'drizzle-orm';
import { projects, registrations, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';

/**
 * Not registered or withdrawn → FORBIDDEN 'NOT_REGISTERED'; failed the qualification review → FORBIDDEN
 * 'PREQUAL_FAILED'; a prequalification project not yet decided for it → FORBIDDEN 'NOT_QUALIFIED'.
 * Otherwise returns.
 */
export async function assertMayBid(tx: Tx, input: { projectId: number; sectionId: number; bidderOrgId: number }): Promise<void> {
  const [reg] = await tx
    .select()
    .from(registrations)
    .where(and(eq(registrations.projectId, input.projectId), eq(registrations.sectionId, input.sectionId), eq(registrations.bidderOrgId, input.bidderOrgId)));
  if (!reg || reg.status === 'withdrawn') {
    throw new AppError('FORBIDDEN', { zh: '贵单位未报名该标段', en: 'Your company has not registered for this section' }, { reason: 'NOT_REGISTERED' });
  }
  if (reg.status === 'disqualified') {
    throw new AppError('FORBIDDEN', { zh: '贵单位未通过资格预审，不得投标', en: 'Your company failed the prequalification and may not bid' }, { reason: 'PREQUAL_FAILED' });
  }
  const [p] = await tx.select({ prequalification: projects.prequalification }).from(projects).where(eq(projects.id, input.projectId));
  if (p?.prequalification && reg.status !== 'qualified') {
    throw new AppError('FORBIDDEN', { zh: '贵单位尚未通过资格预审', en: 'Your company has not (yet) passed the prequalification' }, { reason: 'NOT_QUALIFIED' });
  }
}
