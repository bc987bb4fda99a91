/**
 * The supervisor's dashboard (issue 20 §3; domain §6.1–6.2, M1, M3): yellow and red counts of the open
 * checkpoints by trade type, region and agency — their state computed from server time now, never stored
 * — the alerts raised per Beijing day, 处理超期数, and the list of alerts. Read-only, for supervisors
 * (their scope only: `supervisedProjectsCondition`), center staff and the platform admin.
 *
 * A checkpoint that watches one company's registration, security or bid is left out until the deadline
 * for the readers the before-deadline table does not open that fact to (`checkpointSecret`): its number
 * would count them.
 */
import { and, desc, eq, gte, inArray, isNull, lt, lte, type SQL } from 'drizzle-orm';
import { checkpoints, organizations, projects, supervisionAlerts, type DbOrTx } from '@ebid/db';
import { alertTrend, checkpointState, countByGroup, countStates, overdueUnhandled, trendDays, type Role, type TradeType } from '@ebid/domain';
import type { Dashboard, DashboardAlert, DashboardAlertPage, DashboardAlertsInput, DashboardInput } from '@ebid/contracts';
import { checkpointSecret, readerOf, type SecrecySchedule } from '../access/before-deadline.ts';
import { requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { supervisedProjectsCondition } from './scope.ts';

/** Who reads the dashboard and the timeline (M3: read-only for all of them). */
export const SUPERVISION_READERS: Role[] = ['supervisor', 'staff', 'platform_admin'];

const projectFields = {
  projectId: projects.id,
  projectName: projects.name,
  projectCode: projects.unifiedDealCode,
  tradeType: projects.tradeType,
  regionCode: projects.regionCode,
  agentOrgId: projects.agentOrgId,
  tendereeOrgId: projects.tendereeOrgId,
  prequalification: projects.prequalification,
  schedule: projects.schedule,
};

/** The organization names of these ids. */
export async function orgNames(db: DbOrTx, ids: (number | null)[]): Promise<Map<number, string>> {
  const want = [...new Set(ids.filter((x): x is number => x !== null))];
  if (want.length === 0) return new Map();
  const rows = await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, want));
  return new Map(rows.map((r) => [r.id, r.name]));
}

const secretFor = (role: Role, now: Date) => (r: { subjectKey: string } & SecrecySchedule) => checkpointSecret(r.subjectKey, readerOf(role), r, now);

export async function supervisionDashboard(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: DashboardInput): Promise<Dashboard> {
  const actor = requireRole(ctx, ...SUPERVISION_READERS);
  const now = deps.clock.now();
  const { from } = trendDays(now, input.days);
  const scope = await supervisedProjectsCondition(deps.db, actor);
  const secret = secretFor(actor.role, now);
  const within = (...c: (SQL | undefined)[]) => and(...c, scope);

  // Open checkpoints past their warning start: yellow or red now (the state itself is computed below).
  const open = (
    await deps.db
      .select({ warnAt: checkpoints.warnAt, dueAt: checkpoints.dueAt, doneAt: checkpoints.doneAt, subjectKey: checkpoints.subjectKey, ...projectFields })
      .from(checkpoints)
      .innerJoin(projects, eq(projects.id, checkpoints.projectId))
      .where(within(isNull(checkpoints.doneAt), lte(checkpoints.warnAt, now)))
  ).filter((r) => !secret(r));

  const agencyOf = (r: { agentOrgId: number | null; tendereeOrgId: number }) => r.agentOrgId ?? r.tendereeOrgId;
  const names = await orgNames(deps.db, open.map(agencyOf));
  const selfRun = new Map(open.map((r) => [agencyOf(r), r.agentOrgId === null]));

  const alerts = (
    await deps.db
      .select({ level: supervisionAlerts.level, raisedAt: supervisionAlerts.raisedAt, handledAt: supervisionAlerts.handledAt, subjectKey: checkpoints.subjectKey, ...projectFields })
      .from(supervisionAlerts)
      .innerJoin(checkpoints, eq(checkpoints.id, supervisionAlerts.checkpointId))
      .innerJoin(projects, eq(projects.id, supervisionAlerts.projectId))
      .where(within(isNull(supervisionAlerts.handledAt)))
  ).filter((r) => !secret(r));
  const raised = (
    await deps.db
      .select({ level: supervisionAlerts.level, raisedAt: supervisionAlerts.raisedAt, subjectKey: checkpoints.subjectKey, ...projectFields })
      .from(supervisionAlerts)
      .innerJoin(checkpoints, eq(checkpoints.id, supervisionAlerts.checkpointId))
      .innerJoin(projects, eq(projects.id, supervisionAlerts.projectId))
      .where(within(gte(supervisionAlerts.raisedAt, from), lte(supervisionAlerts.raisedAt, now)))
  ).filter((r) => !secret(r));

  return {
    at: now.toISOString(),
    totals: { ...countStates(open, now), overdueUnhandled: overdueUnhandled(alerts), openAlerts: alerts.length },
    byTradeType: countByGroup(open, now, (r): TradeType => r.tradeType),
    byRegion: countByGroup(open, now, (r) => r.regionCode),
    byAgency: countByGroup(open, now, (r) => String(agencyOf(r))).map((g) => ({
      ...g,
      orgId: Number(g.key),
      name: names.get(Number(g.key)) ?? `#${g.key}`,
      selfRun: selfRun.get(Number(g.key)) ?? false,
    })),
    trend: alertTrend(raised, now, input.days),
  };
}

