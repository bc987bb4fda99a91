/**
 * Publishing a year of the working-day calendar (issue 12 §2). Until staff publish a year, every date
 * in it is computed on the provisional calendar (domain provisional.ts, leaning.ts). Publishing checks
 * the entered schedule against what every State Council notice satisfies (domain official-year.ts),
 * makes it the official calendar, and in the same transaction recomputes what was computed before:
 *
 * - due dates of duties the platform watches — objection answers, security refunds — move to their
 *   official values, their alerts are re-scheduled, each change is audited and told;
 * - every live project schedule is checked again: a minimum period the official calendar makes too
 *   short is listed to the owner side and the center (notification, audit, and the project page, which
 *   checks the schedule live: project.scheduleReview).
 *
 * Nothing changes silently: the publication's audit event carries the summary of every change.
 * Publishing an already published year again (a corrected notice) runs the same recomputation.
 */
import { and, count, eq, gte, inArray, lte } from 'drizzle-orm';
import { holidayDays, holidayYears, projects, users, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, checkOfficialYear, formatBeijingDateTime, type HolidayTable } from '@ebid/domain';
import type { HolidayDayView, PublishHolidayYearInput, ScheduleConflict, YearPublication } from '@ebid/contracts';
import { audit, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notify } from '../notifications/notify.ts';
import { recomputeRefundDueDates } from '../tendering/deposits/index.ts';
import { recomputeObjectionDueDates } from '../tendering/objections/index.ts';
import { ownerSideUserIds } from '../tendering/recipients.ts';
import { getHolidayYear, loadHolidayTable } from './holidays.ts';
import { activeStaff } from './project-access.ts';
import { supervisedProjectIds } from '../supervision/scope.ts';
import { checkProjectSchedule, SCHEDULE_LIVE_STATUSES } from './project-schedule.ts';

/**
 * Schedules that the newly published calendar makes too short: checked with the table before and after;
 * only violations the publication introduced are reported (a schedule already short stays as it was).
 */
async function reviewSchedules(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, ctx: RequestContext, before: HolidayTable, after: HolidayTable, year: number): Promise<ScheduleConflict[]> {
  const live = await tx.select().from(projects).where(inArray(projects.status, [...SCHEDULE_LIVE_STATUSES]));
  const conflicts: ScheduleConflict[] = [];
  const staff = await activeStaff(tx);
  for (const p of live) {
    const old = new Set(checkProjectSchedule(p, before, deps.config.testing.acceleration).map((v) => v.limitId));
    const fresh = checkProjectSchedule(p, after, deps.config.testing.acceleration).filter((v) => !old.has(v.limitId));
    if (fresh.length === 0) continue;
    const violations = fresh.map((v) => ({ limitId: v.limitId, field: v.field, earliestAllowed: v.earliestAllowed.toISOString(), messageZh: v.messageZh, messageEn: v.messageEn }));
    conflicts.push({ projectId: p.id, unifiedDealCode: p.unifiedDealCode, name: p.name, violations });
    await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'project.schedule_conflict', subject: { type: 'project', id: p.id }, payload: { year, violations } });
    await notify(tx, deps, {
      userIds: [...new Set([...(await ownerSideUserIds(tx, p)), ...staff])],
      kind: 'project.schedule_conflict',
      title: { zh: `${year}年放假安排公布后，时间安排不足法定期限`, en: `The official ${year} calendar makes a period too short` },
      body: {
        zh: `${p.name}（${p.unifiedDealCode}）：${violations.map((v) => v.messageZh).join('；')}。请调整时间安排（已发布的项目请发布澄清顺延截止时间）。`,
        en: `${p.name} (${p.unifiedDealCode}): ${violations.map((v) => v.messageEn).join('; ')}. Move the schedule (a published project: publish a clarification that moves the deadline).`,
      },
      link: `/projects/${p.id}`,
    });
  }
  return conflicts;
}

/**
 * Staff publish `year` as the official calendar. With `days`, the year's entries are first replaced by
 * them (entering the State Council notice in one step); without, the entered draft is published.
 * VALIDATION (reason OFFICIAL_YEAR_INVALID, every problem listed) when the schedule breaks the law.
 */
