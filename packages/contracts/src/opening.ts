/**
 * Bid opening (issue 7, 不见面开标): the one view every role reads — with O4 applied by the service:
 * prices and the other summary fields are null until the session is published, other bidders' names
 * hidden from bidders until then — and the inputs of the session, decryption, record and objections.
 * The live room is the topic `openingTopic(projectId)` of `live.events`.
 */
import { z } from 'zod';
import { BID_PARTS } from '@ebid/pki/constants';
import { ZId } from './common.ts';
import { ZBidPart } from './bids.ts';
import { ZDraw } from './draws.ts';

const ZHash = z.string().regex(/^[0-9a-f]{64}$/);
const ZTime = z.string();
const ZText = z.string().max(4000);

/** The live topic of a project's opening room (live.events). */
export const openingTopic = (projectId: number): string => `opening.${projectId}`;

export const ZDecryptStatus = z.enum(['pending', 'decrypted', 'revoked', 'withdrawn_external']);
export type DecryptStatus = z.infer<typeof ZDecryptStatus>;
export const ZConfirmStatus = z.enum(['pending', 'confirmed', 'objected', 'deemed_accepted']);
export type ConfirmStatus = z.infer<typeof ZConfirmStatus>;
/** The session's status, or 'waiting' before it exists. */
export const ZOpeningStatus = z.enum(['waiting', 'decrypting', 'published', 'closed', 'failed']);
export type OpeningStatus = z.infer<typeof ZOpeningStatus>;
/** Who is to blame for a bid that was not decrypted (O3). */
export const ZDecryptFailureCause = z.enum(['bidder', 'platform', 'third_party']);

export const ZOpeningBid = z.object({
  id: z.number().int(),
  /** The bid itself: the caller's own lines, and every line for center staff and supervisors. */
  bidId: z.number().int().nullable(),
  label: z.string(),
  sectionId: z.number().int(),
  sectionCode: z.string(),
  bidderName: z.string().nullable(),
  mine: z.boolean(),
  receivedAt: ZTime,
  signedInAt: ZTime.nullable(),
  decryptStatus: ZDecryptStatus,
  decryptedAt: ZTime.nullable(),
  failureCause: ZDecryptFailureCause.nullable(),
  failureNote: z.string().nullable(),
  priceFen: z.number().int().nullable(),
  /**
   * Issue 16 §2: the published price is above its section's price ceiling (priceCeilingFen). A flag for
   * the committee, not a rejection (否决 is the committee's act, 实施条例 §51); false before O4.
   */
  aboveCeiling: z.boolean(),
  durationDays: z.number().int().nullable(),
  quality: z.string().nullable(),
  depositStatus: z.string().nullable(),
  confirmStatus: ZConfirmStatus,
  confirmedAt: ZTime.nullable(),
  confirmCertSerial: z.string().nullable(),
  confirmCmsBase64: z.string().nullable(),
  parts: z.array(z.object({ part: ZBidPart, plaintextSha256: z.string().nullable(), plaintextSize: z.number().int().nullable() })),
});
export type OpeningBidView = z.infer<typeof ZOpeningBid>;

export const ZOpeningObjection = z.object({
  id: z.number().int(),
  label: z.string(),
  bidderName: z.string().nullable(),
  mine: z.boolean(),
  text: z.string(),
  raisedAt: ZTime,
  answer: z.string().nullable(),
  answeredAt: ZTime.nullable(),
});
export type OpeningObjectionView = z.infer<typeof ZOpeningObjection>;

export const ZOpeningK = z.object({
  floatPointsBp: z.array(z.number().int()),
  /**
   * The public commit–reveal draw (issue 14 §2): timeline, commitments, reveals, platform share and
   * result. Null for openings drawn the old way (before issue 14), which keep the fields below.
   */
  draw: ZDraw.nullable(),
  /** Old openings only: the seed's commitment, the contributions and the seed revealed at the draw. */
  commitment: z.string().nullable(),
  contributions: z.array(z.object({ label: z.string(), at: ZTime, valueHex: z.string() })),
  /** The result, from the draw (or the old columns). */
  drawnAt: ZTime.nullable(),
  seedHex: z.string().nullable(),
  resultIndex: z.number().int().nullable(),
  resultBp: z.number().int().nullable(),
  kValue: z.string().nullable(),
});
export type OpeningKView = z.infer<typeof ZOpeningK>;