/**
 * The alerts, newest first (by id), keyset-paged: open ones only by default. The page is cut from the
 * alerts this reader may see only (the loop reads on past hidden ones), so neither a short page nor the
 * next-page id tells that hidden ones exist.
 */
export async function supervisionDashboardAlerts(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: DashboardAlertsInput): Promise<DashboardAlertPage> {
  const actor = requireRole(ctx, ...SUPERVISION_READERS);
  const now = deps.clock.now();
  const scope = await supervisedProjectsCondition(deps.db, actor);
  const secret = secretFor(actor.role, now);
  const want = input.limit + 1;
  const batch = Math.max(want, 50);
  const kept: Awaited<ReturnType<typeof readBatch>> = [];
  let cursor = input.beforeId;
  for (;;) {
    const rows = await readBatch(deps.db, and(scope, input.openOnly ? isNull(supervisionAlerts.handledAt) : undefined, input.projectId ? eq(supervisionAlerts.projectId, input.projectId) : undefined, cursor !== undefined ? lt(supervisionAlerts.id, cursor) : undefined), batch);
    for (const r of rows) {
      cursor = r.id;
      if (!secret(r)) kept.push(r);
      if (kept.length === want) break;
    }
    if (kept.length === want || rows.length < batch) break;
  }
  const page = kept.slice(0, input.limit);
  const names = await orgNames(deps.db, page.map((r) => r.responsibleOrgId));
  const alerts: DashboardAlert[] = page.map((r) => ({
    id: r.id,
    level: r.level,
    raisedAt: r.raisedAt.toISOString(),
    project: { id: r.projectId, name: r.projectName, code: r.projectCode, tradeType: r.tradeType, regionCode: r.regionCode },
    checkpoint: { id: r.checkpointId, kind: r.kind, subjectKey: r.subjectKey, dueAt: r.dueAt.toISOString(), state: checkpointState(r, now) },
    responsible: { orgId: r.responsibleOrgId, name: r.responsibleOrgId === null ? null : (names.get(r.responsibleOrgId) ?? null) },
    handled: r.handledAt !== null,
    handledAt: r.handledAt?.toISOString() ?? null,
  }));
  return { alerts, nextBeforeId: kept.length > input.limit ? (page[page.length - 1]?.id ?? null) : null };
}

function readBatch(db: DbOrTx, where: SQL | undefined, limit: number) {
  return db
    .select({
      id: supervisionAlerts.id,
      level: supervisionAlerts.level,
      raisedAt: supervisionAlerts.raisedAt,
      handledAt: supervisionAlerts.handledAt,
      checkpointId: checkpoints.id,
      kind: checkpoints.kind,
      subjectKey: checkpoints.subjectKey,
      warnAt: checkpoints.warnAt,
      dueAt: checkpoints.dueAt,
      doneAt: checkpoints.doneAt,
      responsibleOrgId: checkpoints.responsibleOrgId,
      ...projectFields,
    })
    .from(supervisionAlerts)
    .innerJoin(checkpoints, eq(checkpoints.id, supervisionAlerts.checkpointId))
    .innerJoin(projects, eq(projects.id, supervisionAlerts.projectId))
    .where(where)
    .orderBy(desc(supervisionAlerts.id))
    .limit(limit);
}
