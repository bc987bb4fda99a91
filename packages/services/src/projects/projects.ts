/**
 * Projects and sections (issue 4 §1, §2): created by a tenderee for its own organization or by an agent
 * under a mandate in force; the procedure is the domain state machine, driven by the flags of the trade
 * type and method; the schedule is checked against every statutory limit (domain §2) on save, counted
 * per 民法典 §201–203 with the staff-maintained working-day calendar.
 */
import { and, desc, eq, or, sql } from 'drizzle-orm';
import { dealCodeCounters, organizations, projects, sections, users, type DbOrTx, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import {
  AppError,
  assertScheduleSane,
  checkSchedule,
  checkScheduleSanity,
  scheduleDeadlinesPassed,
  METHODS_BY_TRADE_TYPE,
  procedureFlags,
  SCHEDULE_FIELDS,
  securityCapFen,
  formatYuan,
  budgetViolations,
  hasSubject,
  type PriceKind,
  type ProjectSubject,
  stepsFor,
  transition,
  type ProcedureEvent,
  type ProcedureFlags,
  type ProcedureMethod,
  type ProcedureState,
  type ProcedureStatus,
  type Schedule,
  type ScheduleField,
  type ScheduleViolation,
  type HolidayTable,
  type TradeType,
} from '@ebid/domain';
import type { Actor } from '../auth/session.ts';
import { arrivalOf, audit, requireActor, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { hasMandate } from '../identity/mandates.ts';
import { notify } from '../notifications/notify.ts';
import { loadHolidayTable } from './holidays.ts';

export interface SectionInput {
  name: string;
  ceilingFen?: number | null;
  securityFen?: number | null;
}

export interface ProjectView {
  id: number;
  unifiedDealCode: string;
  tradeType: TradeType;
  method: ProcedureMethod;
  prequalification: boolean;
  name: string;
  tendereeOrgId: number;
  tendereeName: string;
  agentOrgId: number | null;
  status: ProcedureStatus;
  statusDetail: Omit<ProcedureState, 'status'>;
  regionCode: string;
  budgetFen: number | null;
  /** Engineering: what the project buys (works, goods, survey, design, supervision, epc); null otherwise. */
  subject: ProjectSubject | null;
  /** How bids state their price: an amount, or a fee rate (费率报价, exempt from the price ceiling). */
  priceKind: PriceKind;
  /** The tender waives the bid security (发改法规〔2023〕27号). */
  securityWaived: boolean;
  schedule: Partial<Record<ScheduleField, string>>;
  /** The counter's business hours end set by the documents (`HH:MM`), or null (windows end at 24:00). */
  businessHoursEnd: string | null;
  sections: {
    id: number;
    code: string;
    name: string;
    ceilingFen: number | null;
    securityFen: number | null;
    /** Issue 16 §7: a section fails alone (too few bids or qualified), with its own 流标公告. */
    status: 'open' | 'failed';
    failureReason: string | null;
    failureNoticeId: number | null;
  }[];
  steps: { status: ProcedureStatus; zh: string; en: string; conditional?: true }[];
  /** The failed project this one re-tenders, if any. */
  previousProjectId: number | null;
  version: number;
  createdAt: string;
}

type ProjectRow = typeof projects.$inferSelect;

export function flagsOf(p: Pick<ProjectRow, 'tradeType' | 'method' | 'prequalification'>): ProcedureFlags {
  return procedureFlags(p.tradeType, p.method as ProcedureMethod, p.prequalification ? { prequalification: true } : {});
}

const TRADE_LETTER: Record<TradeType, string> = { engineering: 'E', procurement: 'P', land: 'L', property: 'R' };

/**
 * 统一交易标识码 in this platform's format: region (6) - year (4) - trade letter + sequence (6), e.g.
 * 330100-2026-E000042. The national data spec's exact layout is not in our sources (domain §4.8, K).
 */
export function unifiedDealCode(regionCode: string, year: number, tradeType: TradeType, seq: number): string {
  return `${regionCode}-${year}-${TRADE_LETTER[tradeType]}${String(seq).padStart(6, '0')}`;
}

/**
 * The next 统一交易标识码 of a region, trade type and the current year (北京时间), inside the creating
 * transaction (issue 13 §9.7): the counter row is bumped (or started at 1) and stays locked until the
 * transaction ends, so a create that fails later rolls the number back (no gaps) and concurrent creates of
 * one key take consecutive numbers in turn. Call it after the checks that may refuse the request.
 */
export async function allocateDealCode(tx: Tx, deps: Pick<Deps, 'clock'>, key: { regionCode: string; tradeType: TradeType }): Promise<string> {
  const year = new Date(deps.clock.now().getTime() + 8 * 3600_000).getUTCFullYear();
  const [row] = await tx
    .insert(dealCodeCounters)
    .values({ regionCode: key.regionCode, year, tradeType: key.tradeType, lastSeq: 1 })
    .onConflictDoUpdate({
      target: [dealCodeCounters.regionCode, dealCodeCounters.year, dealCodeCounters.tradeType],
      set: { lastSeq: sql`${dealCodeCounters.lastSeq} + 1` },
    })
    .returning({ seq: dealCodeCounters.lastSeq });
  if (!row) throw new AppError('INTERNAL');
  return unifiedDealCode(key.regionCode, year, key.tradeType, row.seq);
}

const isCenter = (a: Actor) => a.role === 'staff' || a.role === 'platform_admin' || a.role === 'supervisor';

/** Is the actor the owner side (tenderee or agent organization) of the project, or the center? */
export function isPartyOrCenter(actor: Actor, p: Pick<ProjectRow, 'tendereeOrgId' | 'agentOrgId'>): boolean {
  return isCenter(actor) || actor.orgId === p.tendereeOrgId || (p.agentOrgId !== null && actor.orgId === p.agentOrgId);
}

/** Has the project been made public (its notice published)? Drafts and notices under review are not. */
export function isPublic(p: Pick<ProjectRow, 'status'>): boolean {
  return p.status !== 'DRAFT' && p.status !== 'PENDING_REVIEW';
}

/**
 * May the actor see this project? Parties and the center always; any signed-in user once it is public
 * (bidders work from it); everyone else gets NOT_FOUND (no existence leak).
 */
function canSee(actor: Actor, p: ProjectRow): boolean {
  return isPartyOrCenter(actor, p) || isPublic(p);
}

/** May the actor act for the owner side (edit, schedule, submit)? The tenderee, or its agent under a mandate in force. */
export async function assertOwnerSide(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, p: ProjectRow): Promise<void> {
  if (actor.role === 'tenderee' && actor.orgId === p.tendereeOrgId) return;
  if (actor.role === 'agent' && p.agentOrgId === actor.orgId) {
    if (await hasMandate(tx, actor.orgId, p.tendereeOrgId, deps.clock.now())) return;
    throw new AppError('FORBIDDEN', { zh: '代理机构没有该招标人的有效委托', en: 'The agent has no mandate in force from this tenderee' }, { reason: 'NO_MANDATE' });
  }
  if (canSee(actor, p)) throw new AppError('FORBIDDEN');
  throw new AppError('NOT_FOUND');
}

export async function loadProject(tx: Tx, id: number): Promise<ProjectRow> {
  const [p] = await tx.select().from(projects).where(eq(projects.id, id));
  if (!p) throw new AppError('NOT_FOUND');
  return p;
}

export async function toView(tx: Tx, p: ProjectRow): Promise<ProjectView> {
  const secs = await tx.select().from(sections).where(eq(sections.projectId, p.id)).orderBy(sections.code);
  const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, p.tendereeOrgId));
  return {
    id: p.id,
    unifiedDealCode: p.unifiedDealCode,
    tradeType: p.tradeType,
    method: p.method as ProcedureMethod,
    prequalification: p.prequalification,
    name: p.name,
    tendereeOrgId: p.tendereeOrgId,
    tendereeName: org?.name ?? '',
    agentOrgId: p.agentOrgId,
    status: p.status as ProcedureStatus,
    statusDetail: p.statusDetail as Omit<ProcedureState, 'status'>,
    regionCode: p.regionCode,
    budgetFen: p.budgetFen,
    subject: p.subject,
    priceKind: p.priceKind,
    securityWaived: p.securityWaived,
    schedule: p.schedule as Partial<Record<ScheduleField, string>>,
    businessHoursEnd: p.businessHoursEnd,
    sections: secs.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      ceilingFen: s.ceilingFen,
      securityFen: s.securityFen,
      status: s.status,
      failureReason: s.failureReason,
      failureNoticeId: s.failureNoticeId,
    })),
    steps: stepsFor(flagsOf(p)),
    previousProjectId: p.previousProjectId,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
  };
}

