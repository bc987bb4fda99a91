/**
 * Requesting a committee draw (issue 21 §3, §4; domain E1, E2, E3, O7). Center staff, after the section's
 * bid deadline only (server time at arrival, T1: before it nobody may learn the bidders, whom the
 * avoidance needs). In ONE transaction:
 *   1. the composition is checked (E1) and the members requested per specialty must fill the experts' seats;
 *   2. the eligible list of each specialty is frozen (P's eligibility, E3, plus O7: no opening participant)
 *      into committee_candidates, in published (pseudonym) order, the excluded with their reasons;
 *   3. the public draw is created with the frozen list as its options (the platform share's commitment),
 *      and the list's SHA-256 (`eligibleSha256`) stored — both commitments published together, before any
 *      witness entropy can be given (the commit window opens with the draw);
 *   4. audited, announced on the committee's live topic, the witnesses (the project's supervisors) told.
 * After this the list cannot change: an availability or sanction edit of a frozen expert is refused
 * (services/experts `assertNotFrozen`), and the draw reads only the frozen rows.
 */
import { and, eq, ne } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import { committeeCandidates, committees, committeeSessions, committeeSpecialties, projects, sections } from '@ebid/db';
import {
  AppError,
  assertEnoughEligible,
  beijingDateTimeZh,
  formatBeijingDateTime,
  checkComposition,
  findUnsafeText,
  isSpecialtyCode,
  normalizeEligibleList,
  unsafeTextError,
  type EligibleList,
} from '@ebid/domain';
import type { CommitteeRequestInput, CommitteeView } from '@ebid/contracts';
import { arrivalOf, audit, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { createDraw } from '../draws/service.ts';
import { bidDeadlineOf } from '../bids/bidding-window.ts';
import { eligibleExperts } from '../experts/eligibility.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { notify } from '../notifications/notify.ts';
import { supervisorUserIdsFor } from '../supervision/scope.ts';
import { committeeTopic } from './access.ts';
import { openingParticipantIds } from './candidates.ts';
import { COMMITTEE_DRAW } from './draw-purpose.ts';
import { eligibleListSha256 } from './hashes.ts';
import { buildCommitteeView } from './view.ts';

export const DEFAULT_COMMIT_MINUTES = 10;
export const DEFAULT_REVEAL_MINUTES = 5;
/** The O7 exclusion reason, next to P's avoidance reasons (E3). */
export const OPENING_PARTICIPANT_REASON = 'opening_participant';

function bad(reason: string, zh: string, en: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', { zh, en }, { reason, ...extra });
}

function checkInput(input: CommitteeRequestInput, arrival: Date): Date {
  const sessionAt = new Date(input.sessionAt);
  if (Number.isNaN(sessionAt.getTime())) throw bad('SESSION_AT_INVALID', '评标时间无效', 'The session time is not valid', { field: 'sessionAt' });
  if (sessionAt.getTime() <= arrival.getTime()) throw bad('SESSION_AT_PAST', '评标时间应晚于当前时间', 'The session must be in the future', { field: 'sessionAt' });
  const hit = findUnsafeText(input.sessionPlace);
  if (hit) throw unsafeTextError(hit, 'sessionPlace');
  const seen = new Set<string>();
  for (const s of input.specialties) {
    if (!isSpecialtyCode(s.specialty)) throw bad('SPECIALTY', `未知的评标专业：${s.specialty}`, `Unknown evaluation specialty: ${s.specialty}`, { field: 'specialties' });
    if (seen.has(s.specialty)) throw bad('COMMITTEE_SPECIALTY_DUPLICATE', '专业重复', 'A specialty is listed twice', { specialty: s.specialty });
    seen.add(s.specialty);
  }
  return sessionAt;
}

/** Center staff request a committee for a section: composition checked, list frozen, draw created (all or nothing). */
export async function requestCommittee(deps: Pick<Deps, 'db' | 'clock' | 'secrets' | 'config'>, ctx: RequestContext, input: CommitteeRequestInput): Promise<CommitteeView> {
  const actor = requireRole(ctx, 'staff');
  const arrival = arrivalOf(ctx, deps);
  const sessionAt = checkInput(input, arrival);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select({ s: sections, p: projects }).from(sections).innerJoin(projects, eq(projects.id, sections.projectId)).where(eq(sections.id, input.sectionId));
    if (!row) throw new AppError('NOT_FOUND', { zh: '标段不存在', en: 'No such section' }, { field: 'sectionId' });
    const { s, p } = row;
    const deadline = bidDeadlineOf(p);
    if (!deadline || arrival.getTime() <= deadline.getTime()) {
      throw new AppError(
        'INVALID_STATE',
        { zh: '投标截止前不能抽取评标专家（回避审查需要已知的投标人）', en: 'Experts are drawn only after the bid deadline (the avoidance check needs the bidders)' },
        { reason: 'COMMITTEE_BEFORE_DEADLINE', ...(deadline ? { bidDeadline: deadline.toISOString() } : {}) },
      );
    }
    if (s.status === 'failed') throw new AppError('INVALID_STATE', { zh: '该标段已流标', en: 'The section has failed' }, { reason: 'SECTION_FAILED' });
    const rule = checkComposition({ tradeType: p.tradeType, method: p.method, budgetFen: p.budgetFen, complex: input.complex, size: input.size, ownerReps: input.ownerReps });
    const requested = input.specialties.reduce((n, x) => n + x.members, 0);
    if (requested !== rule.experts) {
      throw bad('COMMITTEE_MEMBERS_MISMATCH', `各专业抽取人数之和应为${rule.experts}（委员会人数减去业主代表）`, `The members requested must add up to ${rule.experts} (the size less the owner's representatives)`, {
        requested,
        experts: rule.experts,
        rule: 'E1',
      });
    }
    const [active] = await tx.select({ id: committees.id }).from(committees).where(and(eq(committees.sectionId, s.id), ne(committees.status, 'cancelled')));
    if (active) throw new AppError('CONFLICT', { zh: '该标段已有评标委员会', en: 'The section already has a committee' }, { reason: 'COMMITTEE_EXISTS', committeeId: active.id });

    const [c] = await tx
      .insert(committees)
      .values({ projectId: p.id, sectionId: s.id, status: 'requested', ownerReps: input.ownerReps, size: input.size, respondMinutes: input.respondMinutes, createdBy: actor.userId })
      .returning();
    if (!c) throw new AppError('INTERNAL');
    await tx.insert(committeeSessions).values({ committeeId: c.id, complex: input.complex, sessionAt, sessionPlace: input.sessionPlace });
    await tx.insert(committeeSpecialties).values(input.specialties.map((x) => ({ committeeId: c.id, specialty: x.specialty, members: x.members, backups: x.backups })));

    // Freeze the eligible list of each specialty (E3 avoidance by P's eligibility; O7 opening participants).
    const o7 = await openingParticipantIds(tx, p.id);
    const list: EligibleList = { committeeId: c.id, specialties: [] };
    const excludedCount: Record<string, number> = {};
    const specs: EligibleList['specialties'][number][] = [];
    for (const x of input.specialties) {
      const r = await eligibleExperts(tx, { projectId: p.id, sectionId: s.id, specialty: x.specialty, at: arrival });
      const eligible = r.eligible.filter((e) => !o7.has(e.userId));
      const excluded = [...r.excluded.map((e) => ({ ...e, reasons: [...e.reasons, ...(o7.has(e.userId) ? [OPENING_PARTICIPANT_REASON] : [])] })), ...r.eligible.filter((e) => o7.has(e.userId)).map((e) => ({ ...e, reasons: [OPENING_PARTICIPANT_REASON] }))];
      specs.push({ specialty: x.specialty, members: x.members, backups: x.backups, eligible: eligible.map((e) => e.pseudonym) });
      excludedCount[x.specialty] = excluded.length;
      const rows = [
        ...eligible.map((e, i) => ({ committeeId: c.id, specialty: x.specialty, position: i, expertUserId: e.userId, pseudonym: e.pseudonym, excludedReason: null })),
        ...excluded.map((e) => ({ committeeId: c.id, specialty: x.specialty, position: null, expertUserId: e.userId, pseudonym: e.pseudonym, excludedReason: e.reasons.join(',') })),
      ];
      if (rows.length) await tx.insert(committeeCandidates).values(rows);
    }
    list.specialties = specs;
    assertEnoughEligible(list);
    const normalized = normalizeEligibleList(list);
    const eligibleSha256 = eligibleListSha256(normalized);
    const options = normalized.specialties.flatMap((x) => x.eligible.map((ps) => `${x.specialty}:${ps}`));
    const commitCloseAt = new Date(arrival.getTime() + (input.commitMinutes ?? DEFAULT_COMMIT_MINUTES) * 60_000);
    const revealCloseAt = new Date(commitCloseAt.getTime() + (input.revealMinutes ?? DEFAULT_REVEAL_MINUTES) * 60_000);
    const d = await createDraw(tx, deps, ctx, {
      purpose: COMMITTEE_DRAW,
      subject: { type: 'committee', id: c.id },
      chain: projectChain(p.id),
      topic: committeeTopic(c.id),
      options,
      commitCloseAt,
      revealCloseAt,
    });
    await tx.update(committees).set({ status: 'committed', drawId: d.id, eligibleSha256 }).where(eq(committees.id, c.id));
    const announced = { committeeId: c.id, drawId: d.id, eligibleSha256, platformCommitment: d.platformCommitment, commitCloseAt: commitCloseAt.toISOString(), revealCloseAt: revealCloseAt.toISOString() };
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'committee.request',
      subject: { type: 'committee', id: c.id },
      payload: {
        ...announced,
        projectId: p.id,
        sectionId: s.id,
        size: input.size,
        ownerReps: input.ownerReps,
        complex: input.complex,
        respondMinutes: input.respondMinutes,
        specialties: normalized.specialties, // pseudonyms only
        excludedCount,
      },
    });
    await publishLiveEvent(tx, { topic: committeeTopic(c.id), type: 'committee_committed', data: announced, at: deps.clock.now() });
    const witnesses = await supervisorUserIdsFor(tx, p);
    await notify(tx, deps, {
      userIds: witnesses,
      kind: 'committee.witness',
      title: { zh: '评标专家抽取：请见证', en: 'Committee draw: please witness' },
      body: {
        zh: `${p.name}（标段${s.code}）的评标专家抽取已发布承诺，请于${beijingDateTimeZh(commitCloseAt)}前提交随机数承诺。`,
        en: `The committee draw of ${p.name} (section ${s.code}) has published its commitments; commit your random value before ${formatBeijingDateTime(commitCloseAt)} Beijing time.`,
      },
      link: `/workspace/supervisor/expert-draws?committee=${c.id}`,
    });
    return buildCommitteeView(tx, 'center', c.id);
  });
}

