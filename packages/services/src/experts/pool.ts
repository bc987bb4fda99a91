/**
 * The expert pool (issue 21 §1; domain §3): the center (staff, platform_admin) lists, searches and maintains
 * it — profiles, availability, sanctions — every change audited in its own transaction; supervisors read
 * it; an expert reads and edits only its own profile (never sanctions) and never sees the pool or another
 * expert (NOT_FOUND); every other role is FORBIDDEN.
 */
import { and, asc, count, eq, gt, ilike, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { expertProfiles, expertTies, users, type DbOrTx, type ExpertProfileRow, type Tx, type UserRow } from '@ebid/db';
import type {
  CreateExpertProfileInput,
  ExpertDetail,
  ExpertIdInput,
  ExpertListInput,
  ExpertListOutput,
  ExpertProfileView,
  SanctionExpertInput,
  SetExpertAvailabilityInput,
  SetMyAvailabilityInput,
  UnsanctionExpertInput,
  UpdateExpertProfileInput,
  UpdateMyExpertProfileInput,
} from '@ebid/contracts';
import { AppError } from '@ebid/domain';
import type { Actor } from '../auth/session.ts';
import { audit, requireActor, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { assertNotFrozen, cleanProfileFields, cleanSpecialties, insertExpertProfile, toProfileView, toTieView } from './profile-rules.ts';

const isCenter = (a: Actor) => a.role === 'staff' || a.role === 'platform_admin';

/** Center or supervisor (the pool's readers); FORBIDDEN otherwise. */
function requirePoolReader(ctx: RequestContext): Actor {
  const actor = requireActor(ctx);
  if (!isCenter(actor) && actor.role !== 'supervisor') throw new AppError('FORBIDDEN');
  return actor;
}

const USER_COLS = { username: users.username, displayName: users.displayName, active: users.active, specialties: users.specialties, email: users.email, role: users.role };

async function loadProfile(db: DbOrTx, userId: number, lock = false): Promise<{ p: ExpertProfileRow; u: Pick<UserRow, 'username' | 'displayName' | 'active' | 'specialties' | 'email'> }> {
  const q = db.select({ p: expertProfiles, u: USER_COLS }).from(expertProfiles).innerJoin(users, eq(users.id, expertProfiles.userId)).where(eq(expertProfiles.userId, userId));
  const [row] = lock ? await q.for('update', { of: expertProfiles }) : await q;
  if (!row || row.u.role !== 'expert') throw new AppError('NOT_FOUND');
  return row;
}

async function detailOf(db: DbOrTx, userId: number, now: Date): Promise<ExpertDetail> {
  const { p, u } = await loadProfile(db, userId);
  const ties = await db.select().from(expertTies).where(eq(expertTies.expertUserId, userId)).orderBy(asc(expertTies.id));
  return { profile: toProfileView(p, u, now), ties: ties.map((t) => toTieView(t, now)) };
}

/** The pool, searched and paged (center, supervisor). */
export async function listExperts(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: ExpertListInput): Promise<ExpertListOutput> {
  requirePoolReader(ctx);
  const now = deps.clock.now();
  const conds: SQL[] = [eq(users.role, 'expert')];
  const q = input.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const c = or(ilike(users.displayName, like), ilike(users.username, like), ilike(expertProfiles.pseudonym, like), ilike(expertProfiles.employer, like), ilike(expertProfiles.title, like));
    if (c) conds.push(c);
  }
  if (input.specialty) conds.push(sql`${users.specialties} @> ARRAY[${input.specialty}]::text[]`);
  const notSanctioned = or(isNull(expertProfiles.sanctionedUntil), lte(expertProfiles.sanctionedUntil, now));
  if (input.state === 'available' && notSanctioned) conds.push(eq(expertProfiles.available, true), notSanctioned);
  if (input.state === 'unavailable') conds.push(eq(expertProfiles.available, false));
  if (input.state === 'sanctioned') conds.push(gt(expertProfiles.sanctionedUntil, now));
  const where = and(...conds);
  const [total] = await deps.db.select({ n: count() }).from(expertProfiles).innerJoin(users, eq(users.id, expertProfiles.userId)).where(where);
  const rows = await deps.db
    .select({ p: expertProfiles, u: USER_COLS })
    .from(expertProfiles)
    .innerJoin(users, eq(users.id, expertProfiles.userId))
    .where(where)
    .orderBy(asc(users.username), asc(users.id))
    .offset(input.offset ?? 0)
    .limit(input.limit ?? 50);
  return { items: rows.map((r) => toProfileView(r.p, r.u, now)), total: total?.n ?? 0 };
}

/** One expert with its ties: the center and supervisors any; an expert itself only (NOT_FOUND for another). */
export async function getExpert(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: ExpertIdInput): Promise<ExpertDetail> {
  const actor = requireActor(ctx);
  if (actor.role === 'expert') {
    if (actor.userId !== input.userId) throw new AppError('NOT_FOUND');
  } else requirePoolReader(ctx);
  return detailOf(deps.db, input.userId, deps.clock.now());
}

/** An expert's own profile and ties. */
export async function myExpertProfile(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext): Promise<ExpertDetail> {
  const actor = requireRole(ctx, 'expert');
  return detailOf(deps.db, actor.userId, deps.clock.now());
}

/** The center creates the profile of an expert account without one. */
export async function createExpertProfile(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: CreateExpertProfileInput): Promise<ExpertDetail> {
  requireRole(ctx, 'staff', 'platform_admin');
  const specialties = cleanSpecialties(input.specialties);
  const fields = cleanProfileFields(input);
  return deps.db.transaction(async (tx) => {
    const [u] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, input.userId)).for('update');
    if (!u) throw new AppError('NOT_FOUND');
    if (u.role !== 'expert') throw new AppError('VALIDATION', { zh: '只有评标专家账号可以建立专家档案', en: 'Only expert accounts have an expert profile' }, { field: 'userId', reason: 'NOT_EXPERT' });
    await tx.update(users).set({ specialties }).where(eq(users.id, u.id));
    await insertExpertProfile(tx, deps, ctx, u.id, fields);
    return detailOf(tx, u.id, deps.clock.now());
  });
}

