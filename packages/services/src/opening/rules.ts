/**
 * The opening rules frozen with the tender (issue 7): the decryption window, how early bidders may sign
 * in, the 浮动点 set of the K draw (engineering projects by default), and (issue 18 §5) the start grace
 * after the deadline and the confirm window of each record version. The project stores what the tender set
 * (StoredOpeningRules); the defaults fill the rest. Only engineering has a K coefficient (issue 18 §3, domain
 * `kCoefficientAllowed`): a float-point set is refused for any other trade type, and one stored anyway (an
 * older row) is never used, so no procurement, land or property opening draws a K.
 */
import { eq } from 'drizzle-orm';
import { projects, type ProjectRow } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, CONFIRM_WINDOW_LIMITS, DEFAULT_CONFIRM_WINDOW_MINUTES, DEFAULT_START_GRACE_MINUTES, kCoefficientAllowed, kCoefficientRefusal, START_GRACE_LIMITS, type StoredOpeningRules } from '@ebid/domain';
import type { OpeningRules, SetOpeningRulesInput } from '@ebid/contracts';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { assertOwnerSide } from '../projects/index.ts';

/** 浮动点 set of domain §3.2 (C-FJ FloatPoint), in basis points of a percent ×100: 150 = 1.50 %. */
export const DEFAULT_FLOAT_POINTS_BP: readonly number[] = [150, 125, 100, 75, 50, 25];
export const DEFAULT_DECRYPT_WINDOW_MINUTES = 30;
export const DEFAULT_SIGN_IN_LEAD_MINUTES = 1440;

export function openingRulesOf(p: Pick<ProjectRow, 'openingRules' | 'tradeType'>): OpeningRules {
  const r: StoredOpeningRules = p.openingRules;
  return {
    decryptWindowMinutes: r.decryptWindowMinutes ?? DEFAULT_DECRYPT_WINDOW_MINUTES,
    signInLeadMinutes: r.signInLeadMinutes ?? DEFAULT_SIGN_IN_LEAD_MINUTES,
    floatPointsBp: kCoefficientAllowed(p.tradeType) ? (r.floatPointsBp ?? [...DEFAULT_FLOAT_POINTS_BP]) : null,
    startGraceMinutes: r.startGraceMinutes ?? DEFAULT_START_GRACE_MINUTES,
    confirmWindowMinutes: r.confirmWindowMinutes ?? DEFAULT_CONFIRM_WINDOW_MINUTES,
  };
}

/** The owner side sets the rules while the project is a draft; they freeze with the tender. */
export async function setOpeningRules(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: SetOpeningRulesInput,
): Promise<OpeningRules> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const [p] = await tx.select().from(projects).where(eq(projects.id, input.projectId)).for('update');
    if (!p) throw new AppError('NOT_FOUND');
    await assertOwnerSide(tx, deps, actor, p);
    if (p.status !== 'DRAFT') {
      throw new AppError('INVALID_STATE', { zh: '开标规则随招标文件发布后冻结，不能修改', en: 'The opening rules are frozen once the tender is published' }, { reason: 'RULES_FROZEN', status: p.status });
    }
    const bad = (field: string, zh: string, en: string) => new AppError('VALIDATION', { zh, en }, { field });
    const w = input.decryptWindowMinutes;
    if (w !== undefined && (!Number.isInteger(w) || w < 10 || w > 240)) throw bad('decryptWindowMinutes', '解密时限应为10至240分钟', 'The decryption window must be 10 to 240 minutes');
    const l = input.signInLeadMinutes;
    if (l !== undefined && (!Number.isInteger(l) || l < 0 || l > 4320)) throw bad('signInLeadMinutes', '签到提前时间应为0至4320分钟', 'Sign-in may open 0 to 4320 minutes early');
    const f = input.floatPointsBp;
    if (f !== undefined && f !== null) {
      const notHere = kCoefficientRefusal(p.tradeType);
      if (notHere) throw notHere;
      if (f.length < 2 || f.length > 20 || new Set(f).size !== f.length || f.some((x) => !Number.isInteger(x) || x < 0 || x > 2000)) {
        throw bad('floatPointsBp', '浮动点集合应为2至20个互不相同的值，每个在0%至20%之间', 'The float-point set needs 2 to 20 distinct values between 0 % and 20 %');
      }
    }
    const g = input.startGraceMinutes;
    if (g !== undefined && (!Number.isInteger(g) || g < START_GRACE_LIMITS.min || g > START_GRACE_LIMITS.max)) {
      throw bad('startGraceMinutes', `开标宽限时间应为${START_GRACE_LIMITS.min}至${START_GRACE_LIMITS.max}分钟`, `The opening grace must be ${START_GRACE_LIMITS.min} to ${START_GRACE_LIMITS.max} minutes`);
    }
    const c = input.confirmWindowMinutes;
    if (c !== undefined && (!Number.isInteger(c) || c < CONFIRM_WINDOW_LIMITS.min || c > CONFIRM_WINDOW_LIMITS.max)) {
      throw bad('confirmWindowMinutes', `开标记录表确认时限应为${CONFIRM_WINDOW_LIMITS.min}至${CONFIRM_WINDOW_LIMITS.max}分钟`, `The record's confirm window must be ${CONFIRM_WINDOW_LIMITS.min} to ${CONFIRM_WINDOW_LIMITS.max} minutes`);
    }
    const current: StoredOpeningRules = p.openingRules;
    const next: StoredOpeningRules = {
      ...current,
      ...(w !== undefined ? { decryptWindowMinutes: w } : {}),
      ...(l !== undefined ? { signInLeadMinutes: l } : {}),
      ...(f !== undefined ? { floatPointsBp: f } : {}),
      ...(g !== undefined ? { startGraceMinutes: g } : {}),
      ...(c !== undefined ? { confirmWindowMinutes: c } : {}),
    };
    await tx.update(projects).set({ openingRules: next, version: p.version + 1, updatedAt: deps.clock.now() }).where(eq(projects.id, p.id));
    await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'opening.rules', subject: { type: 'project', id: p.id }, payload: next });
    return openingRulesOf({ tradeType: p.tradeType, openingRules: next });
  });
}