export const ZOpeningRecord = z.object({
  version: z.number().int(),
  sha256: z.string(),
  size: z.number().int(),
  generatedAt: ZTime,
  /** The end of this version's confirm window (issue 18 §5): the close deems the silent bidders to accept from then on. */
  confirmDeadline: ZTime,
  url: z.string(),
});
export type OpeningRecordView = z.infer<typeof ZOpeningRecord>;

export const ZOpening = z.object({
  projectId: z.number().int(),
  projectName: z.string(),
  unifiedDealCode: z.string(),
  tradeType: z.string(),
  /**
   * Issue 18 §2: the responses are opened for the group, not read out (谈判 / 磋商 / 询价 / 单一来源; CG §38,
   * §40): a supplier reads only its own line and its own copy of the record (`record` is that copy).
   */
  confidentialOffers: z.boolean(),
  status: ZOpeningStatus,
  serverTime: ZTime,
  bidDeadline: ZTime.nullable(),
  signInOpensAt: ZTime.nullable(),
  openedAt: ZTime.nullable(),
  decryptDeadline: ZTime.nullable(),
  decryptWindowMinutes: z.number().int(),
  host: z.string().nullable(),
  /**
   * Issue 18 §5: the platform opens the session at this instant (the bid deadline) — null when the
   * procedure has no opening session or no deadline; who opened it ('timer' | 'staff', null before), when
   * its host took the chair (null: waiting for the host), the start grace and its end, and a late opening
   * (迟延开标) with its reason.
   */
  autoOpenAt: ZTime.nullable(),
  openedBy: z.enum(['timer', 'staff']).nullable(),
  hostedAt: ZTime.nullable(),
  startGraceMinutes: z.number().int(),
  graceEndsAt: ZTime.nullable(),
  late: z.boolean(),
  lateReason: z.string().nullable(),
  /** Minutes each record version gives the bidders to confirm or object. */
  confirmWindowMinutes: z.number().int(),
  publishedAt: ZTime.nullable(),
  closedAt: ZTime.nullable(),
  me: z.object({ role: z.string(), signedInAt: ZTime.nullable(), isParticipant: z.boolean(), contributed: z.boolean(), bidId: z.number().int().nullable() }),
  /**
   * Who has signed in so far (names as the caller may see them). Before the bid deadline only the
   * caller's own company's sign-in (a bidder), else none — no count (the table's `sign_ins`).
   */
  signIns: z.array(z.object({ bidderName: z.string().nullable(), at: ZTime })),
  /** The sign-ins are not disclosed until this instant (the bid deadline); null once they are. */
  secretUntil: ZTime.nullable(),
  /** Per section: its ceilingFen as set, and the price ceiling bids are measured against (null: none, e.g. rate bids). */
  ceilings: z.array(z.object({ sectionCode: z.string(), ceilingFen: z.number().int().nullable(), priceCeilingFen: z.number().int().nullable() })),
  k: ZOpeningK.nullable(),
  record: ZOpeningRecord.nullable(),
  bids: z.array(ZOpeningBid),
  objections: z.array(ZOpeningObjection),
  failure: z.object({ reason: z.literal('too_few_bids'), bidCount: z.number().int() }).nullable(),
  /**
   * Sections that failed alone (issue 16 §7) — at this opening (too few bids) or after prequalification
   * (too few qualified) — with their bid counts and their own 流标公告; their bids are not opened.
   */
  failedSections: z.array(
    z.object({
      sectionId: z.number().int(),
      sectionCode: z.string(),
      sectionName: z.string(),
      reason: z.string().nullable(),
      failedAt: ZTime.nullable(),
      bidCount: z.number().int().nullable(),
      failureNoticeId: z.number().int().nullable(),
    }),
  ),
});
export type OpeningView = z.infer<typeof ZOpening>;

export const ZOpeningProjectInput = z.object({ projectId: ZId });
export type OpeningProjectInput = z.infer<typeof ZOpeningProjectInput>;

