/**
 * The opening session (issue 7; domain O1–O3, O8): rules set with the tender, bidders' sign-in by
 * certificate login, the start exactly at the bid deadline (O1) — by the platform timer, with staff
 * taking the chair, or by staff; late (after the start grace) only with its reason (issue 18 §5) — or
 * the failure with too few bids (O2),
 * the decryption window and its end (O3: revoked or withdrawn by the recorded cause), the K draw
 * created at the start as a public commit–reveal draw (O8, issue 14 §2; draws/service.ts), and publication once every bid is terminal (O4).
 *
 * Every mutation writes its audit event in the project's chain and a live event on `opening.<id>` in the
 * same transaction; live events never carry a price before publication.
 */
import { and, asc, count, eq, inArray, isNull, or } from 'drizzle-orm';
import { bidParts, bids, deposits, openingBids, openings, openingSignIns, projects, sections, users, type OpeningRow, type ProjectRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, isAppError, lateReasonFor, openingDrawTimeline, openingTimingAt, sectionOutcomes, termsOf } from '@ebid/domain';
import { openingTopic, type OpeningProjectInput, type OpeningView, type RecordDecryptionFailureInput, type StartOpeningInput } from '@ebid/contracts';
import { arrivalOf, audit, requireActor, requireRole, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import { assertClockTrusted } from '../system/time-source/guard.ts';
import type { Actor } from '../auth/session.ts';
import { requireCertificateSession } from '../auth/certificate-login.ts';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { requestCheckpoint } from '../audit/checkpoints.ts';
import { notify } from '../notifications/notify.ts';
import { openingStartedMessage, projectFailureMessage, projectFailureNoticeText } from '../documents/procedure-notices.ts';
import { applyProjectEvent, flagsOf } from '../projects/index.ts';
import { markDepositsForRefund } from '../tendering/deposits/index.ts';
import { preparePlatformNotice, recordPlatformNotice, type PreparedNotice } from '../tendering/platform-notices.ts';
import { failSections, markSectionsFailedWithProject, prepareSectionFailures, sameSectionOutcome, type SectionPlan } from '../tendering/lifecycle/index.ts';
import { bidDeadlineOf } from '../bids/bidding-window.ts';
import { createDraw } from '../draws/service.ts';
import { OPENING_K_DRAW } from './k-draw-purpose.ts';
import { publishOpeningEvent, publishSignedIn } from './live.ts';
import { loadForViewer } from './participants.ts';
import { openingRulesOf } from './rules.ts';
import { completeCheckpoint } from '../supervision/checkpoints.ts';
import { declareDecryptionCheckpoint } from './opening-schedule.ts';
import { DECRYPT_IN_FLIGHT_MS, isTerminal, loadOpening, noSession, requireHost, OPENING_STORE_PLAINTEXT_JOB, OPENING_WINDOW_END_JOB } from './session-state.ts';
import { buildOpeningView } from './view.ts';

// ----------------------------------------------------------------------------------------- sign-in

/** A bidder signs in to the opening room with a certificate-login session (domain §4.9). */
export async function signInToOpening(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: OpeningProjectInput): Promise<OpeningView> {
  const actor = requireActor(ctx);
  if (actor.role !== 'bidder') throw new AppError('FORBIDDEN', { zh: '只有投标人需要签到', en: 'Only bidders sign in' }, { reason: 'NOT_BIDDER' });
  return deps.db.transaction(async (tx) => {
    // Issue 13 §1: the signing certificate of the session is checked now, not only at login.
    const cert = await requireCertificateSession(tx, deps, actor, { zh: '签到', en: 'Signing in to the opening' });
    const { project: p, kind } = await loadForViewer(tx, actor, input.projectId);
    const [own] = await tx.select({ id: bids.id }).from(bids).where(and(eq(bids.projectId, p.id), eq(bids.bidderOrgId, actor.orgId), eq(bids.status, 'current')));
    if (!own) throw new AppError('FORBIDDEN', { zh: '贵单位在本项目没有有效的投标文件', en: 'Your company has no bid in force in this project' }, { reason: 'NO_BID' });
    const now = deps.clock.now();
    const deadline = bidDeadlineOf(p);
    const opensAt = deadline ? new Date(deadline.getTime() - openingRulesOf(p).signInLeadMinutes * 60_000) : null;
    if (!opensAt || now.getTime() < opensAt.getTime()) {
      throw new AppError('INVALID_STATE', { zh: '签到尚未开始', en: 'Sign-in has not opened yet' }, { reason: 'SIGN_IN_NOT_OPEN', opensAt: opensAt?.toISOString() ?? null });
    }
    const o = await loadOpening(tx, p.id);
    if (o && (o.status !== 'decrypting' || now.getTime() > o.decryptDeadline.getTime())) {
      throw new AppError('INVALID_STATE', { zh: '签到已结束', en: 'Sign-in has closed' }, { reason: 'SIGN_IN_CLOSED' });
    }
    const inserted = await tx
      .insert(openingSignIns)
      .values({ projectId: p.id, bidderOrgId: actor.orgId, userId: actor.userId, certSerial: cert.serialHex, signedInAt: now })
      .onConflictDoNothing()
      .returning();
    if (inserted.length) {
      const [ob] = o ? await tx.select({ ordinal: openingBids.ordinal }).from(openingBids).where(and(eq(openingBids.openingId, o.id), eq(openingBids.bidderOrgId, actor.orgId))) : [];
      await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'opening.sign_in', subject: { type: 'project', id: p.id }, payload: { certSerial: actor.certSerial } });
      await publishSignedIn(tx, deps.clock, p, { at: now.toISOString(), ...(ob ? { label: `投标人${ob.ordinal}` } : {}) });
    }
    return buildOpeningView(tx, deps, actor, p, kind);
  });
}

