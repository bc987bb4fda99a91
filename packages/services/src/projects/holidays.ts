/**
 * The working-day calendar that staff maintain (issue 4 §2): statutory days off and 调休 make-up working
 * days, seeded once from the 2025–2026 State Council notices. Years not in the table are "not announced"
 * and any working-day computation that needs them is refused (never guessed).
 */
import { and, asc, count, eq, gte, lte, sql } from 'drizzle-orm';
import { holidayDays, type DbOrTx } from '@ebid/db';
import { AppError, holidayTableFrom, isLocalDate, type HolidayTable } from '@ebid/domain';
import seed from '@ebid/domain/holidays-cn-2025-2026.json' with { type: 'json' };
import { audit, requireRole, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';

/** Advisory lock that serializes start-up seeding across instances (shared with the demo seed). */
export const SEED_LOCK = 72_817_003;

export interface HolidayDayView {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

/** Insert the announced 2025–2026 calendar if the table is empty (reference data, also in production). */
export async function seedHolidayCalendar(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  return deps.db.transaction(async (tx) => {
    // Several instances may start at once: one seeds, the others wait here and then find it done.
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const [have] = await tx.select({ n: count() }).from(holidayDays);
    if ((have?.n ?? 0) > 0) return 0;
    const rows = [
      ...Object.entries(seed.holidays).map(([day, name]) => ({ day, kind: 'holiday' as const, name })),
      ...Object.entries(seed.workdays).map(([day, name]) => ({ day, kind: 'workday' as const, name })),
    ];
    await tx.insert(holidayDays).values(rows);
    await audit(tx, deps, SYSTEM_CONTEXT, {
      action: 'calendar.seed',
      subject: { type: 'calendar', id: 'cn' },
      payload: { days: rows.length, source: seed.source },
    });
    return rows.length;
  });
}

/** The table the domain calendar computes with, read in the caller's transaction. */
export async function loadHolidayTable(db: DbOrTx): Promise<HolidayTable> {
  const rows = await db.select().from(holidayDays);
  const holidays: Record<string, string> = {};
  const workdays: Record<string, string> = {};
  for (const r of rows) (r.kind === 'holiday' ? holidays : workdays)[r.day] = r.name;
  if (rows.length === 0) {
    throw new AppError('UNAVAILABLE', { zh: '节假日日历尚未初始化', en: 'The holiday calendar has not been set up' });
  }
  return holidayTableFrom({ holidays, workdays });
}

export async function listHolidayDays(deps: Pick<Deps, 'db'>, input: { year?: number }): Promise<HolidayDayView[]> {
  const rows = await deps.db
    .select()
    .from(holidayDays)
    .where(input.year ? and(gte(holidayDays.day, `${input.year}-01-01`), lte(holidayDays.day, `${input.year}-12-31`)) : undefined)
    .orderBy(asc(holidayDays.day));
  return rows.map((r) => ({ day: r.day, kind: r.kind, name: r.name }));
}

function assertDay(day: string): void {
  if (!isLocalDate(day)) throw new AppError('VALIDATION', { zh: '日期格式应为YYYY-MM-DD', en: 'The date must be YYYY-MM-DD' }, { field: 'day' });
}

/** Staff set a day as a day off (holiday) or a make-up working day (workday). */
export async function setHolidayDay(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: HolidayDayView,
): Promise<HolidayDayView> {
  const actor = requireRole(ctx, 'staff', 'platform_admin');
  assertDay(input.day);
  const weekday = new Date(`${input.day}T00:00:00Z`).getUTCDay();
  if (input.kind === 'workday' && weekday !== 0 && weekday !== 6) {
    throw new AppError('VALIDATION', { zh: '调休上班日必须是周六或周日', en: 'A make-up working day must be a Saturday or Sunday' }, { field: 'day' });
  }
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(holidayDays).where(eq(holidayDays.day, input.day));
    await tx
      .insert(holidayDays)
      .values({ ...input, updatedBy: actor.userId, updatedAt: deps.clock.now() })
      .onConflictDoUpdate({ target: holidayDays.day, set: { kind: input.kind, name: input.name, updatedBy: actor.userId, updatedAt: deps.clock.now() } });
    await audit(tx, deps, ctx, {
      action: 'calendar.set_day',
      subject: { type: 'calendar_day', id: input.day },
      payload: { before: before ? { kind: before.kind, name: before.name } : null, after: input },
    });
    return input;
  });
}

export async function removeHolidayDay(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { day: string }): Promise<void> {
  requireRole(ctx, 'staff', 'platform_admin');
  assertDay(input.day);
  await deps.db.transaction(async (tx) => {
    const [gone] = await tx.delete(holidayDays).where(eq(holidayDays.day, input.day)).returning();
    if (!gone) throw new AppError('NOT_FOUND');
    await audit(tx, deps, ctx, {
      action: 'calendar.remove_day',
      subject: { type: 'calendar_day', id: input.day },
      payload: { before: { kind: gone.kind, name: gone.name } },
    });
  });
}
