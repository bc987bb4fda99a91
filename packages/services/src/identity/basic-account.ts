/** A bidder company's 基本账户 (B7: engineering cash securities must come from it). */
import { eq } from 'drizzle-orm';
import { organizations } from '@ebid/db';
import type { OrganizationDetail, SetBasicAccountInput } from '@ebid/contracts';
import { AppError } from '@ebid/domain';
import { audit, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { toOrganizationView } from './org-rules.ts';

/**
 * Record a bidder company's 基本账户 (B7: engineering cash securities must come from it): the company's
 * administrator for its own organization, or center staff for any bidder organization.
 */
export async function setBasicAccount(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: SetBasicAccountInput,
): Promise<OrganizationDetail> {
  const actor = requireRole(ctx, 'bidder', 'staff', 'platform_admin');
  const orgId = input.orgId ?? actor.orgId;
  if (actor.role === 'bidder' && (orgId !== actor.orgId || !actor.isOrgAdmin)) {
    throw new AppError('FORBIDDEN', { zh: '只有本单位管理员可以登记基本账户', en: 'Only your company’s administrator may record its basic account' });
  }
  const bank = input.bank.trim();
  const accountNo = input.accountNo.trim().replace(/\s+/g, ' ');
  if (bank.length < 2 || bank.length > 100) {
    throw new AppError('VALIDATION', { zh: '开户银行名称应为2–100个字符', en: 'The bank name must be 2–100 characters' }, { field: 'bank' });
  }
  if (!/^[0-9][0-9 -]{4,38}[0-9]$/.test(accountNo)) {
    throw new AppError('VALIDATION', { zh: '账号只能包含数字、空格和短横线（6–40位）', en: 'The account number may contain digits, spaces and dashes (6–40 characters)' }, { field: 'accountNo' });
  }
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(organizations).where(eq(organizations.id, orgId));
    if (!before) throw new AppError('NOT_FOUND');
    if (before.kind !== 'bidder') {
      throw new AppError('VALIDATION', { zh: '只有投标人（竞买人）单位需要登记基本账户', en: 'Only bidder companies record a basic account' }, { field: 'orgId' });
    }
    const [org] = await tx.update(organizations).set({ basicAccountBank: bank, basicAccountNo: accountNo }).where(eq(organizations.id, orgId)).returning();
    if (!org) throw new AppError('NOT_FOUND');
    await audit(tx, deps, ctx, {
      action: 'org.set_basic_account',
      subject: { type: 'organization', id: orgId },
      payload: { bank, accountNo, previous: { bank: before.basicAccountBank, accountNo: before.basicAccountNo } },
    });
    return { ...toOrganizationView(org), basicAccountBank: org.basicAccountBank, basicAccountNo: org.basicAccountNo };
  });
}