export async function createProject(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: {
    tradeType: TradeType;
    method: ProcedureMethod;
    prequalification?: boolean;
    name: string;
    tendereeOrgId?: number;
    regionCode?: string;
    budgetFen?: number | null;
    /** Engineering only; omitted → works (the commonest subject, and the cap applied before subjects existed). */
    subject?: ProjectSubject | null;
    priceKind?: PriceKind;
    securityWaived?: boolean;
    sections: SectionInput[];
  },
): Promise<ProjectView> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  if (!(METHODS_BY_TRADE_TYPE[input.tradeType] as readonly string[]).includes(input.method)) {
    throw new AppError('VALIDATION', { zh: '该交易类型不支持此交易方式', en: 'This method does not exist for this trade type' }, { field: 'method' });
  }
  procedureFlags(input.tradeType, input.method, input.prequalification ? { prequalification: true } : {}); // validates the combination
  const subject = projectFieldsOf(input);
  const securityWaived = input.securityWaived ?? false;
  // R87 §63 (issue 16 §2): a procurement project states its budget (there is no later edit of it: a draft
  // without one could never be published) and each package's 最高限价 lies within it.
  const [budgetProblem] = budgetViolations({ tradeType: input.tradeType, budgetFen: input.budgetFen, sections: input.sections });
  if (budgetProblem) throw new AppError('VALIDATION', { zh: budgetProblem.messageZh, en: budgetProblem.messageEn }, { reason: budgetProblem.reason, field: budgetProblem.field });
  input.sections.forEach((s, i) => {
    if (securityWaived && (s.securityFen ?? 0) > 0) {
      throw new AppError(
        'VALIDATION',
        { zh: `本项目免收投标保证金，第${i + 1}标段不应再设保证金金额`, en: `The security is waived: section ${i + 1} cannot also set a security amount` },
        { reason: 'SECURITY_WAIVED', field: `sections.${i}.securityFen` },
      );
    }
    // B6: the configured security may not exceed the statutory cap (2% of the section's estimate, and the
    // absolute cap of the project's subject: 100,000 CNY for survey and design).
    const capFen = securityCapFen({ tradeType: input.tradeType, subject, estimateFen: s.ceilingFen ?? input.budgetFen ?? null });
    if (capFen !== null && (s.securityFen ?? 0) > capFen) {
      throw new AppError(
        'VALIDATION',
        { zh: `第${i + 1}标段的保证金超过法定上限（${formatYuan(capFen)}元）`, en: `Section ${i + 1}: the security exceeds the legal cap (CNY ${formatYuan(capFen)})` },
        { reason: 'SECURITY_CAP', field: `sections.${i}.securityFen`, capFen },
      );
    }
  });
  const tendereeOrgId = actor.role === 'tenderee' ? actor.orgId : input.tendereeOrgId;
  if (!tendereeOrgId) throw new AppError('VALIDATION', { zh: '请选择招标人', en: 'Choose the tenderee' }, { field: 'tendereeOrgId' });
  if (actor.role === 'tenderee' && input.tendereeOrgId !== undefined && input.tendereeOrgId !== actor.orgId) {
    throw new AppError('FORBIDDEN', { zh: '只能为本单位创建项目', en: 'You can create projects only for your own organization' });
  }
  return deps.db.transaction(async (tx) => {
    const [tenderee] = await tx.select().from(organizations).where(eq(organizations.id, tendereeOrgId));
    if (!tenderee || tenderee.kind !== 'tenderee' || tenderee.status !== 'active') {
      throw new AppError('VALIDATION', { zh: '招标人不存在', en: 'No such tenderee' }, { field: 'tendereeOrgId' });
    }
    if (actor.role === 'agent' && !(await hasMandate(tx, actor.orgId, tendereeOrgId, deps.clock.now()))) {
      throw new AppError('FORBIDDEN', { zh: '代理机构没有该招标人的有效委托', en: 'The agent has no mandate in force from this tenderee' }, { reason: 'NO_MANDATE' });
    }
    // The project's region: given, else the tenderee's, else the center's own (issue 15 §3).
    const regionCode = input.regionCode ?? tenderee.regionCode ?? deps.config.center.regionCode;
    const code = await allocateDealCode(tx, deps, { regionCode, tradeType: input.tradeType });
    const [p] = await tx
      .insert(projects)
      .values({
        unifiedDealCode: code,
        tradeType: input.tradeType,
        method: input.method,
        prequalification: input.prequalification ?? false,
        name: input.name,
        tendereeOrgId,
        agentOrgId: actor.role === 'agent' ? actor.orgId : null,
        createdBy: actor.userId,
        regionCode,
        budgetFen: input.budgetFen ?? null,
        subject,
        priceKind: input.priceKind ?? 'amount',
        securityWaived,
      })
      .returning();
    if (!p) throw new AppError('INTERNAL');
    const row = p;
    let i = 0;
    for (const s of input.sections) {
      i++;
      await tx.insert(sections).values({ projectId: row.id, code: String(i).padStart(3, '0'), name: s.name, ceilingFen: s.ceilingFen ?? null, securityFen: s.securityFen ?? null });
    }
    await audit(tx, deps, ctx, {
      chain: projectChain(row.id),
      action: 'project.create',
      subject: { type: 'project', id: row.id },
      payload: {
        unifiedDealCode: code,
        tradeType: input.tradeType,
        method: input.method,
        name: input.name,
        tendereeOrgId,
        agentOrgId: row.agentOrgId,
        budgetFen: row.budgetFen,
        subject,
        priceKind: row.priceKind,
        securityWaived,
        sections: input.sections,
      },
    });
    return toView(tx, p);
  });
}