async function updateProfile(tx: Tx, deps: Pick<Deps, 'clock'>, ctx: RequestContext, userId: number, fields: ReturnType<typeof cleanProfileFields>, specialties: string[] | undefined): Promise<void> {
  const { p, u } = await loadProfile(tx, userId, true);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields) as [keyof typeof fields, unknown][]) {
    if (p[k] !== v) {
      before[k] = p[k];
      after[k] = v;
    }
  }
  if (specialties && specialties.join(',') !== u.specialties.join(',')) {
    before.specialties = u.specialties;
    after.specialties = specialties;
    await tx.update(users).set({ specialties }).where(eq(users.id, userId));
  }
  if (Object.keys(after).length === 0) return;
  await tx.update(expertProfiles).set({ ...fields, updatedAt: deps.clock.now() }).where(eq(expertProfiles.userId, userId));
  await audit(tx, deps, ctx, { action: 'expert.profile_update', subject: { type: 'expert', id: userId }, payload: { before, after } });
}

/** The center edits an expert's profile (and specialties); audited with what changed. */
export async function updateExpertProfile(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: UpdateExpertProfileInput): Promise<ExpertDetail> {
  requireRole(ctx, 'staff', 'platform_admin');
  const specialties = input.specialties ? cleanSpecialties(input.specialties) : undefined;
  const fields = cleanProfileFields(input);
  return deps.db.transaction(async (tx) => {
    await updateProfile(tx, deps, ctx, input.userId, fields, specialties);
    return detailOf(tx, input.userId, deps.clock.now());
  });
}

/** An expert edits its own profile (not specialties, availability is its own act, never sanctions). */
export async function updateMyExpertProfile(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: UpdateMyExpertProfileInput): Promise<ExpertDetail> {
  const actor = requireRole(ctx, 'expert');
  const fields = cleanProfileFields(input);
  return deps.db.transaction(async (tx) => {
    await updateProfile(tx, deps, ctx, actor.userId, fields, undefined);
    return detailOf(tx, actor.userId, deps.clock.now());
  });
}

