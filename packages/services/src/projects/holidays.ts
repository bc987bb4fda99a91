/**
 * The working-day calendar that staff maintain (issue 4 §2, issue 12 §1–2): statutory days off and 调休
 * make-up working days per year. A year is the official calendar only once staff publish it as complete
 * (`holiday_years`); until then every computation uses the provisional calendar of the domain package,
 * so no legal act ever waits for a table. Seeded once from the 2025–2026 State Council notices.
 *
 * Publishing a year (calendar-years.ts) recomputes what was computed provisionally.
 */
import { and, asc, count, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { holidayDays, holidayYears, type DbOrTx } from '@ebid/db';
import { AppError, beijingDate, holidayTableFrom, isLocalDate, localDate, provisionalYear, yearOf, type HolidayTable } from '@ebid/domain';
import seed from '@ebid/domain/holidays-cn-2025-2026.json' with { type: 'json' };
import type { HolidayDayView, HolidayYearDetail, HolidayYearView } from '@ebid/contracts';
import { audit, requireRole, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';

/** Advisory lock that serializes start-up seeding across instances (shared with the demo seed). */
export const SEED_LOCK = 72_817_003;
/** The years the seed data covers; they are published on seeding. */
export const SEEDED_YEARS = [2025, 2026] as const;

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
    const now = deps.clock.now();
    for (const year of SEEDED_YEARS) {
      await tx
        .insert(holidayYears)
        .values({ year, status: 'published', source: `国务院办公厅关于${year}年部分节假日安排的通知`, publishedAt: now, updatedAt: now })
        .onConflictDoUpdate({ target: holidayYears.year, set: { status: 'published', publishedAt: now, updatedAt: now } });
    }
    await audit(tx, deps, SYSTEM_CONTEXT, {
      action: 'calendar.seed',
      subject: { type: 'calendar', id: 'cn' },
      payload: { days: rows.length, publishedYears: SEEDED_YEARS, source: seed.source },
    });
    return rows.length;
  });
}

/** The official table the domain calendar computes with (published years only), read in the caller's transaction. */
export async function loadHolidayTable(db: DbOrTx): Promise<HolidayTable> {
  const years = (await db.select({ year: holidayYears.year }).from(holidayYears).where(eq(holidayYears.status, 'published'))).map((y) => y.year);
  const rows = years.length === 0 ? [] : await db.select().from(holidayDays).where(inArray(sql<number>`extract(year from ${holidayDays.day})::int`, years));
  const holidays: Record<string, string> = {};
  const workdays: Record<string, string> = {};
  for (const r of rows) (r.kind === 'holiday' ? holidays : workdays)[r.day] = r.name;
  return holidayTableFrom({ holidays, workdays, coveredYears: years });
}

function yearRange(year: number) {
  return and(gte(holidayDays.day, `${year}-01-01`), lte(holidayDays.day, `${year}-12-31`));
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new AppError('VALIDATION', { zh: '年份应在2000–2100之间', en: 'The year must be between 2000 and 2100' }, { field: 'year' });
  }
}

/** The years staff see: every year with rows or a status, and last, this and next year (Beijing). */
export async function listHolidayYears(deps: Pick<Deps, 'db' | 'clock'>): Promise<HolidayYearView[]> {
  const statuses = await deps.db.select().from(holidayYears);
  const counts = await deps.db
    .select({ year: sql<number>`extract(year from ${holidayDays.day})::int`, n: count() })
    .from(holidayDays)
    .groupBy(sql`1`);
  const thisYear = yearOf(beijingDate(deps.clock.now()));
  const years = new Set<number>([thisYear - 1, thisYear, thisYear + 1, ...statuses.map((s) => s.year), ...counts.map((c) => c.year)]);
  return [...years]
    .sort((a, b) => a - b)
    .map((year) => {
      const s = statuses.find((x) => x.year === year);
      const days = counts.find((c) => c.year === year)?.n ?? 0;
      return {
        year,
        status: s?.status === 'published' ? 'published' : s || days > 0 ? 'draft' : 'provisional',
        source: s?.source ?? null,
        publishedAt: s?.publishedAt?.toISOString() ?? null,
        days,
        version: s?.version ?? 0,
      };
    });
}

