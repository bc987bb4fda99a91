/**
 * Platform outages (issue 12 §8). The platform must not make bidders bear its own faults (电子招标投标办法):
 * center staff record an outage once it is over — start, end, what failed — and every bid or application
 * deadline, opening or decryption window that fell inside it or within the configured margin after it
 * (OUTAGE_MARGIN_MINUTES) is extended:
 *
 * - a bid deadline (with its opening) or a prequalification application deadline not yet acted on moves
 *   to at least OUTAGE_EXTENSION_HOURS after the outage's end, on a working day at the old time of day
 *   (domain outage.ts), by a platform-issued, sealed 变更公告;
 * - an opening still in its decryption window gets the whole window again from the outage's end (or now);
 * - an opening whose window ended inside the outage, already published: bids that were not decrypted
 *   are 撤回 for a platform cause (withdrawn_external; their securities fall due for refund, B10) instead
 *   of 撤销 — reopening decryption after the prices were published would be unfair to the others;
 * - a deadline whose next step has already begun (the opening started, the prequalification review
 *   started) is NOT moved: it is listed in the record for a decision outside the platform.
 *
 * Every registered company and downloader of an affected project is told; the outage, the decision and
 * its reason are in the audit chains (platform chain and each project's).
 */
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { bids, openingBids, openings, platformOutages, projects, registrations, users, type PlatformOutageRow, type ProjectRow, type Tx } from '@ebid/db';
import { ZOutageAffectedItem, type OutageAffectedItem, type OutageItemKind, type OutageRecord, type RecordOutageInput } from '@ebid/contracts';
import { projectChain } from '@ebid/audit';
import {
  affectedByOutage,
  AppError,
  checkOutage,
  extendedDeadline,
  formatBeijingDateTime,
  type Outage,
  type ProcedureStatus,
  type ScheduleField,
  termsOf,
} from '@ebid/domain';
import { arrivalOf, audit, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { notify } from '../notifications/notify.ts';
import { loadHolidayTable } from '../projects/holidays.ts';
import { recordPublicChange } from '../projects/index.ts';
import { movedSchedule } from '../tendering/clarifications/index.ts';
import { markDepositsForRefund } from '../tendering/deposits/index.ts';
import { downloaderUserIds, ownerSideUserIds } from '../tendering/recipients.ts';
import { preparePlatformNotice, recordPlatformNotice, type PreparedNotice } from '../tendering/platform-notices.ts';
import { publishOpeningEvent } from '../opening/live.ts';
import { OPENING_WINDOW_END_JOB } from '../opening/session-state.ts';
import { scheduleOpeningTimers } from '../opening/opening-schedule.ts';

const LIVE: readonly ProcedureStatus[] = ['PUBLISHED', 'PREQUALIFICATION', 'PREQUALIFIED', 'BIDDING', 'SUSPENDED', 'OPENING'];

/** The application deadline of a prequalification; the bid deadline is said in the project's words (noticeBody). */
const PREQUAL_APPLICATION_DEADLINE_ZH = '资格预审申请文件提交截止时间';

function at(p: ProjectRow, f: ScheduleField): Date | null {
  const v = p.schedule[f];
  return v ? new Date(v) : null;
}

interface ProjectPlan {
  project: ProjectRow;
  moves: { field: 'bidDeadline' | 'prequalApplicationDeadline'; from: Date; to: Date; provisional: boolean }[];
  decryption: { openingId: number; from: Date; to: Date } | null;
  reclassify: { openingId: number; lineIds: number[]; decryptDeadline: Date } | null;
  notMoved: { kind: OutageItemKind; from: Date; noteZh: string; noteEn: string }[];
}

async function plan(tx: Tx, deps: Pick<Deps, 'config'>, o: Outage, now: Date): Promise<ProjectPlan[]> {
  const { marginMinutes, extensionHours } = deps.config.outage;
  const table = await loadHolidayTable(tx);
  const rows = await tx.select().from(projects).where(inArray(projects.status, [...LIVE, 'EVALUATION']));
  const plans: ProjectPlan[] = [];
  for (const p of rows) {
    const [opening] = await tx.select().from(openings).where(eq(openings.projectId, p.id));
    const pl: ProjectPlan = { project: p, moves: [], decryption: null, reclassify: null, notMoved: [] };
    const bidDeadline = at(p, 'bidDeadline');
    if (bidDeadline && affectedByOutage(bidDeadline, o, marginMinutes)) {
      if (opening) {
        pl.notMoved.push({
          kind: 'bid_deadline',
          from: bidDeadline,
          noteZh: `${termsOf('zh', p.tradeType, p.method).opening}已经开始，${termsOf('zh', p.tradeType, p.method).bidDeadline}不再顺延；请依法另行处理（如终止或重新组织）`,
          noteEn: 'The opening has started; the deadline is not moved. Decide outside the platform (terminate, re-tender)',
        });
      } else if (LIVE.includes(p.status)) {
        const e = extendedDeadline(bidDeadline, o, extensionHours, table);
        pl.moves.push({ field: 'bidDeadline', from: bidDeadline, to: e.at, provisional: e.provisional });
      }
    }
    const appDeadline = at(p, 'prequalApplicationDeadline');
    if (appDeadline && affectedByOutage(appDeadline, o, marginMinutes)) {
      if (p.status === 'PUBLISHED' || (p.status === 'SUSPENDED' && p.statusDetail.suspendedFrom === 'PUBLISHED')) {
        const e = extendedDeadline(appDeadline, o, extensionHours, table);
        pl.moves.push({ field: 'prequalApplicationDeadline', from: appDeadline, to: e.at, provisional: e.provisional });
      } else if (LIVE.includes(p.status)) {
        pl.notMoved.push({
          kind: 'application_deadline',
          from: appDeadline,
          noteZh: '资格审查已经开始，申请截止时间不再顺延；请依法另行处理',
          noteEn: 'The prequalification review has started; the deadline is not moved',
        });
      }
    }
    if (opening?.status === 'decrypting') {
      const overlaps = opening.openedAt.getTime() <= o.endsAt.getTime() + marginMinutes * 60_000 && opening.decryptDeadline.getTime() >= o.startsAt.getTime();
      if (overlaps) {
        const from = Math.max(o.endsAt.getTime(), now.getTime());
        const to = new Date(from + opening.decryptWindowMinutes * 60_000);
        if (to.getTime() > opening.decryptDeadline.getTime()) pl.decryption = { openingId: opening.id, from: opening.decryptDeadline, to };
      }
    } else if (opening && (opening.status === 'published' || opening.status === 'closed') && affectedByOutage(opening.decryptDeadline, o, marginMinutes)) {
      const lines = await tx
        .select({ id: openingBids.id })
        .from(openingBids)
        .where(and(eq(openingBids.openingId, opening.id), eq(openingBids.decryptStatus, 'revoked'), eq(openingBids.failureCause, 'bidder')));
      if (lines.length > 0) pl.reclassify = { openingId: opening.id, lineIds: lines.map((l) => l.id), decryptDeadline: opening.decryptDeadline };
    }
    if (pl.moves.length || pl.decryption || pl.reclassify || pl.notMoved.length) plans.push(pl);
  }
  return plans;
}

function noticeBody(p: ProjectRow, o: Outage & { description: string }, pl: ProjectPlan, platformName: string): string {
  // Issue 18 §1: the parties and things in the project's own words (供应商, 响应文件, 竞买人 …).
  const w = termsOf('zh', p.tradeType, p.method);
  const fieldZh = (f: 'bidDeadline' | 'prequalApplicationDeadline') => (f === 'bidDeadline' ? `${w.bidDeadline}（${w.opening}时间）` : PREQUAL_APPLICATION_DEADLINE_ZH);
  const lines = [
    `因${platformName}于 ${formatBeijingDateTime(o.startsAt)} 至 ${formatBeijingDateTime(o.endsAt)}（北京时间）发生故障（${o.description}），${p.name}（统一交易标识码：${p.unifiedDealCode}）的有关时间调整如下。交易平台的故障不由${w.bidder}承担（《电子招标投标办法》）。`,
  ];
  for (const m of pl.moves) {
    lines.push(`${fieldZh(m.field)}由 ${formatBeijingDateTime(m.from)} 顺延至 ${formatBeijingDateTime(m.to)}（北京时间）${m.provisional ? '（按暂定节假日安排计算）' : ''}。已递交的${w.bid}继续有效，${w.bidder}可在新的截止时间前补充、修改或撤回。`);
  }
  if (pl.decryption) {
    lines.push(`${w.bid}解密时限由 ${formatBeijingDateTime(pl.decryption.from)} 延长至 ${formatBeijingDateTime(pl.decryption.to)}（北京时间），尚未解密的${w.bidder}请在此之前完成解密。`);
  }
  if (pl.reclassify) {
    lines.push(`解密时限内因交易平台故障未能解密的${w.bid}，按非${w.bidder}原因处理（撤回），其${w.security}依法退还。`);
  }
  return lines.join('\n\n');
}

/** Staff record a finished outage; affected deadlines and windows are extended as described above. */
export async function recordOutage(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'pki' | 'storage'>,
  ctx: RequestContext,
  input: RecordOutageInput,
): Promise<OutageRecord> {
  const actor = requireRole(ctx, 'staff', 'platform_admin');
  const now = arrivalOf(ctx, deps);
  const o = { startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt), description: input.description.trim() };
  checkOutage(o, now);
  if (o.description.length < 2 || o.description.length > 500) {
    throw new AppError('VALIDATION', { zh: '请说明故障情况（2至500字）', en: 'Describe what failed (2 to 500 characters)' }, { field: 'description' });
  }
  // Plan from a consistent read, render the notices outside any transaction, then apply re-checking.
  const plans = await deps.db.transaction((tx) => plan(tx, deps, o, now));
  const prepared = new Map<number, PreparedNotice>();
  for (const pl of plans) {
    if (!pl.moves.length && !pl.decryption && !pl.reclassify) continue;
    prepared.set(
      pl.project.id,
      await preparePlatformNotice(deps, { projectId: pl.project.id, kind: 'amendment', title: `${pl.project.name}变更公告（平台故障顺延）`, body: noticeBody(pl.project, o, pl, deps.config.center.platformName) }),
    );
  }
  return deps.db.transaction(async (tx) => {
    const { marginMinutes, extensionHours } = deps.config.outage;
    const [row] = await tx.insert(platformOutages).values({ startsAt: o.startsAt, endsAt: o.endsAt, description: o.description, marginMinutes, extensionHours, recordedBy: actor.userId }).returning();
    if (!row) throw new AppError('INTERNAL');
    const affected: OutageAffectedItem[] = [];
    for (const pl of plans) {
      const [p] = await tx.select().from(projects).where(eq(projects.id, pl.project.id)).for('update');
      if (!p || p.version !== pl.project.version || p.status !== pl.project.status) {
        throw new AppError('CONFLICT', { zh: '项目在登记期间发生了变化，请重试', en: 'A project changed meanwhile; retry' }, { projectId: pl.project.id });
      }
      const base = { projectId: p.id, unifiedDealCode: p.unifiedDealCode, name: p.name };
      const toPublish = prepared.get(p.id);
      const notice = toPublish ? await recordPlatformNotice(tx, deps, ctx, toPublish) : null;
      if (pl.moves.length) {
        let schedule = p.schedule;
        for (const m of pl.moves) schedule = movedSchedule(schedule, m.field, m.to);
        await tx.update(projects).set({ schedule, version: p.version + 1, updatedAt: deps.clock.now() }).where(eq(projects.id, p.id));
        await scheduleOpeningTimers(tx, deps, { ...p, schedule }); // issue 18 §5: the opening and its alert move with the deadline
        await recordPublicChange(tx, deps, 'project', p.id, 'deadline_moved');
        for (const m of pl.moves) {
          affected.push({ ...base, kind: m.field === 'bidDeadline' ? 'bid_deadline' : 'application_deadline', action: 'extended', from: m.from.toISOString(), to: m.to.toISOString(), provisional: m.provisional, noteZh: null, noteEn: null, noticeId: notice?.id ?? null });
        }
      }
      if (pl.decryption) {
        const [u] = await tx.update(openings).set({ decryptDeadline: pl.decryption.to }).where(and(eq(openings.id, pl.decryption.openingId), eq(openings.status, 'decrypting'))).returning();
        if (!u) throw new AppError('CONFLICT', { zh: '开标状态已变化，请重试', en: 'The opening changed meanwhile; retry' });
        await enqueueJob(tx, deps.clock, { kind: OPENING_WINDOW_END_JOB, payload: { projectId: p.id }, runAt: pl.decryption.to, dedupeKey: `opening.window_end:${p.id}:${pl.decryption.to.toISOString()}` });
        await publishOpeningEvent(tx, deps.clock, p.id, 'window_extended', { decryptDeadline: pl.decryption.to.toISOString() });
        affected.push({ ...base, kind: 'decryption_window', action: 'extended', from: pl.decryption.from.toISOString(), to: pl.decryption.to.toISOString(), provisional: false, noteZh: null, noteEn: null, noticeId: notice?.id ?? null });
      }
      if (pl.reclassify) {
        for (const id of pl.reclassify.lineIds) {
          const [l] = await tx
            .update(openingBids)
            .set({ decryptStatus: 'withdrawn_external', failureCause: 'platform', failureNote: `平台故障（登记号 ${row.id}）` })
            .where(and(eq(openingBids.id, id), eq(openingBids.decryptStatus, 'revoked')))
            .returning();
          if (!l) continue;
          const [bid] = await tx.select({ registrationId: bids.registrationId }).from(bids).where(eq(bids.id, l.bidId));
          if (bid) await markDepositsForRefund(tx, deps, ctx, { projectId: p.id, trigger: 'withdrawal', registrationIds: [bid.registrationId] });
          await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'opening.cause_reclassified', subject: { type: 'bid', id: l.bidId }, payload: { openingBidId: l.id, from: 'revoked', to: 'withdrawn_external', cause: 'platform', outageId: row.id } });
        }
        affected.push({
          ...base,
          kind: 'decryption_expired',
          action: 'reclassified',
          from: pl.reclassify.decryptDeadline.toISOString(),
          to: null,
          provisional: false,
          noteZh: `${pl.reclassify.lineIds.length}份未解密的${termsOf('zh', pl.project.tradeType, pl.project.method).bid}改为因平台原因撤回（保证金退还）`,
          noteEn: `${pl.reclassify.lineIds.length} undecrypted bid(s) now withdrawn for a platform cause (securities refunded)`,
          noticeId: notice?.id ?? null,
        });
      }
      for (const n of pl.notMoved) {
        affected.push({ ...base, kind: n.kind, action: 'not_extended', from: n.from.toISOString(), to: null, provisional: false, noteZh: n.noteZh, noteEn: n.noteEn, noticeId: null });
      }
      await audit(tx, deps, ctx, {
        chain: projectChain(p.id),
        action: 'project.outage_extension',
        subject: { type: 'project', id: p.id },
        payload: { outageId: row.id, startsAt: o.startsAt.toISOString(), endsAt: o.endsAt.toISOString(), description: o.description, items: affected.filter((a) => a.projectId === p.id) },
        objectHashes: toPublish ? [toPublish.pdfSha256] : [],
      });
      // Every registered company, every downloader and the owner side hear of it.
      const regOrgs = await tx.selectDistinct({ orgId: registrations.bidderOrgId }).from(registrations).where(and(eq(registrations.projectId, p.id), ne(registrations.status, 'withdrawn')));
      const regUsers = regOrgs.length ? await tx.select({ id: users.id }).from(users).where(and(inArray(users.orgId, regOrgs.map((r) => r.orgId)), eq(users.active, true))) : [];
      const staff = await tx.select({ id: users.id }).from(users).where(and(inArray(users.role, ['staff', 'supervisor']), eq(users.active, true)));
      const mine = affected.filter((a) => a.projectId === p.id);
      await notify(tx, deps, {
        userIds: [...new Set([...regUsers.map((u) => u.id), ...(await downloaderUserIds(tx, p.id)), ...(await ownerSideUserIds(tx, p)), ...staff.map((u) => u.id)])],
        kind: 'project.outage_extension',
        title: { zh: `平台故障：${p.name}时间调整`, en: `Platform outage: ${p.name} schedule adjusted` },
        body: {
          zh: mine.map((a) => (a.to ? `${a.kind === 'decryption_window' ? '解密时限' : a.kind === 'application_deadline' ? '申请截止时间' : '投标截止时间'}顺延至 ${formatBeijingDateTime(new Date(a.to))}` : (a.noteZh ?? ''))).join('；') + '。',
          en: mine.map((a) => (a.to ? `${a.kind.replace('_', ' ')} extended to ${formatBeijingDateTime(new Date(a.to))} Beijing time` : (a.noteEn ?? ''))).join('; ') + '.',
        },
        link: `/projects/${p.id}`,
      });
    }
    const [saved] = await tx.update(platformOutages).set({ result: { affected } }).where(eq(platformOutages.id, row.id)).returning();
    if (!saved) throw new AppError('INTERNAL');
    await audit(tx, deps, ctx, {
      action: 'outage.record',
      subject: { type: 'outage', id: row.id },
      payload: {
        startsAt: o.startsAt.toISOString(),
        endsAt: o.endsAt.toISOString(),
        description: o.description,
        marginMinutes,
        extensionHours,
        reason: '交易平台故障不由投标人承担：受影响的截止时间和解密时限依法顺延',
        affected: affected.map((a) => ({ projectId: a.projectId, kind: a.kind, action: a.action, to: a.to })),
      },
    });
    return toView(saved);
  });
}

function toView(r: PlatformOutageRow): OutageRecord {
  return {
    id: r.id,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    description: r.description,
    marginMinutes: r.marginMinutes,
    extensionHours: r.extensionHours,
    recordedAt: r.recordedAt.toISOString(),
    recordedBy: r.recordedBy,
    affected: ZOutageAffectedItem.array().parse(r.result.affected ?? []),
  };
}

/** Recorded outages, newest first (staff, administrators, supervisors). */
export async function listOutages(deps: Pick<Deps, 'db'>, ctx: RequestContext): Promise<OutageRecord[]> {
  requireRole(ctx, 'staff', 'platform_admin', 'supervisor');
  const rows = await deps.db.select().from(platformOutages).orderBy(desc(platformOutages.id)).limit(200);
  return rows.map(toView);
}
