/**
 * Organizations (DESIGN §5, issue 3 §1): each carries a valid 统一社会信用代码. Bidder companies register
 * themselves and wait for center staff to approve them; other organizations are created by staff.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { isUniqueViolation, organizations, users, type OrganizationRow } from '@ebid/db';
import type {
  CreateOrganizationInput,
  Organization,
  OrganizationDetail,
  OrganizationList,
  OrganizationListInput,
  OrgKind,
  RegisterCompanyInput,
  ReviewOrganizationInput,
  SetBasicAccountInput,
} from '@ebid/contracts';
import { AppError, isValidCreditCode, reservedNameTaken, type PlatformIdentity } from '@ebid/domain';
import { assertPasswordStrength, hashPassword } from '../auth/session.ts';
import { audit, requireRole, type RequestContext } from '../context.ts';
import { notify } from '../notifications/notify.ts';
import type { Deps } from '../deps.ts';
import { regionOfCreditCode } from './center.ts';

export function toOrganizationView(o: OrganizationRow): Organization {
  return {
    id: o.id,
    creditCode: o.creditCode,
    name: o.name,
    kind: o.kind,
    status: o.status,
    regionCode: o.regionCode,
    contactPhone: o.contactPhone,
    createdAt: o.createdAt.toISOString(),
    reviewNote: o.reviewNote,
  };
}

export function assertCreditCode(code: string): void {
  if (!isValidCreditCode(code)) {
    throw new AppError(
      'VALIDATION',
      { zh: '统一社会信用代码无效（校验位不符或格式错误）', en: 'Invalid unified social credit code (format or check character)' },
      { field: 'creditCode' },
    );
  }
}

/**
 * The platform's and the center's names — the configured ones, `config.center` (issue 15 §3) — are
 * reserved (issue 14 §3): no organization may be registered or created under a name that takes or
 * impersonates them (folded: NFKC, case, spaces and punctuation; @ebid/domain reservedNameTaken) — except
 * the center itself (kind 'center', by a platform administrator).
 */
export function assertOrganizationNameAllowed(name: string, kind: OrgKind, identity: PlatformIdentity): void {
  const reserved = reservedNameTaken(name, identity);
  if (reserved !== null && kind !== 'center') {
    throw new AppError(
      'VALIDATION',
      { zh: `机构名称不能使用或冒用平台名称“${reserved}”`, en: `The organization name may not take or imitate the platform's name “${reserved}”` },
      { field: 'name', reason: 'NAME_RESERVED' },
    );
  }
}

const duplicateOrg = () =>
  new AppError('CONFLICT', { zh: '该统一社会信用代码已注册', en: 'An organization with this credit code already exists' }, { field: 'creditCode' });
const duplicateUser = () =>
  new AppError('CONFLICT', { zh: '用户名已被使用', en: 'This username is already taken' }, { field: 'username' });

/** Map unique violations to the right field; rethrow anything else. */
function mapConflict(e: unknown): never {
  if (isUniqueViolation(e)) {
    const text = String((e as { cause?: { constraint_name?: string } }).cause?.constraint_name ?? (e as Error).message);
    throw text.includes('users_username') ? duplicateUser() : duplicateOrg();
  }
  throw e;
}

/** Bidder self-registration: the company is `pending` and its administrator cannot sign in until approval. */
export async function registerBidderCompany(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: RegisterCompanyInput,
): Promise<Organization> {
  assertCreditCode(input.creditCode);
  assertOrganizationNameAllowed(input.name, 'bidder', deps.config.center);
  assertPasswordStrength(input.admin.password);
  const passwordHash = await hashPassword(input.admin.password);
  return deps.db
    .transaction(async (tx) => {
      const [org] = await tx
        .insert(organizations)
        .values({
          creditCode: input.creditCode,
          name: input.name,
          kind: 'bidder',
          status: 'pending',
          regionCode: regionOfCreditCode(input.creditCode),
          contactPhone: input.contactPhone ?? null,
        })
        .returning();
      if (!org) throw new AppError('INTERNAL');
      const [admin] = await tx
        .insert(users)
        .values({
          orgId: org.id,
          username: input.admin.username.toLowerCase(),
          displayName: input.admin.displayName,
          role: 'bidder',
          passwordHash,
          email: input.admin.email ?? null,
          isOrgAdmin: true,
        })
        .returning({ id: users.id });
      await audit(tx, deps, ctx, {
        action: 'org.register',
        subject: { type: 'organization', id: org.id },
        payload: { creditCode: org.creditCode, name: org.name, adminUserId: admin?.id, adminUsername: input.admin.username.toLowerCase() },
      });
      return toOrganizationView(org);
    })
    .catch(mapConflict);
}

/**
 * Staff create tenderee, agent, supervisor, expert-pool or bidder organizations directly (active); the
 * platform administrator creates the center's own (kind 'center'), whose region is the configured one.
 */