/**
 * The subject of a new project (issue 16 §8): engineering has one (omitted → works); the other trade types
 * have none, and a rate price (费率报价) exists only where fees are tendered (engineering, procurement).
 */
function projectFieldsOf(input: { tradeType: TradeType; subject?: ProjectSubject | null; priceKind?: PriceKind }): ProjectSubject | null {
  if (!hasSubject(input.tradeType)) {
    if (input.subject) {
      throw new AppError('VALIDATION', { zh: '只有工程建设项目填写招标内容（施工、勘察、设计等）', en: 'Only engineering projects have a subject (works, survey, design …)' }, { reason: 'SUBJECT_NOT_APPLICABLE', field: 'subject' });
    }
  }
  if (input.priceKind === 'rate' && input.tradeType !== 'engineering' && input.tradeType !== 'procurement') {
    throw new AppError('VALIDATION', { zh: '土地和产权交易以金额报价，不能采用费率报价', en: 'Land and property bids are amounts; a fee rate is not allowed' }, { reason: 'PRICE_KIND_NOT_APPLICABLE', field: 'priceKind' });
  }
  return hasSubject(input.tradeType) ? (input.subject ?? 'works') : null;
}

/**
 * What a project needs before its notice goes to review or is published (issue 16 §2): a procurement
 * project its budget, and every 最高限价 within it. Throws VALIDATION with the reason and field.
 */
