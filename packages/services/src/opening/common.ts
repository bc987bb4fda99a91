/**
 * Shared pieces of the bid opening (issue 7): the opening rules frozen with the tender, who may follow a
 * project's opening (the participants), the live room's topic and events, and the one view every role
 * reads — with O4 applied in one place: prices and the other summary fields are null for every caller
 * until the session is published, and other bidders' names are hidden from bidders until then.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  bidParts,
  bids,
  drawCommitments,
  openingBids,
  openingContributions,
  openingObjections,
  openingRecords,
  openings,
  openingSignIns,
  organizations,
  projects,
  sections,
  users,
  type Db,
  type Tx,
} from '@ebid/db';
import { AppError, aboveCeiling, parseBidSummary as parseBidSummaryStrict, priceCeilingFen } from '@ebid/domain';
import { BID_PARTS, type BidPart } from '@ebid/pki';
import { isBeforeDeadline, readerOf, readScope, secretUntil } from '../access/before-deadline.ts';
import type { Actor } from '../auth/session.ts';
import { requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import type { Clock } from '../clock.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { isPartyOrCenter } from '../projects/index.ts';
import { bidDeadlineOf } from '../bids/common.ts';
import { buildDrawView, drawOf, type DrawView } from '../draws/view.ts';
import { kValueOf } from './k-draw.ts';

export type ProjectRow = typeof projects.$inferSelect;
export type OpeningRow = typeof openings.$inferSelect;
export type OpeningBidRow = typeof openingBids.$inferSelect;

export const OPENING_WINDOW_END_JOB = 'opening.window_end';
/** The purpose of the opening's K draw in the public draws (issue 14 §2; draws/service.ts). */
export const OPENING_K_DRAW = 'opening.k';
/** 浮动点 set of domain §3.2 (C-FJ FloatPoint), in basis points of a percent ×100: 150 = 1.50 %. */
export const DEFAULT_FLOAT_POINTS_BP: readonly number[] = [150, 125, 100, 75, 50, 25];
export const DEFAULT_DECRYPT_WINDOW_MINUTES = 30;
export const DEFAULT_SIGN_IN_LEAD_MINUTES = 1440;
/** A decryption started this long ago and not finished is considered dead (the window end stops waiting). */
export const DECRYPT_IN_FLIGHT_MS = 5 * 60 * 1000;
/** The job that stores a decrypted bid's plaintext by hash (enqueued at publication, issue 14 §1). */
export const OPENING_STORE_PLAINTEXT_JOB = 'opening.store_plaintext';

export interface OpeningRules {
  decryptWindowMinutes: number;
  signInLeadMinutes: number;
  /** null: the project has no K draw. */
  floatPointsBp: number[] | null;
}

export function openingRulesOf(p: Pick<ProjectRow, 'openingRules' | 'tradeType'>): OpeningRules {
  const r = (p.openingRules ?? {}) as Partial<OpeningRules>;
  return {
    decryptWindowMinutes: r.decryptWindowMinutes ?? DEFAULT_DECRYPT_WINDOW_MINUTES,
    signInLeadMinutes: r.signInLeadMinutes ?? DEFAULT_SIGN_IN_LEAD_MINUTES,
    floatPointsBp: r.floatPointsBp ?? (p.tradeType === 'engineering' ? [...DEFAULT_FLOAT_POINTS_BP] : null),
  };
}

export const openingTopic = (projectId: number): string => `opening.${projectId}`;

/** A live event in the opening room, stamped with the server clock (never a price before publication). */
export async function publishOpeningEvent(tx: Tx, clock: Clock, projectId: number, type: string, data: Record<string, unknown> = {}): Promise<void> {
  await publishLiveEvent(tx, { topic: openingTopic(projectId), type, data, at: clock.now() });
}

/**
 * A bidder signed in. Before the bid deadline the event is not published at all: it would tell every
 * follower of the room (the owner side, the center, the supervisor, other bidders) that one more company
 * is bidding (招标投标法 §22, B11; the table's `sign_ins`). The signer has its answer; the room learns of
 * the sign-ins when the opening starts.
 */
export async function publishSignedIn(tx: Tx, clock: Clock, p: ProjectRow, data: Record<string, unknown>): Promise<void> {
  if (isBeforeDeadline(p, clock.now())) return;
  await publishOpeningEvent(tx, clock, p.id, 'signed_in', data);
}