async function setAvailability(tx: Tx, deps: Pick<Deps, 'clock'>, ctx: RequestContext, userId: number, available: boolean, reason: string | null | undefined): Promise<void> {
  const r = reason?.trim() || null;
  if (!available && !r) throw new AppError('VALIDATION', { zh: '设为不可用时须说明原因', en: 'Give the reason the expert is unavailable' }, { field: 'reason', reason: 'REASON_REQUIRED' });
  const { p } = await loadProfile(tx, userId, true);
  if (p.available === available && (available || p.unavailableReason === r)) return;
  await assertNotFrozen(tx, userId);
  await tx.update(expertProfiles).set({ available, unavailableReason: available ? null : r, updatedAt: deps.clock.now() }).where(eq(expertProfiles.userId, userId));
  await audit(tx, deps, ctx, { action: 'expert.availability_set', subject: { type: 'expert', id: userId }, payload: { available, reason: r, before: { available: p.available, reason: p.unavailableReason } } });
}

/** The center sets an expert available or not (with a reason). Refused while the expert is on a committed draw list. */
export async function setExpertAvailability(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: SetExpertAvailabilityInput): Promise<ExpertProfileView> {
  requireRole(ctx, 'staff', 'platform_admin');
  return deps.db.transaction(async (tx) => {
    await setAvailability(tx, deps, ctx, input.userId, input.available, input.reason);
    return (await detailOf(tx, input.userId, deps.clock.now())).profile;
  });
}

/** An expert sets itself available or not (with a reason). */
export async function setMyAvailability(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: SetMyAvailabilityInput): Promise<ExpertProfileView> {
  const actor = requireRole(ctx, 'expert');
  return deps.db.transaction(async (tx) => {
    await setAvailability(tx, deps, ctx, actor.userId, input.available, input.reason);
    return (await detailOf(tx, actor.userId, deps.clock.now())).profile;
  });
}

/** The center sanctions an expert until an instant in the future, with the reason. */
export async function sanctionExpert(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: SanctionExpertInput): Promise<ExpertProfileView> {
  requireRole(ctx, 'staff', 'platform_admin');
  const until = new Date(input.until);
  const now = deps.clock.now();
  if (!(until.getTime() > now.getTime())) {
    throw new AppError('VALIDATION', { zh: '处理截止时间须晚于当前时间', en: 'The sanction must end in the future' }, { field: 'until', reason: 'UNTIL_PAST' });
  }
  return deps.db.transaction(async (tx) => {
    const { p } = await loadProfile(tx, input.userId, true);
    await assertNotFrozen(tx, input.userId);
    await tx.update(expertProfiles).set({ sanctionedUntil: until, sanctionReason: input.reason, updatedAt: now }).where(eq(expertProfiles.userId, input.userId));
    await audit(tx, deps, ctx, {
      action: 'expert.sanction',
      subject: { type: 'expert', id: input.userId },
      payload: { until: until.toISOString(), reason: input.reason, before: { until: p.sanctionedUntil?.toISOString() ?? null, reason: p.sanctionReason } },
    });
    return (await detailOf(tx, input.userId, now)).profile;
  });
}

/** The center lifts an expert's sanction, with the reason. INVALID_STATE when there is none. */
export async function unsanctionExpert(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: UnsanctionExpertInput): Promise<ExpertProfileView> {
  requireRole(ctx, 'staff', 'platform_admin');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const { p } = await loadProfile(tx, input.userId, true);
    if (p.sanctionedUntil === null) throw new AppError('INVALID_STATE', { zh: '该专家未被暂停评标资格', en: 'The expert is not sanctioned' }, { reason: 'NOT_SANCTIONED' });
    await assertNotFrozen(tx, input.userId);
    await tx.update(expertProfiles).set({ sanctionedUntil: null, sanctionReason: null, updatedAt: now }).where(eq(expertProfiles.userId, input.userId));
    await audit(tx, deps, ctx, {
      action: 'expert.unsanction',
      subject: { type: 'expert', id: input.userId },
      payload: { reason: input.reason, before: { until: p.sanctionedUntil.toISOString(), reason: p.sanctionReason } },
    });
    return (await detailOf(tx, input.userId, now)).profile;
  });
}