export async function assertPublishableProject(tx: DbOrTx, p: ProjectRow): Promise<void> {
  const secs = await tx.select({ code: sections.code, ceilingFen: sections.ceilingFen }).from(sections).where(eq(sections.projectId, p.id)).orderBy(sections.code);
  const [v] = budgetViolations({ tradeType: p.tradeType, budgetFen: p.budgetFen, sections: secs });
  if (v) throw new AppError('VALIDATION', { zh: v.messageZh, en: v.messageEn }, { reason: v.reason, field: v.field });
}

export async function getProject(deps: Pick<Deps, 'db'>, ctx: RequestContext, id: number): Promise<ProjectView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, id);
    if (!canSee(actor, p)) throw new AppError('NOT_FOUND');
    return toView(tx, p);
  });
}

/** The caller's projects: its organization's as tenderee or agent; the center sees all. */
export async function listProjects(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { limit: number }): Promise<ProjectView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(projects)
      .where(isCenter(actor) ? undefined : or(eq(projects.tendereeOrgId, actor.orgId), eq(projects.agentOrgId, actor.orgId)))
      .orderBy(desc(projects.id))
      .limit(input.limit);
    const out: ProjectView[] = [];
    for (const r of rows) out.push(await toView(tx, r));
    return out;
  });
}