export async function createOrganization(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: CreateOrganizationInput,
): Promise<Organization> {
  requireRole(ctx, 'staff', 'platform_admin');
  assertCreditCode(input.creditCode);
  if (input.kind === 'center' && ctx.actor?.role !== 'platform_admin') throw new AppError('FORBIDDEN');
  assertOrganizationNameAllowed(input.name, input.kind, deps.config.center);
  if (input.admin) assertPasswordStrength(input.admin.password);
  const passwordHash = input.admin ? await hashPassword(input.admin.password) : null;
  return deps.db
    .transaction(async (tx) => {
      const [org] = await tx
        .insert(organizations)
        .values({
          creditCode: input.creditCode,
          name: input.name,
          kind: input.kind,
          status: 'active',
          regionCode: input.kind === 'center' ? deps.config.center.regionCode : regionOfCreditCode(input.creditCode),
          contactPhone: input.contactPhone ?? null,
          reviewedBy: ctx.actor?.userId ?? null,
          reviewedAt: deps.clock.now(),
        })
        .returning();
      if (!org) throw new AppError('INTERNAL');
      if (input.admin && passwordHash) {
        await tx.insert(users).values({
          orgId: org.id,
          username: input.admin.username.toLowerCase(),
          displayName: input.admin.displayName,
          role: roleForOrgKind(input.kind),
          passwordHash,
          email: input.admin.email ?? null,
          isOrgAdmin: true,
        });
      }
      await audit(tx, deps, ctx, {
        action: 'org.create',
        subject: { type: 'organization', id: org.id },
        payload: { creditCode: org.creditCode, name: org.name, kind: org.kind },
      });
      return toOrganizationView(org);
    })
    .catch(mapConflict);
}

/** The role a user of an organization of this kind has. */
export function roleForOrgKind(kind: OrgKind): 'staff' | 'tenderee' | 'agent' | 'bidder' | 'supervisor' | 'expert' {
  switch (kind) {
    case 'center':
      return 'staff';
    case 'tenderee':
      return 'tenderee';
    case 'agent':
      return 'agent';
    case 'bidder':
      return 'bidder';
    case 'supervisor':
      return 'supervisor';
    case 'expert_pool':
      return 'expert';
  }
}

/** Staff approve or reject a pending self-registration; the decision is guarded on the pending state. */
export async function reviewOrganization(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: ReviewOrganizationInput,
): Promise<Organization> {
  const actor = requireRole(ctx, 'staff', 'platform_admin');
  return deps.db.transaction(async (tx) => {
    const [org] = await tx
      .update(organizations)
      .set({
        status: input.decision === 'approve' ? 'active' : 'rejected',
        reviewedBy: actor.userId,
        reviewedAt: deps.clock.now(),
        reviewNote: input.note ?? null,
      })
      .where(and(eq(organizations.id, input.orgId), eq(organizations.status, 'pending')))
      .returning();
    if (!org) {
      const [exists] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, input.orgId));
      if (!exists) throw new AppError('NOT_FOUND');
      throw new AppError('INVALID_STATE', { zh: '该机构不在待审核状态', en: 'This organization is not pending review' });
    }
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, org.id), eq(users.isOrgAdmin, true)));
    const center = deps.config.center.centerName; // a proper name: the same in both languages
    await notify(tx, deps, {
      userIds: admins.map((a) => a.id),
      kind: 'org.review',
      title: input.decision === 'approve' ? { zh: '企业注册已通过审核', en: 'Your company registration was approved' } : { zh: '企业注册未通过审核', en: 'Your company registration was rejected' },
      body: {
        zh: `${org.name}（${org.creditCode}）${input.decision === 'approve' ? `已通过${center}审核，现在可以登录。` : `未通过${center}审核。`}${input.note ? `审核意见：${input.note}` : ''}`,
        en: `${org.name} (${org.creditCode}) was ${input.decision === 'approve' ? `approved by ${center}; you can sign in now.` : `rejected by ${center}.`}${input.note ? ` Note: ${input.note}` : ''}`,
      },
      link: '/login',
    });
    await audit(tx, deps, ctx, {
      action: 'org.review',
      subject: { type: 'organization', id: org.id },
      payload: { decision: input.decision, note: input.note ?? null },
    });
    return toOrganizationView(org);
  });
}

/** Staff list organizations; keyset paging by id, newest first. */
export async function listOrganizations(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  filter: OrganizationListInput,
): Promise<OrganizationList> {
  requireRole(ctx, 'staff', 'platform_admin', 'supervisor');
  const where = and(
    filter.status ? eq(organizations.status, filter.status) : undefined,
    filter.kind ? eq(organizations.kind, filter.kind) : undefined,
    filter.q ? sql`(${organizations.name} ilike ${'%' + filter.q + '%'} or ${organizations.creditCode} = ${filter.q})` : undefined,
    filter.beforeId ? lt(organizations.id, filter.beforeId) : undefined,
  );
  const rows = await deps.db.select().from(organizations).where(where).orderBy(desc(organizations.id)).limit(filter.limit + 1);
  const items = rows.slice(0, filter.limit).map(toOrganizationView);
  return { items, nextBeforeId: rows.length > filter.limit ? (items[items.length - 1]?.id ?? null) : null };
}

/** One organization: staff see any; other users only their own. */
export async function getOrganization(deps: Pick<Deps, 'db'>, ctx: RequestContext, orgId: number): Promise<OrganizationDetail> {
  const actor = requireRole(ctx, 'staff', 'platform_admin', 'supervisor', 'tenderee', 'agent', 'bidder', 'expert');
  const staffLike = actor.role === 'staff' || actor.role === 'platform_admin' || actor.role === 'supervisor';
  if (!staffLike && actor.orgId !== orgId) throw new AppError('NOT_FOUND');
  const [org] = await deps.db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new AppError('NOT_FOUND');
  const maySeeAccount = actor.orgId === orgId || actor.role === 'staff' || actor.role === 'platform_admin';
  return maySeeAccount ? { ...toOrganizationView(org), basicAccountBank: org.basicAccountBank, basicAccountNo: org.basicAccountNo } : toOrganizationView(org);
}

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

