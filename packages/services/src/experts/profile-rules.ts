/**
 * Shared pieces of the expert pool (issue 21 §1): the profile's view, its validation, the pseudonym, and the
 * freeze of an expert's availability while a committee's eligible list it belongs to is committed (E2:
 * nobody may edit availability after the commitment to steer the draw).
 */
import crypto from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import { committeeCandidates, committees, expertProfiles, type DbOrTx, type ExpertProfileRow, type ExpertTieRow, type Tx, type UserRow } from '@ebid/db';
import type { ExpertProfileView, ExpertTieView } from '@ebid/contracts';
import { AppError, beijingDate, isSpecialtyCode, isValidCreditCode, sanctionHolds, tieCounts } from '@ebid/domain';
import { audit, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';

/** A fresh pseudonym: 'EXP-' + 8 random upper-case hex digits (never derived from who the expert is). */
export function newPseudonym(): string {
  return `EXP-${crypto.randomBytes(4).toString('hex').toUpperCase()}`;
}

export function toProfileView(p: ExpertProfileRow, u: Pick<UserRow, 'username' | 'displayName' | 'active' | 'specialties' | 'email'>, now: Date): ExpertProfileView {
  return {
    userId: p.userId,
    username: u.username,
    displayName: u.displayName,
    active: u.active,
    pseudonym: p.pseudonym,
    specialties: u.specialties,
    regionCode: p.regionCode,
    title: p.title,
    employer: p.employer,
    employerCreditCode: p.employerCreditCode,
    yearsInField: p.yearsInField,
    phone: p.phone,
    email: u.email,
    available: p.available,
    unavailableReason: p.unavailableReason,
    sanctionedUntil: p.sanctionedUntil?.toISOString() ?? null,
    sanctionReason: p.sanctionReason,
    sanctioned: sanctionHolds(p.sanctionedUntil, now),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function toTieView(t: ExpertTieRow, now: Date): ExpertTieView {
  return {
    id: t.id,
    expertUserId: t.expertUserId,
    orgCreditCode: t.orgCreditCode,
    orgName: t.orgName,
    kind: t.kind,
    startedOn: t.startedOn,
    endedOn: t.endedOn,
    declaredBy: t.declaredBy,
    counts: tieCounts(t.endedOn, beijingDate(now)),
    createdAt: t.createdAt.toISOString(),
  };
}

export interface ProfileFields {
  regionCode?: string | null | undefined;
  title?: string | null | undefined;
  employer?: string | null | undefined;
  employerCreditCode?: string | null | undefined;
  yearsInField?: number | null | undefined;
  phone?: string | null | undefined;
}

const blankToNull = (s: string | null | undefined) => (s === undefined ? undefined : s === null || s.trim() === '' ? null : s.trim());

/** The profile fields to write (undefined: unchanged), validated: VALIDATION naming the field, nothing changed. */
export function cleanProfileFields(f: ProfileFields): Partial<Pick<ExpertProfileRow, 'regionCode' | 'title' | 'employer' | 'employerCreditCode' | 'yearsInField' | 'phone'>> {
  const out: Partial<Pick<ExpertProfileRow, 'regionCode' | 'title' | 'employer' | 'employerCreditCode' | 'yearsInField' | 'phone'>> = {};
  const regionCode = blankToNull(f.regionCode);
  if (regionCode !== undefined) {
    if (regionCode !== null && (!/^[0-9]{6}$/.test(regionCode) || regionCode.startsWith('00'))) {
      throw new AppError('VALIDATION', { zh: `行政区划代码应为6位数字：${regionCode}`, en: `The region code must be 6 digits: ${regionCode}` }, { field: 'regionCode', reason: 'REGION_CODE' });
    }
    out.regionCode = regionCode;
  }
  const rawCode = blankToNull(f.employerCreditCode);
  const code = typeof rawCode === 'string' ? rawCode.toUpperCase() : rawCode;
  if (code !== undefined) {
    if (code !== null) assertCreditCodeField(code, 'employerCreditCode');
    out.employerCreditCode = code;
  }
  const title = blankToNull(f.title);
  if (title !== undefined) out.title = title;
  const employer = blankToNull(f.employer);
  if (employer !== undefined) out.employer = employer;
  const phone = blankToNull(f.phone);
  if (phone !== undefined) out.phone = phone;
  if (f.yearsInField !== undefined) out.yearsInField = f.yearsInField;
  return out;
}

export function assertCreditCodeField(code: string, field: string): void {
  if (!isValidCreditCode(code)) {
    throw new AppError('VALIDATION', { zh: `统一社会信用代码无效（校验位不符或格式错误）：${code}`, en: `Invalid unified social credit code (format or check character): ${code}` }, { field, reason: 'CREDIT_CODE' });
  }
}

/** Specialty codes, validated and de-duplicated in their order. */
export function cleanSpecialties(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of list) {
    if (!isSpecialtyCode(s)) throw new AppError('VALIDATION', { zh: `未知的评标专业：${s}`, en: `Unknown evaluation specialty: ${s}` }, { field: 'specialties', reason: 'SPECIALTY' });
    if (!out.includes(s)) out.push(s);
  }
  if (out.length === 0) throw new AppError('VALIDATION', { zh: '至少选择一个评标专业', en: 'Choose at least one evaluation specialty' }, { field: 'specialties', reason: 'SPECIALTY' });
  return out;
}

/**
 * Refuse a change of availability or sanction while the expert stands on the frozen eligible list of a
 * committee whose draw is committed but not yet drawn (issue 21 §3: the list was published with the
 * commitment; an edit now could only look like steering). INVALID_STATE, nothing changed.
 */
export async function assertNotFrozen(db: DbOrTx, expertUserId: number): Promise<void> {
  const [hit] = await db
    .select({ committeeId: committees.id })
    .from(committeeCandidates)
    .innerJoin(committees, eq(committees.id, committeeCandidates.committeeId))
    .where(and(eq(committeeCandidates.expertUserId, expertUserId), isNotNull(committeeCandidates.position), eq(committees.status, 'committed')))
    .limit(1);
  if (hit) {
    throw new AppError(
      'INVALID_STATE',
      { zh: '该专家在已承诺的抽取名单中，抽取完成前不能修改其可用状态或处理状态', en: 'The expert is on a committed draw list: availability and sanctions cannot change until the draw is done' },
      { reason: 'AVAILABILITY_FROZEN' },
    );
  }
}

/**
 * Insert the profile of an expert account, with a fresh pseudonym, audited (expert.profile_create).
 * Used by the center's create, by user.create for an expert-pool account, and by the demo seed.
 */
export async function insertExpertProfile(
  tx: Tx,
  deps: Pick<Deps, 'clock'>,
  ctx: RequestContext,
  userId: number,
  fields: ReturnType<typeof cleanProfileFields> & { available?: boolean; unavailableReason?: string | null },
): Promise<ExpertProfileRow> {
  let pseudonym = newPseudonym();
  // 2^32 pseudonyms: a collision is unlikely, but a taken one is never reused.
  for (let i = 0; i < 5; i++) {
    const [taken] = await tx.select({ userId: expertProfiles.userId }).from(expertProfiles).where(eq(expertProfiles.pseudonym, pseudonym));
    if (!taken) break;
    pseudonym = newPseudonym();
  }
  const [row] = await tx
    .insert(expertProfiles)
    .values({ userId, pseudonym, ...fields, updatedAt: deps.clock.now() })
    .onConflictDoNothing({ target: expertProfiles.userId })
    .returning();
  if (!row) throw new AppError('CONFLICT', { zh: '该专家已有专家档案', en: 'This expert already has a profile' }, { field: 'userId' });
  await audit(tx, deps, ctx, { action: 'expert.profile_create', subject: { type: 'expert', id: userId }, payload: { pseudonym, ...fields } });
  return row;
}