function parseSchedule(input: Partial<Record<string, string>>): Schedule {
  const out: Schedule = {};
  for (const [k, v] of Object.entries(input)) {
    if (!(SCHEDULE_FIELDS as readonly string[]).includes(k)) {
      throw new AppError('VALIDATION', { zh: '未知的时间字段', en: 'Unknown schedule field' }, { field: k });
    }
    if (v === undefined) continue;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw new AppError('VALIDATION', { zh: '时间格式错误', en: 'Invalid time' }, { field: k });
    out[k as ScheduleField] = d;
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
  const schedule = scheduleOfProject(p);
  if (Object.keys(schedule).length === 0) {
    throw new AppError('VALIDATION', { zh: '请先保存时间安排', en: 'Save the schedule first' }, { field: 'schedule' });
  }
  const sanity = checkScheduleSanity(schedule);
  assertScheduleSane(sanity.length > 0 ? sanity : scheduleDeadlinesPassed(schedule, at));
}

/** Check a schedule without saving it (the form's inline legal checks). */
export async function previewSchedule(
  deps: Pick<Deps, 'db' | 'config'>,
  ctx: RequestContext,
  input: { projectId: number; schedule: Partial<Record<string, string>>; businessHoursEnd?: string | null },
): Promise<{ ok: boolean; violations: ScheduleViolation[] }> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (!canSee(actor, p)) throw new AppError('NOT_FOUND');
    const r = checkSchedule(
      {
        tradeType: p.tradeType,
        method: p.method as ProcedureMethod,
        schedule: parseSaneSchedule(input.schedule),
        acceleration: deps.config.testing.acceleration,
        businessHoursEnd: input.businessHoursEnd === undefined ? p.businessHoursEnd : input.businessHoursEnd,
      },
      await loadHolidayTable(tx),
    );
    return r.ok ? { ok: true, violations: [] } : { ok: false, violations: r.violations };
  });
}

/** The schedule of a project as stored (its ISO strings as Dates). */
export function scheduleOfProject(p: Pick<ProjectRow, 'schedule'>): Schedule {
  const out: Schedule = {};
  for (const [k, v] of Object.entries(p.schedule as Record<string, string>)) out[k as ScheduleField] = new Date(v);
  return out;
}

/** The statutory check of a project's current schedule on a given calendar table. */
export function checkProjectSchedule(p: ProjectRow, table: HolidayTable, acceleration: number): ScheduleViolation[] {
  const r = checkSchedule(
    { tradeType: p.tradeType, method: p.method as ProcedureMethod, schedule: scheduleOfProject(p), acceleration, businessHoursEnd: p.businessHoursEnd },
    table,
  );
  return r.ok ? [] : r.violations;
}

