/**
 * A project's schedule (issue 4 §2, issue 12 §2, issue 13 §8): checked against every statutory limit
 * (domain §2) on save, counted per 民法典 §201–203 with the staff-maintained working-day calendar; checked
 * without saving for the form's inline hints; and checked again on today's calendar for the project page.
 */
import { and, eq } from 'drizzle-orm';
import { projects, type ProjectRow } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import {
  AppError,
  assertScheduleSane,
  checkSchedule,
  checkScheduleSanity,
  scheduleDeadlinesPassed,
  scheduleFromIso,
  scheduleToIso,
  SCHEDULE_FIELDS,
  type HolidayTable,
  type ProcedureStatus,
  type Schedule,
  type ScheduleCheckInput,
  type ScheduleViolation,
} from '@ebid/domain';
import type { CheckScheduleInput, ProjectIdInput, ProjectView, SaveScheduleInput, ScheduleCheck, ScheduleViolationView } from '@ebid/contracts';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { loadHolidayTable } from './holidays.ts';
import { assertOwnerSide, canSee, isPartyOrCenter, loadProject } from './project-access.ts';
import { toView } from './project-reads.ts';

/**
 * What the statutory check needs of a project besides the schedule (issue 18 §4): its trade type, method,
 * business hours and — for property — its deal kind, which decides the disclosure minimum (L7: equity
 * transfer 20 wd, capital increase 40 wd, asset transfer 10 wd). Every check of a project's schedule (save,
 * preview, review, publication) builds its input here, so none can leave a project field out.
 */
export function projectScheduleCheck(
  p: Pick<ProjectRow, 'tradeType' | 'method' | 'businessHoursEnd' | 'propertyKind'>,
  schedule: Schedule,
  options: { acceleration: number; businessHoursEnd?: string | null },
): ScheduleCheckInput {
  return {
    tradeType: p.tradeType,
    method: p.method,
    schedule,
    acceleration: options.acceleration,
    businessHoursEnd: options.businessHoursEnd === undefined ? p.businessHoursEnd : options.businessHoursEnd,
    ...(p.propertyKind ? { propertyKind: p.propertyKind } : {}),
  };
}

/** Violations as the API and error details carry them: the earliest lawful date as an ISO string. */
export function violationViews(violations: ScheduleViolation[]): ScheduleViolationView[] {
  return violations.map((v) => ({ ...v, earliestAllowed: v.earliestAllowed.toISOString(), suggestedAt: v.suggestedAt.toISOString() }));
}

function parseSchedule(input: Partial<Record<string, string>>): Schedule {
  const out: Schedule = {};
  for (const [k, v] of Object.entries(input)) {
    const field = SCHEDULE_FIELDS.find((f) => f === k);
    if (!field) throw new AppError('VALIDATION', { zh: '未知的时间字段', en: 'Unknown schedule field' }, { field: k });
    if (v === undefined) continue;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw new AppError('VALIDATION', { zh: '时间格式错误', en: 'Invalid time' }, { field: k });
    out[field] = d;
  }
  return out;
}

/**
 * A schedule as given, parsed and checked to make sense (issue 13 §8: years 2000–2100, the fields in the
 * procedure's order) before any statutory limit is counted: VALIDATION naming the field otherwise.
 */
function parseSaneSchedule(input: Partial<Record<string, string>>): Schedule {
  const schedule = parseSchedule(input);
  assertScheduleSane(checkScheduleSanity(schedule));
  return schedule;
}

/**
 * The project's schedule may go to review at `at` (the arrival of the submission): it makes sense and no
 * deadline in it has already passed (issue 13 §8). VALIDATION naming the first field otherwise.
 */
export function assertSubmittableSchedule(p: Pick<ProjectRow, 'schedule'>, at: Date): void {
  const schedule = scheduleFromIso(p.schedule);
  if (Object.keys(schedule).length === 0) {
    throw new AppError('VALIDATION', { zh: '请先保存时间安排', en: 'Save the schedule first' }, { field: 'schedule' });
  }
  const sanity = checkScheduleSanity(schedule);
  assertScheduleSane(sanity.length > 0 ? sanity : scheduleDeadlinesPassed(schedule, at));
}