// ------------------------------------------------------------------------------------------- start

interface StartPlan {
  project: ProjectRow;
  /** Current bids per section code (every section: the record's bid counts), and O2 per section (issue 16 §7). */
  sections: SectionPlan;
}

async function planStart(tx: Tx, deps: Pick<Deps, 'clock'>, projectId: number, lock: boolean): Promise<StartPlan> {
  const q = tx.select().from(projects).where(eq(projects.id, projectId));
  const [p] = lock ? await q.for('update') : await q;
  if (!p) throw new AppError('NOT_FOUND');
  const w = termsOf('zh', p.tradeType, p.method); // issue 18 §1: 开标 / 响应文件开启 …
  if (await loadOpening(tx, p.id)) throw new AppError('INVALID_STATE', { zh: `本项目已${w.opening}，不能重复${w.opening}`, en: 'This project has already been opened' }, { reason: 'ALREADY_OPENED' });
  const deadline = bidDeadlineOf(p);
  if (!deadline) throw new AppError('INVALID_STATE', { zh: `项目未设置${w.bidDeadline}`, en: 'The project has no bid deadline' }, { reason: 'NO_DEADLINE' });
  const now = deps.clock.now();
  // O1: exactly at the deadline, never a moment before (server time, T1).
  if (now.getTime() < deadline.getTime()) {
    throw new AppError(
      'INVALID_STATE',
      { zh: `未到${w.opening}时间（${w.bidDeadline}），不能${w.opening}`, en: 'The opening cannot start before the bid deadline' },
      { reason: 'OPENING_TOO_EARLY', opensAt: deadline.toISOString(), serverTime: now.toISOString() },
    );
  }
  if (p.status === 'SUSPENDED') throw new AppError('INVALID_STATE', { zh: `项目已暂停，不能${w.opening}`, en: 'The project is suspended' }, { reason: 'SUSPENDED' });
  if (p.status !== 'BIDDING') throw new AppError('INVALID_STATE', { zh: `项目当前不在${w.bid}递交阶段，不能${w.opening}`, en: 'The project is not in bidding' }, { reason: 'NOT_BIDDING', status: p.status });
  const submission = flagsOf(p).submission;
  if (submission !== 'sealed_bids' && submission !== 'negotiation') {
    throw new AppError('INVALID_STATE', { zh: '该交易方式没有开标环节', en: 'This procedure has no bid opening' }, { reason: 'NO_OPENING', submission });
  }
  const secs = await tx.select().from(sections).where(eq(sections.projectId, p.id)).orderBy(asc(sections.code));
  const rows = await tx
    .select({ sectionId: bids.sectionId, n: count() })
    .from(bids)
    .where(and(eq(bids.projectId, p.id), eq(bids.status, 'current')))
    .groupBy(bids.sectionId);
  const bySection = new Map(rows.map((r) => [r.sectionId, Number(r.n)]));
  const counts = Object.fromEntries(secs.map((s) => [s.code, bySection.get(s.id) ?? 0]));
  const alreadyFailed = secs.filter((s) => s.status === 'failed').map((s) => s.code);
  return { project: p, sections: { secs, counts, outcome: sectionOutcomes(counts, flagsOf(p).minBidders, alreadyFailed) } };
}