/** Statuses whose schedule still matters: from the draft until bidding or the sale ends. */
export const SCHEDULE_LIVE_STATUSES: readonly ProcedureStatus[] = ['DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'PREQUALIFICATION', 'PREQUALIFIED', 'BIDDING', 'SUSPENDED'];

/**
 * The current schedule against the statutory limits on today's calendar (issue 12 §2): after a year is
 * published, a period the official calendar made too short shows here on the project page, for the owner
 * side and the center.
 */
export async function reviewProjectSchedule(
  deps: Pick<Deps, 'db' | 'config' | 'clock'>,
  ctx: RequestContext,
  input: { projectId: number },
): Promise<{ ok: boolean; violations: ScheduleViolation[] }> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (!isPartyOrCenter(actor, p)) throw new AppError(canSee(actor, p) ? 'FORBIDDEN' : 'NOT_FOUND');
    if (!SCHEDULE_LIVE_STATUSES.includes(p.status as ProcedureStatus)) return { ok: true, violations: [] };
    const violations = checkProjectSchedule(p, await loadHolidayTable(tx), deps.config.testing.acceleration);
    return { ok: violations.length === 0, violations };
  });
}

/** Save the schedule; any statutory violation refuses it, naming the rule and the earliest legal date. */
export async function saveSchedule(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: { projectId: number; schedule: Partial<Record<string, string>>; expectedVersion: number; businessHoursEnd?: string | null },
): Promise<ProjectView> {
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
    const r = checkSchedule(
      { tradeType: p.tradeType, method: p.method as ProcedureMethod, schedule, acceleration: deps.config.testing.acceleration, businessHoursEnd },
      await loadHolidayTable(tx),
    );
    if (!r.ok) {
      const first = r.violations[0]!;
      throw new AppError('VALIDATION', { zh: first.messageZh, en: first.messageEn }, {
        reason: 'SCHEDULE_VIOLATION',
        violations: r.violations.map((v) => ({ ...v, earliestAllowed: v.earliestAllowed.toISOString() })),
      });
    }
    const iso = Object.fromEntries(Object.entries(schedule).map(([k, v]) => [k, v.toISOString()]));
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

/** Apply one procedure event with a guarded status update (WHERE status = expected). */
export async function applyProjectEvent(
  tx: Tx,
  deps: Pick<Deps, 'clock'>,
  ctx: RequestContext,
  p: ProjectRow,
  event: ProcedureEvent,
): Promise<ProjectRow> {
  const state: ProcedureState = { ...(p.statusDetail as Omit<ProcedureState, 'status'>), status: p.status as ProcedureStatus };
  const next = transition(state, event, flagsOf(p));
  const { status, ...detail } = next;
  const [updated] = await tx
    .update(projects)
    .set({ status, statusDetail: detail, version: p.version + 1, updatedAt: deps.clock.now() })
    .where(and(eq(projects.id, p.id), eq(projects.status, p.status), eq(projects.version, p.version)))
    .returning();
  if (!updated) throw new AppError('CONFLICT', { zh: '项目状态已变化，请刷新后重试', en: 'The project state changed meanwhile; refresh and retry' });
  await audit(tx, deps, ctx, {
    chain: projectChain(p.id),
    action: `project.${event.type}`,
    subject: { type: 'project', id: p.id },
    payload: { from: p.status, to: status, event },
  });
  return updated;
}

/** The owner side submits the draft (with a legal schedule) to center staff for review. */
export async function submitProject(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: { projectId: number },
): Promise<ProjectView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    await assertOwnerSide(tx, deps, actor, p);
    assertSubmittableSchedule(p, arrivalOf(ctx, deps));
    await assertPublishableProject(tx, p);
    const updated = await applyProjectEvent(tx, deps, ctx, p, { type: 'submit_notice' });
    const staff = await tx.select({ id: users.id }).from(users).where(eq(users.role, 'staff'));
    await notify(tx, deps, {
      userIds: staff.map((s) => s.id),
      kind: 'project.submitted',
      title: { zh: '新项目待审核', en: 'A project awaits review' },
      body: { zh: `${p.name}（${p.unifiedDealCode}）已提交，请审核公告。`, en: `${p.name} (${p.unifiedDealCode}) was submitted; please review its notice.` },
      link: `/workspace/staff/notices`,
    });
    return toView(tx, updated);
  });
}