/** Check a schedule without saving it (the form's inline legal checks). */
export async function previewSchedule(deps: Pick<Deps, 'db' | 'config'>, ctx: RequestContext, input: CheckScheduleInput): Promise<ScheduleCheck> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (!canSee(actor, p)) throw new AppError('NOT_FOUND');
    const r = checkSchedule(
      projectScheduleCheck(p, parseSaneSchedule(input.schedule), { acceleration: deps.config.testing.acceleration, businessHoursEnd: input.businessHoursEnd }),
      await loadHolidayTable(tx),
    );
    return r.ok ? { ok: true, violations: [] } : { ok: false, violations: violationViews(r.violations) };
  });
}

/** The statutory check of a project's current schedule on a given calendar table. */
export function checkProjectSchedule(p: ProjectRow, table: HolidayTable, acceleration: number): ScheduleViolation[] {
  const r = checkSchedule(projectScheduleCheck(p, scheduleFromIso(p.schedule), { acceleration }), table);
  return r.ok ? [] : r.violations;
}

/** Statuses whose schedule still matters: from the draft until bidding or the sale ends. */
export const SCHEDULE_LIVE_STATUSES: readonly ProcedureStatus[] = ['DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'PREQUALIFICATION', 'PREQUALIFIED', 'BIDDING', 'SUSPENDED'];

/**
 * The current schedule against the statutory limits on today's calendar (issue 12 §2): after a year is
 * published, a period the official calendar made too short shows here on the project page, for the owner
 * side and the center.
 */
export async function reviewProjectSchedule(deps: Pick<Deps, 'db' | 'config' | 'clock'>, ctx: RequestContext, input: ProjectIdInput): Promise<ScheduleCheck> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (!isPartyOrCenter(actor, p)) throw new AppError(canSee(actor, p) ? 'FORBIDDEN' : 'NOT_FOUND');
    if (!SCHEDULE_LIVE_STATUSES.includes(p.status)) return { ok: true, violations: [] };
    const violations = checkProjectSchedule(p, await loadHolidayTable(tx), deps.config.testing.acceleration);
    return { ok: violations.length === 0, violations: violationViews(violations) };
  });
}

/** Save the schedule; any statutory violation refuses it, naming the rule and the earliest legal date. */
export async function saveSchedule(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: SaveScheduleInput): Promise<ProjectView> {
  const actor = requireActor(ctx);
  const schedule = parseSaneSchedule(input.schedule);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    await assertOwnerSide(tx, deps, actor, p);
    if (p.status !== 'DRAFT') {
      throw new AppError('INVALID_STATE', { zh: '只有草稿状态的项目可以修改时间安排', en: 'Only a draft project’s schedule can be changed' }, { status: p.status });
    }
    // Absent: keep what the project has; null: windows end at 24:00 again.
    const businessHoursEnd = input.businessHoursEnd === undefined ? p.businessHoursEnd : input.businessHoursEnd;
    const r = checkSchedule(projectScheduleCheck(p, schedule, { acceleration: deps.config.testing.acceleration, businessHoursEnd }), await loadHolidayTable(tx));
    if (!r.ok) {
      const [first] = r.violations;
      throw new AppError('VALIDATION', first && { zh: first.messageZh, en: first.messageEn }, { reason: 'SCHEDULE_VIOLATION', violations: violationViews(r.violations) });
    }
    const iso = scheduleToIso(schedule);
    const [updated] = await tx
      .update(projects)
      .set({ schedule: iso, businessHoursEnd, version: p.version + 1, updatedAt: deps.clock.now() })
      .where(and(eq(projects.id, p.id), eq(projects.version, input.expectedVersion), eq(projects.status, 'DRAFT')))
      .returning();
    if (!updated) throw new AppError('CONFLICT', { zh: '项目已被他人修改，请刷新后重试', en: 'The project changed meanwhile; refresh and retry' });
    await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'project.schedule', subject: { type: 'project', id: p.id }, payload: { schedule: iso, businessHoursEnd } });
    return toView(tx, updated);
  });
}