/** Who opens the session: the platform timer at the deadline, or staff by hand (then hosting it). */
export type Opener = { by: 'timer' } | { by: 'staff'; actor: Actor; lateReason: string | null | undefined };

/** The start's timing against the deadline and its grace (issue 18 §5): the reason a late start needs, or why the timer may not. */
function startTiming(p: ProjectRow, now: Date, opener: Opener): { late: boolean; lateReason: string | null } {
  const deadline = bidDeadlineOf(p);
  if (!deadline) return { late: false, lateReason: null }; // planStart refuses it
  const timing = openingTimingAt({ bidDeadline: deadline, graceMinutes: openingRulesOf(p).startGraceMinutes }, now);
  if (opener.by === 'timer') {
    // A timer that runs after the grace (the platform was down) opens nothing: staff start it with the reason.
    if (timing === 'late') throw new AppError('INVALID_STATE', { zh: '已超过开标宽限时间，定时开标不再执行', en: 'Past the opening grace: the timer does not open it' }, { reason: 'TIMER_TOO_LATE' });
    return { late: false, lateReason: null };
  }
  const lateReason = lateReasonFor(timing, opener.lateReason);
  return { late: lateReason !== null, lateReason };
}

/**
 * The opening at the bid deadline (O1), by the platform timer or by staff. A section with fewer than the
 * minimum bids (O2) fails alone (issue 16 §7): its own 流标公告, its securities due for refund, its
 * companies told; its bids are not opened. When every section has failed the project FAILS with one
 * 流标公告; otherwise the project is OPENING, one line per current bid of the proceeding sections, the
 * K draw created and the decryption window (default 30 min) starts. Staff who open it host it; a session
 * the timer opened waits for its host (`hostOpening`). Returns the project as it now is.
 */