/** One year: what is entered, and for an unpublished year the provisional calendar in force meanwhile. */
export async function getHolidayYear(deps: Pick<Deps, 'db' | 'clock'>, input: { year: number }): Promise<HolidayYearDetail> {
  assertYear(input.year);
  const views = await listHolidayYears(deps);
  const y = views.find((v) => v.year === input.year) ?? { year: input.year, status: 'provisional' as const, source: null, publishedAt: null, days: 0, version: 0 };
  const entered = (await deps.db.select().from(holidayDays).where(yearRange(input.year)).orderBy(asc(holidayDays.day))).map((r) => ({ day: r.day, kind: r.kind, name: r.name }));
  let provisional: HolidayYearDetail['provisional'] = null;
  if (y.status !== 'published') {
    const p = provisionalYear(input.year);
    provisional = {
      predicted: [
        ...Object.entries(p.predicted.holidays).map(([day, name]) => ({ day, kind: 'holiday' as const, name })),
        ...Object.entries(p.predicted.workdays).map(([day, name]) => ({ day, kind: 'workday' as const, name })),
      ].sort((a, b) => a.day.localeCompare(b.day)),
      uncertain: Object.entries(p.uncertain)
        .map(([day, name]) => ({ day, name }))
        .sort((a, b) => a.day.localeCompare(b.day)),
      statutory: p.statutory.map((s) => ({ day: s.day, name: s.name, labelZh: s.labelZh })),
    };
  }
  return { ...y, entered, provisional };
}

/** Entered days of one year (or all), for the calendar page and tests. */
export async function listHolidayDays(deps: Pick<Deps, 'db'>, input: { year?: number }): Promise<HolidayDayView[]> {
  const rows = await deps.db
    .select()
    .from(holidayDays)
    .where(input.year ? yearRange(input.year) : undefined)
    .orderBy(asc(holidayDays.day));
  return rows.map((r) => ({ day: r.day, kind: r.kind, name: r.name }));
}

function assertDay(day: string): void {
  if (!isLocalDate(day)) throw new AppError('VALIDATION', { zh: '日期格式应为YYYY-MM-DD', en: 'The date must be YYYY-MM-DD' }, { field: 'day' });
}

/** A published year is changed only by publishing it again as a whole (calendar-years.ts). */
export async function assertYearEditable(tx: DbOrTx, year: number): Promise<void> {
  const [y] = await tx.select().from(holidayYears).where(eq(holidayYears.year, year)).for('update');
  if (y?.status === 'published') {
    throw new AppError(
      'INVALID_STATE',
      {
        zh: `${year}年的放假安排已公布，不能逐日修改；如国务院通知有更正，请整体重新公布该年度`,
        en: `The ${year} schedule is published and cannot be edited day by day; republish the whole year if the notice was corrected`,
      },
      { reason: 'YEAR_PUBLISHED', year },
    );
  }
  if (!y) await tx.insert(holidayYears).values({ year, status: 'draft' }).onConflictDoNothing();
}

/** Staff set a day of a draft year as a day off (holiday) or a make-up working day (workday). */
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
    await assertYearEditable(tx, yearOf(localDate(input.day)));
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
    await assertYearEditable(tx, yearOf(localDate(input.day)));
    const [gone] = await tx.delete(holidayDays).where(eq(holidayDays.day, input.day)).returning();
    if (!gone) throw new AppError('NOT_FOUND');
    await audit(tx, deps, ctx, {
      action: 'calendar.remove_day',
      subject: { type: 'calendar_day', id: input.day },
      payload: { before: { kind: gone.kind, name: gone.name } },
    });
  });
}

/** Staff start a draft year from the provisional prediction (only when nothing is entered yet). */
export async function prefillHolidayYear(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { year: number }): Promise<HolidayYearDetail> {
  const actor = requireRole(ctx, 'staff', 'platform_admin');
  assertYear(input.year);
  await deps.db.transaction(async (tx) => {
    await assertYearEditable(tx, input.year);
    const [have] = await tx.select({ n: count() }).from(holidayDays).where(yearRange(input.year));
    if ((have?.n ?? 0) > 0) {
      throw new AppError('INVALID_STATE', { zh: '该年度已有录入的日期，不能再按暂定安排预填', en: 'Days are already entered for this year' }, { reason: 'YEAR_NOT_EMPTY', year: input.year });
    }
    const p = provisionalYear(input.year);
    const now = deps.clock.now();
    const rows = [
      ...Object.entries(p.predicted.holidays).map(([day, name]) => ({ day, kind: 'holiday' as const, name, updatedBy: actor.userId, updatedAt: now })),
      ...Object.entries(p.predicted.workdays).map(([day, name]) => ({ day, kind: 'workday' as const, name, updatedBy: actor.userId, updatedAt: now })),
    ];
    if (rows.length > 0) await tx.insert(holidayDays).values(rows);
    await audit(tx, deps, ctx, { action: 'calendar.prefill_year', subject: { type: 'calendar_year', id: input.year }, payload: { days: rows.length } });
  });
  return getHolidayYear(deps, input);
}
