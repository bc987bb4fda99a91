/**
 * When the committee draw has run (issue 21 §3, §6; E2, E4): the committee is computed from the draw's
 * digest and the frozen list with the pure selection (the same function every re-run uses), the seats
 * stored (members invited, backups on standby in drawn order), the committee `drawn`, and the members
 * invited: an in-app notification, an e-mail and an SMS through the outbox, carrying the session's time
 * and place and the answer's due time only — never the project or its bidders (E4). A member who
 * declines or does not answer in time is replaced by the next backup of its specialty, in order (respond.ts).
 *
 * Avoidance is checked again at each invitation (E3; issue 21 §2): the list was frozen at the commitment,
 * but a tie may have been declared, a sanction imposed or unavailability set since. Such a seat is not
 * invited: it is recorded as avoided with its reasons (audited with the pseudonymous seat only) and the
 * next backup of the specialty is brought in, checked the same way.
 */
import { and, asc, eq } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import { committeeMembers, committees, committeeSessions, expertProfiles, outbox, type CommitteeMemberRow, type CommitteeRow, type DrawRow, type Tx } from '@ebid/db';
import { AppError, AVOIDANCE_REASON_WORDS, beijingDateTimeZh, formatBeijingDateTime, type AvoidanceReason } from '@ebid/domain';
import { audit, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { expertAvoidance } from '../experts/eligibility.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { notify } from '../notifications/notify.ts';
import { committeeTopic } from './access.ts';
import { frozenList } from './candidates.ts';
import { computeSelection, eligibleListSha256 } from './hashes.ts';

export const COMMITTEE_RESPOND_TIMEOUT_JOB = 'committee.respond_timeout';

/** The `draw.run` job's consequence for a committee draw, in the result's transaction (draw-purpose.ts). */
export async function applyCommitteeDraw(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, d: DrawRow): Promise<void> {
  const [c] = await tx.select().from(committees).where(eq(committees.drawId, d.id)).for('update');
  if (!c || c.status !== 'committed') return;
  if (!d.digestHex || !c.eligibleSha256) throw new AppError('INTERNAL', undefined, { reason: 'COMMITTEE_DRAW_INCOMPLETE', committeeId: c.id });
  const { list, userOf } = await frozenList(tx, c.id);
  if (eligibleListSha256(list) !== c.eligibleSha256) {
    throw new AppError('INTEGRITY_FAILED', { zh: '冻结的专家名单与公布的摘要不符', en: 'The frozen eligible list does not match its published hash' }, { reason: 'COMMITTEE_LIST_CHANGED', committeeId: c.id });
  }
  const selection = await computeSelection(list, c.eligibleSha256, d.digestHex);
  const now = deps.clock.now();
  const respondBy = new Date(now.getTime() + c.respondMinutes * 60_000);
  const userId = (pseudonym: string): number => {
    const id = userOf.get(pseudonym);
    if (id === undefined) throw new AppError('INTERNAL', undefined, { reason: 'COMMITTEE_PSEUDONYM_UNKNOWN' });
    return id;
  };
  const invited: CommitteeMemberRow[] = [];
  for (const s of selection) {
    const rows = [
      ...s.members.map((p, i) => ({ committeeId: c.id, expertUserId: userId(p), specialty: s.specialty, kind: 'member' as const, rank: i, status: 'invited' as const, invitedAt: now, respondBy })),
      ...s.backups.map((p, j) => ({ committeeId: c.id, expertUserId: userId(p), specialty: s.specialty, kind: 'backup' as const, rank: s.members.length + j, status: 'standby' as const })),
    ];
    const inserted = await tx.insert(committeeMembers).values(rows).returning();
    invited.push(...inserted.filter((r) => r.status === 'invited'));
  }
  await tx.update(committees).set({ status: 'drawn' }).where(eq(committees.id, c.id));
  const payload = { committeeId: c.id, drawId: d.id, eligibleSha256: c.eligibleSha256, digestHex: d.digestHex, selection }; // pseudonyms only
  await audit(tx, deps, SYSTEM_CONTEXT, { chain: projectChain(c.projectId), action: 'committee.drawn', subject: { type: 'committee', id: c.id }, payload });
  await publishLiveEvent(tx, { topic: committeeTopic(c.id), type: 'committee_drawn', data: payload, at: now });
  for (const m of invited) {
    const reasons = await avoidanceNow(tx, deps, c, m.expertUserId);
    if (reasons.length === 0) await invite(tx, deps, c, m);
    else await callNextBackup(tx, deps, SYSTEM_CONTEXT, c, await markAvoided(tx, deps, SYSTEM_CONTEXT, c, m, reasons));
  }
}

/** The reasons the expert must withdraw from the committee's section now (E3); empty when it may sit. */
export async function avoidanceNow(tx: Tx, deps: Pick<Deps, 'clock'>, c: Pick<CommitteeRow, 'projectId' | 'sectionId'>, expertUserId: number): Promise<AvoidanceReason[]> {
  const found = await expertAvoidance(tx, { projectId: c.projectId, sectionId: c.sectionId, expertUserId, at: deps.clock.now() });
  return [...new Set(found.map((a) => a.reason))];
}

/** The avoidance reasons in words for a seat's note (zh, then the codes). */
export function avoidanceNote(reasons: readonly AvoidanceReason[]): string {
  return `回避：${reasons.map((r) => AVOIDANCE_REASON_WORDS[r].zh).join('、')}（${reasons.join(', ')}）`;
}

/** A drawn seat whose expert must withdraw: not invited, recorded as avoided with its reasons, audited. */
async function markAvoided(tx: Tx, deps: Pick<Deps, 'clock'>, ctx: RequestContext, c: CommitteeRow, m: CommitteeMemberRow, reasons: AvoidanceReason[]): Promise<CommitteeMemberRow> {
  const [u] = await tx
    .update(committeeMembers)
    .set({ status: 'avoided', invitedAt: null, respondBy: null, note: avoidanceNote(reasons) })
    .where(eq(committeeMembers.id, m.id))
    .returning();
  if (!u) throw new AppError('INTERNAL');
  await audit(tx, deps, ctx, {
    chain: projectChain(c.projectId),
    action: 'committee.seat_avoided',
    subject: { type: 'committee_member', id: m.id },
    payload: { committeeId: c.id, seatId: m.id, specialty: m.specialty, kind: m.kind, rank: m.rank, reasons },
  });
  await publishLiveEvent(tx, { topic: committeeTopic(c.id), type: 'committee_seat', data: { committeeId: c.id, seatId: m.id, status: 'avoided' }, at: deps.clock.now() });
  return u;
}

/**
 * The invitation of one seat: in-app, e-mail (notify) and SMS (outbox) with the session's time and place
 * and the answer's due time only (E4); the timeout job at the due time.
 */
export async function invite(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, c: Pick<CommitteeRow, 'id'>, m: CommitteeMemberRow): Promise<void> {
  if (!m.respondBy) throw new AppError('INTERNAL', undefined, { reason: 'SEAT_NOT_INVITED' });
  const [session] = await tx.select().from(committeeSessions).where(eq(committeeSessions.committeeId, c.id));
  const when = session ? beijingDateTimeZh(session.sessionAt) : '另行通知';
  const whenEn = session ? `${formatBeijingDateTime(session.sessionAt)} Beijing time` : 'to be announced';
  const place = session?.sessionPlace ?? '另行通知';
  const due = beijingDateTimeZh(m.respondBy);
  const title = { zh: '评标邀请', en: 'Invitation to evaluate' };
  const body = {
    zh: `您被随机抽取为评标专家。评标时间：${when}（北京时间）；地点：${place}。请于${due}（北京时间）前在平台确认或谢绝。项目信息在您签到后提供。`,
    en: `You have been drawn as an evaluation expert. Session: ${whenEn}; place: ${place}. Confirm or decline on the platform before ${formatBeijingDateTime(m.respondBy)} Beijing time. The project is shown once you sign in.`,
  };
  await notify(tx, deps, { userIds: [m.expertUserId], kind: 'committee.invitation', title, body, link: '/workspace/expert/invitations' });
  const [profile] = await tx.select({ phone: expertProfiles.phone }).from(expertProfiles).where(eq(expertProfiles.userId, m.expertUserId));
  if (profile?.phone) {
    // No SMS gateway is configured on this platform yet: the message is recorded in the outbox, skipped.
    await tx.insert(outbox).values({ channel: 'sms', toAddress: profile.phone, subject: title.zh, body: body.zh, status: 'skipped', lastError: 'SMS gateway not configured' });
  }
  const runAt = new Date(m.respondBy.getTime() + 1000);
  await enqueueJob(tx, deps.clock, { kind: COMMITTEE_RESPOND_TIMEOUT_JOB, payload: { seatId: m.id }, runAt, dedupeKey: `${COMMITTEE_RESPOND_TIMEOUT_JOB}:${m.id}` });
}

/**
 * A seat declined or timed out: the next backup of its specialty (lowest rank on standby) is invited,
 * recorded and audited; none left → audited and the staff who requested the committee told.
 */
export async function callNextBackup(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, ctx: RequestContext, c: CommitteeRow, vacated: CommitteeMemberRow): Promise<CommitteeMemberRow | null> {
  const now = deps.clock.now();
  let next: CommitteeMemberRow | undefined;
  for (;;) {
    [next] = await tx
      .select()
      .from(committeeMembers)
      .where(and(eq(committeeMembers.committeeId, c.id), eq(committeeMembers.specialty, vacated.specialty), eq(committeeMembers.status, 'standby')))
      .orderBy(asc(committeeMembers.rank))
      .limit(1)
      .for('update');
    if (!next) break;
    // E3 again: a backup who must withdraw now is passed over, recorded as avoided.
    const reasons = await avoidanceNow(tx, deps, c, next.expertUserId);
    if (reasons.length === 0) break;
    await markAvoided(tx, deps, ctx, c, next, reasons);
  }
  if (!next) {
    await audit(tx, deps, ctx, { chain: projectChain(c.projectId), action: 'committee.backups_exhausted', subject: { type: 'committee', id: c.id }, payload: { committeeId: c.id, specialty: vacated.specialty, vacatedSeatId: vacated.id } });
    await notify(tx, deps, {
      userIds: [c.createdBy],
      kind: 'committee.backups_exhausted',
      title: { zh: '候补专家已用尽', en: 'No backup expert left' },
      body: { zh: `评标委员会 #${c.id} 的专业“${vacated.specialty}”已无候补专家，需补充抽取或经特殊审批指定。`, en: `Committee #${c.id} has no backup left in specialty "${vacated.specialty}": draw again or appoint with special approval.` },
      link: `/workspace/staff/expert-draws?committee=${c.id}`,
    });
    return null;
  }
  const respondBy = new Date(now.getTime() + c.respondMinutes * 60_000);
  const [u] = await tx
    .update(committeeMembers)
    .set({ status: 'invited', invitedAt: now, respondBy, note: `递补席位 #${vacated.id} / replaces seat #${vacated.id}` })
    .where(eq(committeeMembers.id, next.id))
    .returning();
  if (!u) throw new AppError('INTERNAL');
  await audit(tx, deps, ctx, {
    chain: projectChain(c.projectId),
    action: 'committee.backup_invited',
    subject: { type: 'committee', id: c.id },
    payload: { committeeId: c.id, specialty: u.specialty, seatId: u.id, rank: u.rank, replacesSeatId: vacated.id, respondBy: respondBy.toISOString() },
  });
  await publishLiveEvent(tx, { topic: committeeTopic(c.id), type: 'committee_seat', data: { committeeId: c.id, seatId: u.id, status: u.status, replacesSeatId: vacated.id }, at: now });
  await invite(tx, deps, c, u);
  return u;
}