export async function openSession(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'pki' | 'storage' | 'secrets' | 'timeSource'>, ctx: RequestContext, projectId: number, opener: Opener): Promise<ProjectRow> {
  assertClockTrusted(deps); // T3: not on a clock off NTP beyond the limit (issue 20 §5); nothing changes
  const predicted = await deps.db.transaction((tx) => planStart(tx, deps, projectId, false));
  startTiming(predicted.project, deps.clock.now(), opener); // a late start without its reason changes nothing
  const minBidders = flagsOf(predicted.project).minBidders;
  const prepared: PreparedNotice | null = predicted.sections.outcome.projectFails
    ? await preparePlatformNotice(deps, { projectId: predicted.project.id, kind: 'failure', ...projectFailureNoticeText(predicted.project, 'too_few_bids', predicted.sections.outcome.projectCount, minBidders) })
    : null;
  const sectionFailures = await prepareSectionFailures(deps, predicted.project, predicted.sections, 'too_few_bids', minBidders);
  return deps.db.transaction(async (tx) => {
    const plan = await planStart(tx, deps, projectId, true);
    if (!sameSectionOutcome(plan.sections.outcome, predicted.sections.outcome)) throw new AppError('CONFLICT', { zh: '投标情况已变化，请重试', en: 'The bids changed meanwhile; retry' });
    const p = plan.project;
    const now = deps.clock.now();
    const rules = openingRulesOf(p);
    const { late, lateReason } = startTiming(p, now, opener);
    // Staff who open it host it from now; the timer's session waits for its host.
    const session = {
      openedBy: opener.by,
      hostUserId: opener.by === 'staff' ? opener.actor.userId : null,
      hostedAt: opener.by === 'staff' ? now : null,
      late,
      lateReason,
    };
    const opened = { openedBy: opener.by, late, lateReason };
    const updated = await applyProjectEvent(tx, deps, ctx, p, { type: 'deadline_reached', bidCount: plan.sections.outcome.projectCount });
    if (updated.status === 'FAILED') {
      if (!prepared) throw new AppError('CONFLICT');
      await tx.insert(openings).values({
        projectId: p.id,
        status: 'failed',
        ...session,
        openedAt: now,
        decryptWindowMinutes: rules.decryptWindowMinutes,
        decryptDeadline: now,
        bidCounts: plan.sections.counts,
      });
      await completeCheckpoint(tx, deps, { projectId: p.id, kind: 'opening.start', subjectKey: 'project', act: 'opening.fail', at: now }); // O2: nothing to host (issue 20 §1)
      const notice = await recordPlatformNotice(tx, deps, ctx, prepared);
      await markSectionsFailedWithProject(tx, deps, plan.sections, 'too_few_bids', notice.id);
      await markDepositsForRefund(tx, deps, ctx, { projectId: p.id, trigger: 'failure' });
      const owners = await tx
        .select({ id: users.id })
        .from(users)
        .where(or(eq(users.orgId, p.tendereeOrgId), p.agentOrgId !== null ? eq(users.orgId, p.agentOrgId) : isNull(users.id)));
      await notify(tx, deps, {
        userIds: owners.map((u) => u.id),
        kind: 'opening.failed',
        ...projectFailureMessage(p, 'too_few_bids', minBidders),
        link: `/workspace/projects/${p.id}`,
      });
      await requestCheckpoint(tx, deps, { reason: 'opening.start', projectId: p.id }); // issue 13 §6: the bids at the deadline
      await audit(tx, deps, ctx, {
        chain: projectChain(p.id),
        action: 'opening.fail',
        subject: { type: 'project', id: p.id },
        payload: { reason: 'too_few_bids', bidCounts: plan.sections.counts, minBidders, failureNoticeId: notice.id, ...opened },
        objectHashes: [prepared.pdfSha256],
      });
      await publishOpeningEvent(tx, deps.clock, p.id, 'failed', { bidCounts: plan.sections.counts });
      return updated;
    }
    await failSections(tx, deps, ctx, p, sectionFailures, 'too_few_bids', minBidders);
    // Only the bids of the sections going on are opened; a failed section's bids stay sealed.
    const proceeding = plan.sections.secs.filter((s) => plan.sections.outcome.proceeding.includes(s.code)).map((s) => s.id);
    const failedNow = sectionFailures.map((f) => f.section.code);
    const deadline = new Date(now.getTime() + rules.decryptWindowMinutes * 60_000);
    const [o] = await tx
      .insert(openings)
      .values({
        projectId: p.id,
        status: 'decrypting',
        ...session,
        openedAt: now,
        decryptWindowMinutes: rules.decryptWindowMinutes,
        decryptDeadline: deadline,
        bidCounts: plan.sections.counts,
        floatPointsBp: rules.floatPointsBp,
      })
      .returning();
    if (!o) throw new AppError('INTERNAL');
    // O8 / issue 14 §2: the K draw is a public commit–reveal draw created now, its commit close and reveal
    // close fixed and announced at once (inside the decryption window), run by itself at the reveal close.
    const kDraw = rules.floatPointsBp
      ? await createDraw(tx, deps, ctx, {
          purpose: OPENING_K_DRAW,
          subject: { type: 'opening', id: o.id },
          chain: projectChain(p.id),
          topic: openingTopic(p.id),
          options: rules.floatPointsBp,
          ...openingDrawTimeline(now, rules.decryptWindowMinutes),
        })
      : null;
    const kAnnounced = kDraw
      ? { drawId: kDraw.id, commitCloseAt: kDraw.commitCloseAt.toISOString(), revealCloseAt: kDraw.revealCloseAt.toISOString(), platformCommitment: kDraw.platformCommitment }
      : null;
    const current = await tx
      .select()
      .from(bids)
      .where(and(eq(bids.projectId, p.id), eq(bids.status, 'current'), inArray(bids.sectionId, proceeding)))
      .orderBy(asc(bids.receivedAt), asc(bids.id));
    const deps0 = current.length
      ? await tx.select().from(deposits).where(inArray(deposits.registrationId, current.map((b) => b.registrationId)))
      : [];
    // A waived security (issue 16 §5) shows as 'waived' in the opening, not as a missing deposit.
    const depositOf = new Map(deps0.map((d) => [d.registrationId, d.status]));
    let ordinal = 0;
    for (const b of current) {
      ordinal += 1;
      await tx.insert(openingBids).values({ openingId: o.id, bidId: b.id, bidderOrgId: b.bidderOrgId, sectionId: b.sectionId, ordinal, depositStatus: p.securityWaived ? 'waived' : (depositOf.get(b.registrationId) ?? null) });
    }
    await enqueueJob(tx, deps.clock, { kind: OPENING_WINDOW_END_JOB, payload: { projectId: p.id }, runAt: deadline, dedupeKey: `opening.window_end:${p.id}:${deadline.toISOString()}` });
    // Issue 20 §1: the start is done when staff open and host it; the window must be closed (results
    // published) by its end plus the in-flight margin.
    if (session.hostedAt) await completeCheckpoint(tx, deps, { projectId: p.id, kind: 'opening.start', subjectKey: 'project', act: 'opening.start', at: now });
    await declareDecryptionCheckpoint(tx, deps, p.id, deadline);
    const bidderUsers = current.length ? await tx.select({ id: users.id }).from(users).where(inArray(users.orgId, [...new Set(current.map((b) => b.bidderOrgId))])) : [];
    await notify(tx, deps, {
      userIds: bidderUsers.map((u) => u.id),
      kind: 'opening.started',
      ...openingStartedMessage(p, rules.decryptWindowMinutes),
      link: `/workspace/projects/${p.id}?tab=opening`,
    });
    await requestCheckpoint(tx, deps, { reason: 'opening.start', projectId: p.id }); // issue 13 §6: the bids at the deadline
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'opening.start',
      subject: { type: 'opening', id: o.id },
      payload: { bidCounts: plan.sections.counts, failedSections: failedNow, bids: current.map((b) => b.id), decryptDeadline: deadline.toISOString(), floatPointsBp: rules.floatPointsBp, kDraw: kAnnounced, ...opened },
    });
    await publishOpeningEvent(tx, deps.clock, p.id, 'started', { openedAt: now.toISOString(), decryptDeadline: deadline.toISOString(), bids: current.length, failedSections: failedNow, kDraw: kAnnounced, openedBy: opener.by, hosted: session.hostUserId !== null });
    return updated;
  });
}