export async function publishHolidayYear(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: PublishHolidayYearInput,
): Promise<YearPublication> {
  const actor = requireRole(ctx, 'staff', 'platform_admin');
  const year = input.year;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new AppError('VALIDATION', { zh: '年份应在2000–2100之间', en: 'The year must be between 2000 and 2100' }, { field: 'year' });
  }
  const result = await deps.db.transaction(async (tx) => {
    const [y] = await tx.select().from(holidayYears).where(eq(holidayYears.year, year)).for('update');
    const republished = y?.status === 'published';
    const before = await loadHolidayTable(tx);
    const inYear = and(gte(holidayDays.day, `${year}-01-01`), lte(holidayDays.day, `${year}-12-31`));
    let days: HolidayDayView[];
    if (input.days) {
      days = input.days;
    } else {
      days = (await tx.select().from(holidayDays).where(inYear)).map((r) => ({ day: r.day, kind: r.kind, name: r.name }));
    }
    const problems = checkOfficialYear(year, days);
    const [firstProblem] = problems;
    if (firstProblem) {
      throw new AppError(
        'VALIDATION',
        { zh: `${year}年放假安排不能公布：${firstProblem.messageZh}`, en: `The ${year} schedule cannot be published: ${firstProblem.messageEn}` },
        { reason: 'OFFICIAL_YEAR_INVALID', year, problems },
      );
    }
    const now = deps.clock.now();
    if (input.days) {
      await tx.delete(holidayDays).where(inYear);
      await tx.insert(holidayDays).values(days.map((d) => ({ day: d.day, kind: d.kind, name: d.name, updatedBy: actor.userId, updatedAt: now })));
    }
    await tx
      .insert(holidayYears)
      .values({ year, status: 'published', source: input.source ?? null, publishedAt: now, publishedBy: actor.userId, updatedAt: now })
      .onConflictDoUpdate({
        target: holidayYears.year,
        set: { status: 'published', source: input.source ?? y?.source ?? null, publishedAt: now, publishedBy: actor.userId, version: (y?.version ?? 0) + 1, updatedAt: now },
      });
    const after = await loadHolidayTable(tx);
    const dueDatesMoved = [...(await recomputeObjectionDueDates(tx, deps, ctx, after)), ...(await recomputeRefundDueDates(tx, deps, ctx, after))];
    const scheduleConflicts = await reviewSchedules(tx, deps, ctx, before, after, year);
    const [n] = await tx.select({ n: count() }).from(holidayDays).where(inYear);
    await audit(tx, deps, ctx, {
      action: republished ? 'calendar.republish_year' : 'calendar.publish_year',
      subject: { type: 'calendar_year', id: year },
      payload: {
        year,
        source: input.source ?? null,
        days: n?.n ?? 0,
        dueDatesMoved,
        scheduleConflicts: scheduleConflicts.map((c) => ({ projectId: c.projectId, limits: c.violations.map((v) => v.limitId) })),
      },
    });
    // Staff are told the whole count; each supervisor the count of its own projects (issue 20 §4, M3).
    const told = async (userIds: number[], moved: number, conflicts: number) => {
      if (userIds.length === 0) return;
      await notify(tx, deps, {
        userIds,
        kind: 'calendar.year_published',
        title: { zh: `${year}年放假安排已公布`, en: `The ${year} holiday schedule is published` },
        body: {
          zh: `${year}年节假日安排已于 ${formatBeijingDateTime(now)} 公布为正式日历。重新计算：${moved} 个到期时间调整，${conflicts} 个项目的时间安排不足法定期限。`,
          en: `The ${year} holidays are the official calendar since ${formatBeijingDateTime(now)}. Recomputed: ${moved} due dates moved, ${conflicts} project schedules too short.`,
        },
        link: '/workspace/staff/holidays',
      });
    };
    await told(await activeStaff(tx), dueDatesMoved.length, scheduleConflicts.length);
    const supervisors = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'supervisor'), eq(users.active, true)));
    for (const s of supervisors) {
      const mine = await supervisedProjectIds(tx, { role: 'supervisor', userId: s.id }, [...new Set([...dueDatesMoved.map((d) => d.projectId), ...scheduleConflicts.map((c) => c.projectId)])]);
      await told([s.id], dueDatesMoved.filter((d) => mine.has(d.projectId)).length, scheduleConflicts.filter((c) => mine.has(c.projectId)).length);
    }
    return { republished, dueDatesMoved, scheduleConflicts };
  });
  return { year: await getHolidayYear(deps, { year }), ...result };
}