/** Staff start the opening, or take the chair of the one the timer opened; late (after the grace): the reason (issue 18 §5). */
export const ZStartOpeningInput = z.object({ projectId: ZId, lateReason: z.string().max(1000).optional() });
export type StartOpeningInput = z.infer<typeof ZStartOpeningInput>;

export const ZSetOpeningRulesInput = z.object({
  projectId: ZId,
  decryptWindowMinutes: z.number().int().optional(),
  signInLeadMinutes: z.number().int().optional(),
  floatPointsBp: z.array(z.number().int()).max(20).nullable().optional(),
  startGraceMinutes: z.number().int().optional(),
  confirmWindowMinutes: z.number().int().optional(),
});
export type SetOpeningRulesInput = z.infer<typeof ZSetOpeningRulesInput>;

/** The opening rules in force: the tender's, with the defaults filled in. */
export const ZOpeningRules = z.object({
  decryptWindowMinutes: z.number().int(),
  signInLeadMinutes: z.number().int(),
  /** null: the project has no K draw. */
  floatPointsBp: z.array(z.number().int()).nullable(),
  /** Minutes after the bid deadline the opening is still on time; later it is 迟延开标 and staff and supervisors are alerted (issue 18 §5). */
  startGraceMinutes: z.number().int(),
  /** Minutes each version of the opening record gives the bidders to confirm or object before the close deems them to accept. */
  confirmWindowMinutes: z.number().int(),
});
export type OpeningRules = z.infer<typeof ZOpeningRules>;

export const ZMyOpeningKeysInput = z.object({ projectId: ZId, bidId: ZId.optional() });
export type MyOpeningKeysInput = z.infer<typeof ZMyOpeningKeysInput>;

/** The wrapped content keys of one of the company's own bids, read from its sealed headers. */
export const ZMyOpeningKeys = z.object({
  bidId: z.number().int(),
  parts: z.array(z.object({ part: ZBidPart, headerSha256: z.string(), recipients: z.array(z.object({ certSha256: z.string(), certSerial: z.string(), wrappedKey: z.string() })) })),
});
export type MyOpeningKeys = z.infer<typeof ZMyOpeningKeys>;

export const ZDecryptOpeningBidInput = z.object({
  projectId: ZId,
  bidId: ZId,
  keys: z.array(z.object({ part: ZBidPart, contentKey: z.string().max(64) })).min(1).max(BID_PARTS.length),
});
export type DecryptOpeningBidInput = z.infer<typeof ZDecryptOpeningBidInput>;

export const ZDecryptResult = z.object({
  projectId: z.number().int(),
  openingBidId: z.number().int(),
  bidId: z.number().int(),
  decryptStatus: z.literal('decrypted'),
  decryptedAt: ZTime,
  /** The session's status after this decryption ('published' when it was the last one, O4). */
  openingStatus: z.enum(['decrypting', 'published', 'closed', 'failed']),
  parts: z.array(z.object({ part: ZBidPart, plaintextSha256: z.string(), plaintextSize: z.number().int() })),
});
export type DecryptResult = z.infer<typeof ZDecryptResult>;

export const ZRecordDecryptionFailureInput = z.object({ projectId: ZId, openingBidId: ZId, cause: z.enum(['platform', 'third_party']), note: ZText });
export type RecordDecryptionFailureInput = z.infer<typeof ZRecordDecryptionFailureInput>;

export const ZConfirmOpeningRecordInput = z.object({ projectId: ZId, recordSha256: ZHash, signatureBase64: z.string().max(65536) });
export type ConfirmOpeningRecordInput = z.infer<typeof ZConfirmOpeningRecordInput>;

export const ZRaiseOpeningObjectionInput = z.object({ projectId: ZId, text: ZText });
export type RaiseOpeningObjectionInput = z.infer<typeof ZRaiseOpeningObjectionInput>;

export const ZAnswerOpeningObjectionInput = z.object({ objectionId: ZId, answer: ZText });
export type AnswerOpeningObjectionInput = z.infer<typeof ZAnswerOpeningObjectionInput>;