/**
 * A staff member takes the chair of a session the timer opened (issue 18 §5). After the start grace it
 * is a late opening (迟延开标) and needs its reason. A session already hosted, or one that did not open
 * (O2: it failed), has nothing to take over.
 */
async function hostOpeningTx(tx: Tx, deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, actor: Actor, p: ProjectRow, o: OpeningRow, reason: string | null | undefined): Promise<void> {
  if (o.hostUserId !== null || o.status === 'failed' || o.status === 'closed') {
    throw new AppError('INVALID_STATE', { zh: '本项目已开标，不能重复开标', en: 'This project has already been opened' }, { reason: 'ALREADY_OPENED' });
  }
  const now = deps.clock.now();
  const { late, lateReason } = startTiming(p, now, { by: 'staff', actor, lateReason: reason });
  const [u] = await tx
    .update(openings)
    .set({ hostUserId: actor.userId, hostedAt: now, late, lateReason })
    .where(and(eq(openings.id, o.id), isNull(openings.hostUserId)))
    .returning({ id: openings.id });
  if (!u) throw new AppError('CONFLICT', { zh: '已有主持人就位，请刷新', en: 'Someone took the chair meanwhile; refresh' });
  await completeCheckpoint(tx, deps, { projectId: p.id, kind: 'opening.start', subjectKey: 'project', act: 'opening.host', at: now }); // issue 20 §1
  await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'opening.host', subject: { type: 'opening', id: o.id }, payload: { hostUserId: actor.userId, hostedAt: now.toISOString(), late, lateReason } });
  await publishOpeningEvent(tx, deps.clock, p.id, 'hosted', { at: now.toISOString(), late });
}

