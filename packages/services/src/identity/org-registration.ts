/**
 * Organizations come in (DESIGN §5, issue 3 §1): bidder companies register themselves and wait for center
 * staff to approve them; other organizations are created by staff.
 */
import { and, eq } from 'drizzle-orm';
import { isUniqueViolation, organizations, users } from '@ebid/db';
import type { CreateOrganizationInput, Organization, RegisterCompanyInput, ReviewOrganizationInput } from '@ebid/contracts';
import { AppError } from '@ebid/domain';
import { assertPasswordStrength, hashPassword } from '../auth/passwords.ts';
import { audit, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notify } from '../notifications/notify.ts';
import { regionOfCreditCode } from './center.ts';
import { assertCreditCode, assertOrganizationNameAllowed, conflictingField, roleForOrgKind, toOrganizationView } from './org-rules.ts';

const duplicateOrg = () =>
  new AppError('CONFLICT', { zh: '该统一社会信用代码已注册', en: 'An organization with this credit code already exists' }, { field: 'creditCode' });
const duplicateUser = () =>
  new AppError('CONFLICT', { zh: '用户名已被使用', en: 'This username is already taken' }, { field: 'username' });

/** Map unique violations to the right field; rethrow anything else. */
function mapConflict(e: unknown): never {
  if (isUniqueViolation(e)) {
    throw conflictingField(e) === 'username' ? duplicateUser() : duplicateOrg();
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
