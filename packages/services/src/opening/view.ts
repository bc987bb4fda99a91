/**
 * The one view of a project's opening every role reads (issue 7), with O4 applied in one place: prices
 * and the other summary fields are null for every caller until the session is published, and other
 * bidders' names are hidden from bidders until then. Where the offers are confidential (谈判 / 磋商 / 询价 /
 * 单一来源, issue 18 §2; openingLinesVisible) a supplier never sees another supplier's line — no name, no
 * offer, no sign-in, no objection — at any stage, and its record is its own copy. Its shape is the
 * contract's OpeningView.
 */
import { and, asc, eq } from 'drizzle-orm';
import { bids, openingContributions, openingObjections, openingSignIns, organizations, sections, users, type Db, type ProjectRow, type Tx } from '@ebid/db';
import { aboveCeiling, offersConfidential, openingLinesVisible, priceCeilingFen } from '@ebid/domain';
import type { DrawView, OpeningBidView, OpeningKView, OpeningObjectionView, OpeningProjectInput, OpeningRecordView, OpeningView } from '@ebid/contracts';
import { BID_PARTS } from '@ebid/pki/constants';
import { readerOf, readScope, secretUntil } from '../access/before-deadline.ts';
import type { Actor } from '../auth/session.ts';
import { requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { bidDeadlineOf } from '../bids/bidding-window.ts';
import { buildDrawView, drawOf } from '../draws/view.ts';
import { OPENING_K_DRAW } from './k-draw-purpose.ts';
import { kValueOf } from './k-draw.ts';
import { drawParticipantLabels, loadForViewer, participantLabel, type ViewerKind } from './participants.ts';
import { recordFor } from './record-copies.ts';
import { openingRulesOf } from './rules.ts';
import { currentRecord, hostNameOf, isPublished, loadOpening, openingLines, openingTimeOf } from './session-state.ts';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** The K draw's option (float point) and K of a drawn draw; null before. */
export function kResultOf(d: DrawView | null): { resultBp: number; kValue: string; index: number; drawnAt: string } | null {
  if (!d?.result) return null;
  const bp = d.options[d.result.index];
  if (typeof bp !== 'number') return null;
  return { resultBp: bp, kValue: kValueOf(bp), index: d.result.index, drawnAt: d.result.drawnAt };
}

/** Each section's price ceiling (issue 16 §2): the section's 最高投标限价 / 最高限价 or the GP budget; none for rate bids. */
export function sectionPriceCeilings(
  p: Pick<ProjectRow, 'tradeType' | 'priceKind' | 'budgetFen'>,
  secs: readonly { id: number; ceilingFen: number | null }[],
): Map<number, number | null> {
  return new Map(secs.map((s) => [s.id, priceCeilingFen({ tradeType: p.tradeType, priceKind: p.priceKind, sectionCeilingFen: s.ceilingFen, budgetFen: p.budgetFen })]));
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
  // Issue 18 §2: 'own' — a supplier where the offers are confidential reads its own lines only.
  const ownLinesOnly = openingLinesVisible(p, kind) === 'own';
  const isMine = (orgId: number) => actor.role === 'bidder' && orgId === actor.orgId;
  const seeNames = kind !== 'bidder' || (published && !ownLinesOnly);
  const mySignIn = actor.role === 'bidder'
    ? (await db.select().from(openingSignIns).where(and(eq(openingSignIns.projectId, p.id), eq(openingSignIns.bidderOrgId, actor.orgId))))[0]
    : undefined;
  // Before the deadline (no session can exist yet): the caller's own sign-in only, never a count.
  const signInScope = ownLinesOnly ? 'own' : o ? 'open' : readScope('sign_ins', readerOf(actor.role), p, deps.clock.now());
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
    const { lines: allRows, parts } = await openingLines(db, o.id);
    const rows = ownLinesOnly ? allRows.filter((r) => isMine(r.ob.bidderOrgId)) : allRows;
    const label = new Map(rows.map((r) => [r.ob.id, `投标人${r.ob.ordinal}`]));
    const partOrder = (p: (typeof parts)[number]) => BID_PARTS.indexOf(p.part);
    const seeAllCms = kind === 'center' || kind === 'supervisor';
    bidViews = rows.map(({ ob, bid, orgName }) => {
      const mine = actor.role === 'bidder' && ob.bidderOrgId === actor.orgId;
      const s = published ? ob.summary : null;
      return {
        id: ob.id,
        bidId: mine || seeAllCms ? bid.id : null,
        label: `投标人${ob.ordinal}`,
        sectionId: ob.sectionId,
        sectionCode: secCode.get(ob.sectionId) ?? '',
        bidderName: seeNames || mine ? orgName : null,
        mine,
        receivedAt: bid.receivedAt.toISOString(),
        signedInAt: iso(signInOf.get(ob.bidderOrgId)),
        decryptStatus: ob.decryptStatus,
        decryptedAt: iso(ob.decryptedAt),
        failureCause: ob.failureCause,
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
          .sort((a, b) => partOrder(a) - partOrder(b))
          .map((x) => ({ part: x.part, plaintextSha256: published || mine ? x.plaintextSha256 : null, plaintextSize: published || mine ? x.plaintextSize : null })),
      };
    });
    const byOb = new Map(rows.map((r) => [r.ob.id, r]));
    const objs = (await db.select().from(openingObjections).where(eq(openingObjections.openingId, o.id)).orderBy(asc(openingObjections.id))).filter((x) => byOb.has(x.openingBidId));
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
          floatPointsBp: o.floatPointsBp,
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
          floatPointsBp: o.floatPointsBp,
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
    // A supplier's record where the offers are confidential is its own copy (none: no record for it).
    const readable = rec ? await recordFor(db, p, o, rec, { kind, orgId: actor.orgId }) : null;
    if (rec && readable) record = { version: rec.version, sha256: readable.sha256, size: readable.size, generatedAt: rec.generatedAt.toISOString(), confirmDeadline: rec.confirmDeadline.toISOString(), url: `/openings/${p.id}/record.pdf` };
    host = await hostNameOf(db, o);
  } else if (rules.floatPointsBp) {
    k = { floatPointsBp: rules.floatPointsBp, draw: null, commitment: null, contributions: [], drawnAt: null, seedHex: null, resultIndex: null, resultBp: null, kValue: null };
  }
  const counts = o?.bidCounts ?? {};
  return {
    projectId: p.id,
    projectName: p.name,
    unifiedDealCode: p.unifiedDealCode,
    tradeType: p.tradeType,
    confidentialOffers: offersConfidential(p.tradeType, p.method),
    status: o ? o.status : 'waiting',
    serverTime: deps.clock.now().toISOString(),
    bidDeadline: iso(deadline),
    signInOpensAt: deadline ? new Date(deadline.getTime() - rules.signInLeadMinutes * 60_000).toISOString() : null,
    openedAt: iso(o?.openedAt),
    decryptDeadline: iso(o?.decryptDeadline),
    decryptWindowMinutes: o?.decryptWindowMinutes ?? rules.decryptWindowMinutes,
    host,
    ...openingTimeOf(p, o),
    publishedAt: iso(o?.publishedAt),
    closedAt: iso(o?.closedAt),
    me: { role: actor.role, signedInAt: iso(mySignIn?.signedInAt), isParticipant: true, contributed, bidId: myBid?.id ?? null },
    signIns: signIns.map((x) => ({ bidderName: seeNames || (actor.role === 'bidder' && x.s.bidderOrgId === actor.orgId) ? x.orgName : null, at: x.s.signedInAt.toISOString() })),
    // Never disclosed to a supplier where the offers are confidential: no instant to announce.
    secretUntil: signInScope === 'open' || ownLinesOnly ? null : (secretUntil(p)?.toISOString() ?? null),
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

export async function getOpening(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: OpeningProjectInput): Promise<OpeningView> {
  const actor = requireActor(ctx);
  const { project, kind } = await loadForViewer(deps.db, actor, input.projectId);
  return buildOpeningView(deps.db, deps, actor, project, kind);
}