/**
 * Staff start the opening at the bid deadline (O1, O2) and host it — or, when the platform timer has
 * opened it already, take the chair (issue 18 §5). Late (after the start grace): `lateReason` required.
 */
export async function startOpening(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'pki' | 'storage' | 'secrets' | 'timeSource'>, ctx: RequestContext, input: StartOpeningInput): Promise<OpeningView> {
  const actor = requireRole(ctx, 'staff');
  const host = () =>
    deps.db.transaction(async (tx) => {
      const { project } = await loadForViewer(tx, actor, input.projectId);
      const o = await loadOpening(tx, project.id, true);
      if (!o) return null;
      await hostOpeningTx(tx, deps, ctx, actor, project, o, input.lateReason);
      return buildOpeningView(tx, deps, actor, project, 'center');
    });
  const hosted = await host();
  if (hosted) return hosted;
  try {
    const p = await openSession(deps, ctx, input.projectId, { by: 'staff', actor, lateReason: input.lateReason });
    return await buildOpeningView(deps.db, deps, actor, p, 'center');
  } catch (e) {
    // The timer opened it between our look and our start: take the chair instead.
    if (isAppError(e) && e.details?.reason === 'ALREADY_OPENED') {
      const v = await host();
      if (v) return v;
    }
    throw e;
  }
}

// ------------------------------------------------------------------------ window end and publication

/** Publish the results once every bid is decrypted or terminal (O4). Returns true if it published. */
export async function publishIfComplete(tx: Tx, deps: Pick<Deps, 'clock'>, ctx: RequestContext, o: OpeningRow): Promise<boolean> {
  if (o.status !== 'decrypting') return false;
  const lines = await tx.select().from(openingBids).where(eq(openingBids.openingId, o.id));
  if (!lines.every((l) => isTerminal(l.decryptStatus))) return false;
  const now = deps.clock.now();
  const [u] = await tx.update(openings).set({ status: 'published', publishedAt: now }).where(and(eq(openings.id, o.id), eq(openings.status, 'decrypting'))).returning();
  if (!u) return false;
  await completeCheckpoint(tx, deps, { projectId: o.projectId, kind: 'opening.decryption', subjectKey: 'project', act: 'opening.publish', at: now }); // issue 20 §1
  // Issue 14 §1: the plaintext hashes and sizes enter the record here, with the prices, not before.
  const decrypted = lines.filter((l) => l.decryptStatus === 'decrypted').map((l) => l.bidId);
  const parts = decrypted.length
    ? await tx.select({ bidId: bidParts.bidId, part: bidParts.part, plaintextSha256: bidParts.plaintextSha256, plaintextSize: bidParts.plaintextSize }).from(bidParts).where(inArray(bidParts.bidId, decrypted))
    : [];
  const results = lines
    .sort((a, b) => a.ordinal - b.ordinal)
    .map((l) => ({
      openingBidId: l.id,
      bidId: l.bidId,
      decryptStatus: l.decryptStatus,
      summary: l.summary,
      parts: parts.filter((x) => x.bidId === l.bidId).map((x) => ({ part: x.part, plaintextSha256: x.plaintextSha256, plaintextSize: x.plaintextSize })),
    }));
  await requestCheckpoint(tx, deps, { reason: 'opening.publish', projectId: o.projectId }); // issue 13 §6
  await audit(tx, deps, ctx, { chain: projectChain(o.projectId), action: 'opening.publish', subject: { type: 'opening', id: o.id }, payload: { results } });
  // Only now may the plaintexts be stored by hash (their object names are plaintext hashes).
  for (const bidId of decrypted) {
    await enqueueJob(tx, deps.clock, { kind: OPENING_STORE_PLAINTEXT_JOB, payload: { bidId }, dedupeKey: `${OPENING_STORE_PLAINTEXT_JOB}:${bidId}` });
  }
  await publishOpeningEvent(tx, deps.clock, o.projectId, 'published', { at: now.toISOString() });
  return true;
}