export type ViewerKind = 'center' | 'supervisor' | 'owner' | 'bidder';

/** How the actor takes part in the project's opening, or null (not a participant). */
export async function viewerKind(db: Tx | Db, actor: Actor, p: ProjectRow): Promise<ViewerKind | null> {
  if (actor.role === 'staff' || actor.role === 'platform_admin') return 'center';
  if (actor.role === 'supervisor') return 'supervisor';
  if ((actor.role === 'tenderee' || actor.role === 'agent') && isPartyOrCenter(actor, p)) return 'owner';
  if (actor.role === 'bidder') {
    const [b] = await db
      .select({ id: bids.id })
      .from(bids)
      .where(and(eq(bids.projectId, p.id), eq(bids.bidderOrgId, actor.orgId)))
      .limit(1);
    if (b) return 'bidder';
  }
  return null;
}

/** The project, if the actor takes part in its opening; NOT_FOUND otherwise (no existence oracle). */
export async function loadForViewer(db: Tx | Db, actor: Actor, projectId: number): Promise<{ project: ProjectRow; kind: ViewerKind }> {
  const [p] = await db.select().from(projects).where(eq(projects.id, projectId));
  const kind = p ? await viewerKind(db, actor, p) : null;
  if (!p || !kind) throw new AppError('NOT_FOUND', { zh: '项目不存在或您不是开标参与方', en: 'No such project, or you do not take part in its opening' }, { field: 'projectId' });
  return { project: p, kind };
}

/** May the actor follow the live room topic `opening.<projectId>`? */
export async function mayFollowOpening(deps: Pick<Deps, 'db'>, actor: Actor | null, projectId: number): Promise<boolean> {
  if (!actor) return false;
  const [p] = await deps.db.select().from(projects).where(eq(projects.id, projectId));
  return p ? (await viewerKind(deps.db, actor, p)) !== null : false;
}

export function noSession(): AppError {
  return new AppError('INVALID_STATE', { zh: '开标尚未开始', en: 'The opening has not started' }, { reason: 'NOT_OPENED' });
}

export async function loadOpening(db: Tx | Db, projectId: number, lock = false): Promise<OpeningRow | null> {
  const q = db.select().from(openings).where(eq(openings.projectId, projectId));
  const [o] = lock ? await q.for('update') : await q;
  return o ?? null;
}

export const isTerminal = (s: OpeningBidRow['decryptStatus']): boolean => s !== 'pending';
export const isPublished = (o: Pick<OpeningRow, 'status'>): boolean => o.status === 'published' || o.status === 'closed';

export interface BidSummary {
  priceFen: number;
  durationDays: number | null;
  quality: string | null;
}

export type DecryptStatus = OpeningBidRow['decryptStatus'];
export type ConfirmStatus = OpeningBidRow['confirmStatus'];
export type OpeningStatus = OpeningRow['status'] | 'waiting';

export interface OpeningBidView {
  id: number;
  /** The bid itself: the caller's own lines, and every line for center staff and supervisors. */
  bidId: number | null;
  label: string;
  sectionId: number;
  sectionCode: string;
  bidderName: string | null;
  mine: boolean;
  receivedAt: string;
  signedInAt: string | null;
  decryptStatus: DecryptStatus;
  decryptedAt: string | null;
  failureCause: 'bidder' | 'platform' | 'third_party' | null;
  failureNote: string | null;
  priceFen: number | null;
  /**
   * Issue 16 §2: the published price is above its section's price ceiling (priceCeilingFen). A flag for
   * the committee, not a rejection (否决 is the committee's act, 实施条例 §51); false before O4.
   */
  aboveCeiling: boolean;
  durationDays: number | null;
  quality: string | null;
  depositStatus: string | null;
  confirmStatus: ConfirmStatus;
  confirmedAt: string | null;
  confirmCertSerial: string | null;
  confirmCmsBase64: string | null;
  parts: { part: BidPart; plaintextSha256: string | null; plaintextSize: number | null }[];
}

export interface OpeningObjectionView {
  id: number;
  label: string;
  bidderName: string | null;
  mine: boolean;
  text: string;
  raisedAt: string;
  answer: string | null;
  answeredAt: string | null;
}

