/** Organizations as staff list them and as their own users see them. */
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { organizations } from '@ebid/db';
import type { OrganizationDetail, OrganizationList, OrganizationListInput, SupplierChoice, SupplierChoicesInput } from '@ebid/contracts';
import { AppError } from '@ebid/domain';
import { requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { toOrganizationView } from './org-rules.ts';

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
 * Approved bidder companies the owner side may name as a single source's supplier (issue 18 §3): only
 * active bidder organizations, only their public register data (name, credit code), by name or code.
 */
export async function supplierChoices(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: SupplierChoicesInput): Promise<SupplierChoice[]> {
  requireRole(ctx, 'tenderee', 'agent');
  const where = and(
    eq(organizations.kind, 'bidder'),
    eq(organizations.status, 'active'),
    input.q ? sql`(${organizations.name} ilike ${'%' + input.q + '%'} or ${organizations.creditCode} = ${input.q})` : undefined,
  );
  return deps.db.select({ id: organizations.id, name: organizations.name, creditCode: organizations.creditCode }).from(organizations).where(where).orderBy(asc(organizations.name), asc(organizations.id)).limit(input.limit);
}