/**
 * Pending bids become terminal (O3). A decryption in flight (its key arrived inside the window, T1) is
 * waited for: returns false and leaves those lines pending; the caller retries a little later.
 */
async function finishWindowTx(tx: Tx, deps: Pick<Deps, 'clock'>, ctx: RequestContext, o: OpeningRow): Promise<boolean> {
  const pending = await tx.select().from(openingBids).where(and(eq(openingBids.openingId, o.id), eq(openingBids.decryptStatus, 'pending'))).for('update');
  const now = deps.clock.now().getTime();
  const inFlight = (l: (typeof pending)[number]) => l.decryptStartedAt !== null && now - l.decryptStartedAt.getTime() < DECRYPT_IN_FLIGHT_MS;
  for (const l of pending) {
    if (inFlight(l)) continue;
    // O3: the bidder's fault unless staff recorded a platform or third-party cause within the window.
    const external = l.failureCause === 'platform' || l.failureCause === 'third_party';
    const status = external ? 'withdrawn_external' : 'revoked';
    await tx.update(openingBids).set({ decryptStatus: status, failureCause: l.failureCause ?? 'bidder' }).where(eq(openingBids.id, l.id));
    await audit(tx, deps, ctx, {
      chain: projectChain(o.projectId),
      action: 'opening.decrypt_expired',
      subject: { type: 'bid', id: l.bidId },
      payload: { openingBidId: l.id, status, cause: l.failureCause ?? 'bidder' },
    });
    await publishOpeningEvent(tx, deps.clock, o.projectId, 'bid_terminal', { label: `投标人${l.ordinal}`, status });
    // B10: a bid withdrawn through no fault of the bidder gets its security back (5 d / 5 wd); a revoked
    // bid's security stays for staff to refund or forfeit (ZTBT §35).
    if (external) {
      const [bid] = await tx.select({ registrationId: bids.registrationId }).from(bids).where(eq(bids.id, l.bidId));
      if (bid) await markDepositsForRefund(tx, deps, ctx, { projectId: o.projectId, trigger: 'withdrawal', registrationIds: [bid.registrationId] });
    }
  }
  if (pending.some(inFlight)) return false;
  await publishIfComplete(tx, deps, ctx, o);
  return true;
}

function windowNotOver(o: OpeningRow): AppError {
  return new AppError('INVALID_STATE', { zh: '解密时限尚未结束', en: 'The decryption window has not ended' }, { reason: 'WINDOW_NOT_OVER', decryptDeadline: o.decryptDeadline.toISOString() });
}

/** Staff end the window once its time is over (the `opening.window_end` job does the same on time). */
export async function endDecryptionWindow(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: OpeningProjectInput): Promise<OpeningView> {
  const actor = requireRole(ctx, 'staff');
  return deps.db.transaction(async (tx) => {
    const { project } = await loadForViewer(tx, actor, input.projectId);
    const o = await loadOpening(tx, project.id, true);
    if (!o) throw noSession();
    requireHost(o);
    if (o.status !== 'decrypting') throw new AppError('INVALID_STATE', { zh: '解密阶段已结束', en: 'Decryption is already over' }, { reason: 'NOT_DECRYPTING', status: o.status });
    if (deps.clock.now().getTime() <= o.decryptDeadline.getTime()) throw windowNotOver(o);
    if (!(await finishWindowTx(tx, deps, ctx, o))) {
      throw new AppError('CONFLICT', { zh: '仍有投标文件正在解密，请稍后再试', en: 'A decryption is still in progress; try again shortly' }, { reason: 'DECRYPTION_IN_PROGRESS' });
    }
    return buildOpeningView(tx, deps, actor, project, 'center');
  });
}