export interface OpeningKView {
  floatPointsBp: number[];
  /**
   * The public commit–reveal draw (issue 14 §2): timeline, commitments, reveals, platform share and
   * result. Null for openings drawn the old way (before issue 14), which keep the fields below.
   */
  draw: DrawView | null;
  /** Old openings only: the seed's commitment, the contributions and the seed revealed at the draw. */
  commitment: string | null;
  contributions: { label: string; at: string; valueHex: string }[];
  /** The result, from the draw (or the old columns). */
  drawnAt: string | null;
  seedHex: string | null;
  resultIndex: number | null;
  resultBp: number | null;
  kValue: string | null;
}

export interface OpeningRecordView {
  version: number;
  sha256: string;
  size: number;
  generatedAt: string;
  url: string;
}

export interface OpeningView {
  projectId: number;
  projectName: string;
  unifiedDealCode: string;
  tradeType: string;
  status: OpeningStatus;
  serverTime: string;
  bidDeadline: string | null;
  signInOpensAt: string | null;
  openedAt: string | null;
  decryptDeadline: string | null;
  decryptWindowMinutes: number;
  host: string | null;
  publishedAt: string | null;
  closedAt: string | null;
  me: { role: string; signedInAt: string | null; isParticipant: boolean; contributed: boolean; bidId: number | null };
  /**
   * Who has signed in so far (names as the caller may see them). Before the bid deadline only the
   * caller's own company's sign-in (a bidder), else none — no count (the table's `sign_ins`).
   */
  signIns: { bidderName: string | null; at: string }[];
  /** The sign-ins are not disclosed until this instant (the bid deadline); null once they are. */
  secretUntil: string | null;
  /** Per section: its ceilingFen as set, and the price ceiling bids are measured against (null: none, e.g. rate bids). */
  ceilings: { sectionCode: string; ceilingFen: number | null; priceCeilingFen: number | null }[];
  k: OpeningKView | null;
  record: OpeningRecordView | null;
  bids: OpeningBidView[];
  objections: OpeningObjectionView[];
  failure: null | { reason: 'too_few_bids'; bidCount: number };
  /**
   * Sections that failed alone (issue 16 §7) — at this opening (too few bids) or after prequalification
   * (too few qualified) — with their bid counts and their own 流标公告; their bids are not opened.
   */
  failedSections: { sectionId: number; sectionCode: string; sectionName: string; reason: string | null; failedAt: string | null; bidCount: number | null; failureNoticeId: number | null }[];
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const partOrder = (p: string) => BID_PARTS.indexOf(p as BidPart);

/** The participant label of a user for the K contributions list. */
function contributorLabel(role: string, orgName: string): string {
  if (role === 'staff' || role === 'platform_admin') return `交易中心（${orgName}）`;
  if (role === 'supervisor') return `监管部门（${orgName}）`;
  return orgName;
}

/** A K-draw participant's label for a viewer: other bidders are 投标人 until publication. */
export function participantLabel(role: string, orgName: string, viewer: Pick<Actor, 'orgName'>, seeNames: boolean): string {
  return role === 'bidder' && !seeNames && orgName !== viewer.orgName ? '投标人' : contributorLabel(role, orgName);
}

/** The labels of a draw's committed participants, by user id. */
export async function drawParticipantLabels(db: Tx | Db, drawId: number, viewer: Pick<Actor, 'orgName'>, seeNames: boolean): Promise<Map<number, string>> {
  const rows = await db
    .select({ userId: users.id, role: users.role, orgName: organizations.name })
    .from(drawCommitments)
    .innerJoin(users, eq(users.id, drawCommitments.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(drawCommitments.drawId, drawId));
  return new Map(rows.map((r) => [r.userId, participantLabel(r.role, r.orgName, viewer, seeNames)]));
}

/** The K draw's option (float point) and K of a drawn draw; null before. */
export function kResultOf(d: DrawView | null): { resultBp: number; kValue: string; index: number; drawnAt: string } | null {
  if (!d?.result) return null;
  const bp = d.options[d.result.index] as number;
  return { resultBp: bp, kValue: kValueOf(bp), index: d.result.index, drawnAt: d.result.drawnAt };
}


export async function currentRecord(db: Tx | Db, openingId: number): Promise<typeof openingRecords.$inferSelect | null> {
  const rows = await db.select().from(openingRecords).where(eq(openingRecords.openingId, openingId)).orderBy(asc(openingRecords.version));
  return rows.at(-1) ?? null;
}

/** Each section's price ceiling (issue 16 §2): the section's 最高投标限价 / 最高限价 or the GP budget; none for rate bids. */
export function sectionPriceCeilings(
  p: Pick<ProjectRow, 'tradeType' | 'priceKind' | 'budgetFen'>,
  secs: readonly { id: number; ceilingFen: number | null }[],
): Map<number, number | null> {
  return new Map(secs.map((s) => [s.id, priceCeilingFen({ tradeType: p.tradeType, priceKind: p.priceKind, sectionCeilingFen: s.ceilingFen, budgetFen: p.budgetFen })]));
}

/** The opening's lines in ordinal order, each with its bid and company name, and the bids' parts. */
export async function openingLines(db: Tx | Db, openingId: number) {
  // Narrow columns: a bid row carries its receipt and CMS, a part its piece lists — not needed here.
  const lines = await db
    .select({ ob: openingBids, bid: { id: bids.id, receivedAt: bids.receivedAt }, orgName: organizations.name })
    .from(openingBids)
    .innerJoin(bids, eq(bids.id, openingBids.bidId))
    .innerJoin(organizations, eq(organizations.id, openingBids.bidderOrgId))
    .where(eq(openingBids.openingId, openingId))
    .orderBy(asc(openingBids.ordinal));
  const parts = lines.length
    ? await db
        .select({ bidId: bidParts.bidId, part: bidParts.part, plaintextSha256: bidParts.plaintextSha256, plaintextSize: bidParts.plaintextSize })
        .from(bidParts)
        .where(inArray(bidParts.bidId, lines.map((r) => r.bid.id)))
    : [];
  return { lines, parts };
}

/** The opening as the actor may see it (O4 applied here). */
export async function buildOpeningView(db: Tx | Db, deps: Pick<Deps, 'clock'>, actor: Actor, p: ProjectRow, kind: ViewerKind): Promise<OpeningView> {
  const o = await loadOpening(db, p.id);
  const rules = openingRulesOf(p);
  const deadline = bidDeadlineOf(p);
  const secs = await db.select().from(sections).where(eq(sections.projectId, p.id)).orderBy(asc(sections.code));
  const secCode = new Map(secs.map((s) => [s.id, s.code]));
  const ceilingOf = sectionPriceCeilings(p, secs);
  const published = o ? isPublished(o) : false;
  const seeNames = kind !== 'bidder' || published;
  const mySignIn = actor.role === 'bidder'
    ? (await db.select().from(openingSignIns).where(and(eq(openingSignIns.projectId, p.id), eq(openingSignIns.bidderOrgId, actor.orgId))))[0]
    : undefined;
  // Before the deadline (no session can exist yet): the caller's own sign-in only, never a count.
  const signInScope = o ? 'open' : readScope('sign_ins', readerOf(actor.role), p, deps.clock.now());
  const signIns =
    signInScope === 'none'
      ? []
      : await db
          .select({ s: openingSignIns, orgName: organizations.name })
          .from(openingSignIns)
          .innerJoin(organizations, eq(organizations.id, openingSignIns.bidderOrgId))
          .where(signInScope === 'own' ? and(eq(openingSignIns.projectId, p.id), eq(openingSignIns.bidderOrgId, actor.orgId)) : eq(openingSignIns.projectId, p.id))
          .orderBy(asc(openingSignIns.signedInAt), asc(openingSignIns.id));
  const signInOf = new Map(signIns.map((x) => [x.s.bidderOrgId, x.s.signedInAt]));
  const [myBid] = actor.role === 'bidder'
    ? await db.select({ id: bids.id }).from(bids).where(and(eq(bids.projectId, p.id), eq(bids.bidderOrgId, actor.orgId), eq(bids.status, 'current')))
    : [];

  let bidViews: OpeningBidView[] = [];
  let objectionViews: OpeningObjectionView[] = [];
  let k: OpeningKView | null = null;
  let record: OpeningRecordView | null = null;
  let host: string | null = null;
  let contributed = false;
  if (o) {
    const { lines: rows, parts } = await openingLines(db, o.id);
    const label = new Map(rows.map((r) => [r.ob.id, `投标人${r.ob.ordinal}`]));
    const seeAllCms = kind === 'center' || kind === 'supervisor';
    bidViews = rows.map(({ ob, bid, orgName }) => {
      const mine = actor.role === 'bidder' && ob.bidderOrgId === actor.orgId;
      const s = published ? (ob.summary as BidSummary | null) : null;
      return {
        id: ob.id,
        bidId: mine || seeAllCms ? bid.id : null,
        label: label.get(ob.id)!,
        sectionId: ob.sectionId,
        sectionCode: secCode.get(ob.sectionId) ?? '',
        bidderName: seeNames || mine ? orgName : null,
        mine,
        receivedAt: bid.receivedAt.toISOString(),
        signedInAt: iso(signInOf.get(ob.bidderOrgId)),
        decryptStatus: ob.decryptStatus,
        decryptedAt: iso(ob.decryptedAt),
        failureCause: (ob.failureCause as OpeningBidView['failureCause']) ?? null,
        failureNote: seeNames || mine ? ob.failureNote : null,
        priceFen: s?.priceFen ?? null,
        aboveCeiling: aboveCeiling(s?.priceFen, ceilingOf.get(ob.sectionId)),
        durationDays: s?.durationDays ?? null,
        quality: s?.quality ?? null,
        depositStatus: ob.depositStatus,
        confirmStatus: ob.confirmStatus,
        confirmedAt: iso(ob.confirmedAt),
        confirmCertSerial: ob.confirmCertSerial,
        confirmCmsBase64: mine || seeAllCms ? ob.confirmCms : null,
        parts: parts
          .filter((x) => x.bidId === bid.id)
          .sort((a, b) => partOrder(a.part) - partOrder(b.part))
          .map((x) => ({ part: x.part as BidPart, plaintextSha256: published || mine ? x.plaintextSha256 : null, plaintextSize: published || mine ? x.plaintextSize : null })),
      };
    });
    const byOb = new Map(rows.map((r) => [r.ob.id, r]));
    const objs = await db.select().from(openingObjections).where(eq(openingObjections.openingId, o.id)).orderBy(asc(openingObjections.id));
    objectionViews = objs.map((x) => {
      const r = byOb.get(x.openingBidId);
      const mine = actor.role === 'bidder' && r?.ob.bidderOrgId === actor.orgId;
      return {
        id: x.id,
        label: label.get(x.openingBidId) ?? '',
        bidderName: seeNames || mine ? (r?.orgName ?? null) : null,
        mine,
        text: x.text,
        raisedAt: x.raisedAt.toISOString(),
        answer: x.answer,
        answeredAt: iso(x.answeredAt),
      };
    });
    if (o.floatPointsBp) {
      const d = await drawOf(db, OPENING_K_DRAW, { type: 'opening', id: o.id });
      if (d) {
        // Issue 14 §2: the public commit–reveal draw.
        const labels = await drawParticipantLabels(db, d.id, actor, seeNames);
        const mayContribute = kind === 'owner' || kind === 'supervisor' || (kind === 'bidder' && !!mySignIn);
        const draw = await buildDrawView(db, deps, actor, d, { labelOf: (id) => labels.get(id) ?? '参与方', mayContribute });
        contributed = draw.me.committed;
        const r = kResultOf(draw);
        k = {
          floatPointsBp: o.floatPointsBp as number[],
          draw,
          commitment: null,
          contributions: [],
          drawnAt: r?.drawnAt ?? null,
          seedHex: null,
          resultIndex: r?.index ?? null,
          resultBp: r?.resultBp ?? null,
          kValue: r?.kValue ?? null,
        };
      } else {
        // An opening drawn the old way (before issue 14): its seed, contributions and result as recorded.
        const cs = await db
          .select({ c: openingContributions, role: users.role, orgName: organizations.name })
          .from(openingContributions)
          .innerJoin(users, eq(users.id, openingContributions.userId))
          .innerJoin(organizations, eq(organizations.id, users.orgId))
          .where(eq(openingContributions.openingId, o.id))
          .orderBy(asc(openingContributions.id));
        contributed = cs.some((c) => c.c.userId === actor.userId);
        k = {
          floatPointsBp: o.floatPointsBp as number[],
          draw: null,
          commitment: o.kCommitment,
          contributions: cs.map((c) => ({ label: participantLabel(c.role, c.orgName, actor, seeNames), at: c.c.createdAt.toISOString(), valueHex: c.c.valueHex })),
          drawnAt: iso(o.kDrawnAt),
          seedHex: o.kDrawnAt ? o.kSeed : null,
          resultIndex: o.kDrawnAt ? o.kIndex : null,
          resultBp: o.kDrawnAt ? o.kResultBp : null,
          kValue: o.kDrawnAt ? o.kValue : null,
        };
      }
    }
    const rec = await currentRecord(db, o.id);
    if (rec) record = { version: rec.version, sha256: rec.sha256, size: rec.size, generatedAt: rec.generatedAt.toISOString(), url: `/openings/${p.id}/record.pdf` };
    const [h] = await db.select({ n: users.displayName }).from(users).where(eq(users.id, o.hostUserId));
    host = h?.n ?? null;
  } else if (rules.floatPointsBp) {
    k = { floatPointsBp: rules.floatPointsBp, draw: null, commitment: null, contributions: [], drawnAt: null, seedHex: null, resultIndex: null, resultBp: null, kValue: null };
  }
  const counts = (o?.bidCounts ?? {}) as Record<string, number>;
  return {
    projectId: p.id,
    projectName: p.name,
    unifiedDealCode: p.unifiedDealCode,
    tradeType: p.tradeType,
    status: o ? o.status : 'waiting',
    serverTime: deps.clock.now().toISOString(),
    bidDeadline: iso(deadline),
    signInOpensAt: deadline ? new Date(deadline.getTime() - rules.signInLeadMinutes * 60_000).toISOString() : null,
    openedAt: iso(o?.openedAt),
    decryptDeadline: iso(o?.decryptDeadline),
    decryptWindowMinutes: o?.decryptWindowMinutes ?? rules.decryptWindowMinutes,
    host,
    publishedAt: iso(o?.publishedAt),
    closedAt: iso(o?.closedAt),
    me: { role: actor.role, signedInAt: iso(mySignIn?.signedInAt), isParticipant: true, contributed, bidId: myBid?.id ?? null },
    signIns: signIns.map((x) => ({ bidderName: seeNames || (actor.role === 'bidder' && x.s.bidderOrgId === actor.orgId) ? x.orgName : null, at: x.s.signedInAt.toISOString() })),
    secretUntil: signInScope === 'open' ? null : (secretUntil(p)?.toISOString() ?? null),
    // 招标控制价 is announced at opening (domain §3.2): shown once the session exists.
    ceilings: o ? secs.map((s) => ({ sectionCode: s.code, ceilingFen: s.ceilingFen, priceCeilingFen: ceilingOf.get(s.id) ?? null })) : [],
    k,
    record,
    bids: bidViews,
    objections: objectionViews,
    failure: o?.status === 'failed' ? { reason: 'too_few_bids', bidCount: Object.values(counts).length ? Math.min(...Object.values(counts)) : 0 } : null,
    failedSections: secs
      .filter((s) => s.status === 'failed')
      .map((s) => ({
        sectionId: s.id,
        sectionCode: s.code,
        sectionName: s.name,
        reason: s.failureReason,
        failedAt: iso(s.failedAt),
        bidCount: o ? (counts[s.code] ?? 0) : null,
        failureNoticeId: s.failureNoticeId,
      })),
  };
}

export async function getOpening(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { projectId: number }): Promise<OpeningView> {
  const actor = requireActor(ctx);
  const { project, kind } = await loadForViewer(deps.db, actor, input.projectId);
  return buildOpeningView(deps.db, deps, actor, project, kind);
}

/**
 * Parse the decrypted 开标一览表 with the one strict parser (packages/domain bid-summary.ts, issue 14 §7):
 * format 2 (padded, salted) always; the legacy format 1 (web `ebid-bid-summary` v1 or the bare form) only
 * from a v1 envelope (`allowLegacy`). Anything else — invalid UTF-8, duplicate keys, missing or unknown
 * fields, wrong types, another project or section — is unreadable: null.
 */
export function parseBidSummary(bytes: Uint8Array, expect: { projectId: number; sectionId: number }, allowLegacy: boolean): BidSummary | null {
  try {
    const s = parseBidSummaryStrict(bytes, { expect, allowLegacy });
    return { priceFen: s.priceFen, durationDays: s.durationDays, quality: s.quality };
  } catch (e) {
    if (e instanceof AppError && (e.details as { reason?: string } | undefined)?.reason === 'SUMMARY_INVALID') return null;
    throw e;
  }
}
