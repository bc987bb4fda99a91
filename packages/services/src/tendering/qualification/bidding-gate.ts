/** The bidding gate (B8; ZTBT §19, §36; issue 18 §4 L2): may this company bid on this section? */
import { and, eq } from 'drizzle-orm';
import { projects, registrations, type Tx } from '@ebid/db';
import { AppError, procedureFlags, termPair } from '@ebid/domain';

/**
 * Not registered or withdrawn → FORBIDDEN 'NOT_REGISTERED'. Where qualification comes first —
 * prequalification, or the review of land / property applications at registration (issue 18 §4) — a
 * company found not qualified → FORBIDDEN 'PREQUAL_FAILED' / 'APPLICATION_DISQUALIFIED', one not yet
 * decided → FORBIDDEN 'NOT_QUALIFIED'. Otherwise returns.
 */
export async function assertMayBid(tx: Tx, input: { projectId: number; sectionId: number; bidderOrgId: number }): Promise<void> {
  const [reg] = await tx
    .select()
    .from(registrations)
    .where(and(eq(registrations.projectId, input.projectId), eq(registrations.sectionId, input.sectionId), eq(registrations.bidderOrgId, input.bidderOrgId)));
  if (!reg || reg.status === 'withdrawn') {
    throw new AppError('FORBIDDEN', { zh: '贵单位未报名该标段', en: 'Your company has not registered for this section' }, { reason: 'NOT_REGISTERED' });
  }
  const [p] = await tx.select({ tradeType: projects.tradeType, method: projects.method, prequalification: projects.prequalification }).from(projects).where(eq(projects.id, input.projectId));
  const mode = p ? procedureFlags(p.tradeType, p.method, p.prequalification ? { prequalification: true } : {}).qualification : 'post';
  if (mode === 'registration' && p) {
    const app = termPair('registration', p.tradeType, p.method);
    if (reg.status === 'disqualified') {
      throw new AppError('FORBIDDEN', { zh: `贵单位的${app.zh}未通过资格审核，不得参加`, en: `Your company's ${app.en} was not approved; it may not take part` }, { reason: 'APPLICATION_DISQUALIFIED' });
    }
    if (reg.status !== 'qualified') {
      throw new AppError('FORBIDDEN', { zh: `贵单位的${app.zh}尚未通过资格审核`, en: `Your company's ${app.en} has not been approved (yet)` }, { reason: 'NOT_QUALIFIED' });
    }
    return;
  }
  if (reg.status === 'disqualified') {
    throw new AppError('FORBIDDEN', { zh: '贵单位未通过资格预审，不得投标', en: 'Your company failed the prequalification and may not bid' }, { reason: 'PREQUAL_FAILED' });
  }
  if (p?.prequalification && reg.status !== 'qualified') {
    throw new AppError('FORBIDDEN', { zh: '贵单位尚未通过资格预审', en: 'Your company has not (yet) passed the prequalification' }, { reason: 'NOT_QUALIFIED' });
  }
}