/** The `opening.window_end` job. */
export async function runOpeningWindowEnd(deps: Pick<Deps, 'db' | 'clock'>, payload: { projectId: number }): Promise<{ outcome: 'applied' | 'rescheduled' | 'noop' }> {
  return deps.db.transaction(async (tx) => {
    const o = await loadOpening(tx, payload.projectId, true);
    if (!o || o.status !== 'decrypting') return { outcome: 'noop' as const };
    const now = deps.clock.now();
    if (now.getTime() <= o.decryptDeadline.getTime()) {
      const runAt = new Date(o.decryptDeadline.getTime() + 1000);
      await enqueueJob(tx, deps.clock, { kind: OPENING_WINDOW_END_JOB, payload: { projectId: o.projectId }, runAt, dedupeKey: `opening.window_end:${o.projectId}:${runAt.toISOString()}` });
      return { outcome: 'rescheduled' as const };
    }
    if (!(await finishWindowTx(tx, deps, SYSTEM_CONTEXT, o))) {
      const runAt = new Date(now.getTime() + 30_000);
      await enqueueJob(tx, deps.clock, { kind: OPENING_WINDOW_END_JOB, payload: { projectId: o.projectId }, runAt, dedupeKey: `opening.window_end:${o.projectId}:${runAt.toISOString()}` });
      return { outcome: 'rescheduled' as const };
    }
    return { outcome: 'applied' as const };
  });
}

/** Staff record, inside the window, that a bid cannot be decrypted for a platform or third-party reason (O3). */
export async function recordDecryptionFailure(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: RecordDecryptionFailureInput,
): Promise<OpeningView> {
  const actor = requireRole(ctx, 'staff');
  const note = (input.note ?? '').trim();
  if (input.cause !== 'platform' && input.cause !== 'third_party') throw new AppError('VALIDATION', undefined, { field: 'cause' });
  if (note.length < 2 || note.length > 500) throw new AppError('VALIDATION', { zh: '请写明原因（2至500字）', en: 'State the reason (2 to 500 characters)' }, { field: 'note' });
  return deps.db.transaction(async (tx) => {
    const { project } = await loadForViewer(tx, actor, input.projectId);
    const o = await loadOpening(tx, project.id, true);
    if (!o) throw noSession();
    requireHost(o);
    if (o.status !== 'decrypting' || arrivalOf(ctx, deps).getTime() > o.decryptDeadline.getTime()) {
      throw new AppError('INVALID_STATE', { zh: '解密时限已结束', en: 'The decryption window is over' }, { reason: 'DECRYPTION_WINDOW_CLOSED' });
    }
    const [l] = await tx.select().from(openingBids).where(and(eq(openingBids.id, input.openingBidId), eq(openingBids.openingId, o.id))).for('update');
    if (!l) throw new AppError('NOT_FOUND', undefined, { field: 'openingBidId' });
    if (l.decryptStatus !== 'pending') throw new AppError('INVALID_STATE', { zh: '该投标文件已解密', en: 'This bid is no longer pending' }, { reason: 'NOT_PENDING' });
    await tx.update(openingBids).set({ failureCause: input.cause, failureNote: note }).where(eq(openingBids.id, l.id));
    await audit(tx, deps, ctx, { chain: projectChain(project.id), action: 'opening.failure_cause', subject: { type: 'bid', id: l.bidId }, payload: { openingBidId: l.id, cause: input.cause, note } });
    await publishOpeningEvent(tx, deps.clock, project.id, 'failure_recorded', { label: `投标人${l.ordinal}` });
    return buildOpeningView(tx, deps, actor, project, 'center');
  });
}
