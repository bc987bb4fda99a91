/**
 * The evaluation session around the review (issue 22 §1; E3–E6, S10): the chair's election, the one view
 * of an evaluation each viewer reads, the bid viewer (the parts' facts; the bytes stream over HTTP at
 * `partUrl`), the written clarifications between the committee and a bidder, the extension (E6), the
 * replacement of a member (E5) and the live progress. Bids are named by their session labels; a blind
 * technical part (暗标) only by its blind label until the reveal.
 */
import { z } from 'zod';
import { ZId } from './common.ts';
import { ZBidPart } from './bids.ts';

const ZTime = z.string();

export const ZEvaluationStatus = z.enum(['preparing', 'compliance', 'technical', 'scoring', 'reporting', 'signed', 'failed']);
export const ZEvaluationViewer = z.enum(['member', 'center', 'supervisor']);
export const ZEvaluationStage = z.enum(['compliance', 'technical', 'scores']);

/** Free text a member or a bidder writes (a question, an answer, a reason): trimmed, 1–2000 characters. */
const ZWrittenText = z.string().trim().min(1).max(2000);

// — chair (组长) —

export const ZEvaluationVoteChairInput = z.object({ evaluationId: ZId, candidateUserId: ZId });
export const ZEvaluationChairResult = z.object({
  evaluationId: z.number().int(),
  /** the elected chair, null while no candidate has a majority of the active members */
  chairUserId: z.number().int().nullable(),
  chairElectedAt: ZTime.nullable(),
  /** the votes the candidate now has, and how many make a majority */
  votes: z.number().int(),
  majority: z.number().int(),
  status: ZEvaluationStatus,
});
export type EvaluationChairResult = z.infer<typeof ZEvaluationChairResult>;

// — the view —

export const ZEvaluationMemberView = z.object({
  userId: z.number().int(),
  name: z.string(),
  specialty: z.string(),
  status: z.enum(['active', 'replaced']),
  signedIn: z.boolean(),
  declared: z.boolean(),
  chair: z.boolean(),
  /** the chair votes this member has received from active members */
  chairVotes: z.number().int(),
  replacedAt: ZTime.nullable(),
  replacedReason: z.string().nullable(),
});

/** A bid under review as the committee sees it: never its blind label while the technical part is blind. */
export const ZEvaluationBidView = z.object({
  label: z.string(),
  bidderName: z.string(),
  /** the opening's 开标一览表 price (fen); null when it was not readable */
  priceFen: z.number().int().nullable(),
  /** the opening's flag: the price is above the section's price ceiling (rejected in the compliance review) */
  aboveCeiling: z.boolean(),
  /** the blind technical part's label, only once the identities are revealed (null before, or not blind) */
  blindLabel: z.string().nullable(),
});

/** A blind technical part: its label only (no bidder, price, signer, file name or size). */
export const ZEvaluationBlindPartView = z.object({ blindLabel: z.string(), partUrl: z.string() });

export const ZEvaluationView = z.object({
  id: z.number().int(),
  viewer: ZEvaluationViewer,
  projectId: z.number().int(),
  projectCode: z.string(),
  projectName: z.string(),
  sectionId: z.number().int(),
  sectionCode: z.string(),
  sectionName: z.string(),
  status: ZEvaluationStatus,
  round: z.number().int(),
  /** the method frozen in the tender (S1): the whole EvaluationMethodSpec of @ebid/domain/evaluation */
  method: z.record(z.string(), z.unknown()),
  methodSha256: z.string(),
  kind: z.string(),
  version: z.number().int(),
  blindTechnical: z.boolean(),
  revealedAt: ZTime.nullable(),
  startedAt: ZTime,
  dueAt: ZTime,
  extensions: z.number().int(),
  /** E6: the requests for the next extension from active members, and how many grant it */
  extension: z.object({ ordinal: z.number().int(), requests: z.number().int(), threshold: z.number().int(), requestedByMe: z.boolean() }),
  chairUserId: z.number().int().nullable(),
  chairElectedAt: ZTime.nullable(),
  /** the section's price ceiling (fen) the opening's flag measured against; null when none */
  priceCeilingFen: z.number().int().nullable(),
  failedAt: ZTime.nullable(),
  failureReason: z.string().nullable(),
  /** the failure notice (废标 / 流标公告) of the section or project when the evaluation failed (O2) */
  failureNoticeId: z.number().int().nullable(),
  /** the caller's own seat when a member */
  me: z
    .object({
      userId: z.number().int(),
      signedInAt: ZTime.nullable(),
      declaredAt: ZTime.nullable(),
      chairVote: z.number().int().nullable(),
      chair: z.boolean(),
    })
    .nullable(),
  members: z.array(ZEvaluationMemberView),
  /** the bids under review; null for a member until it has signed the avoidance declaration (E3) */
  bids: z.array(ZEvaluationBidView).nullable(),
  /** the blind technical parts by blind label, sorted by it; null when not blind, after the reveal, or before the declaration */
  blindParts: z.array(ZEvaluationBlindPartView).nullable(),
});
export type EvaluationView = z.infer<typeof ZEvaluationView>;

export const ZMyEvaluation = z.object({
  evaluationId: z.number().int(),
  projectCode: z.string(),
  projectName: z.string(),
  sectionCode: z.string(),
  sectionName: z.string(),
  status: ZEvaluationStatus,
  startedAt: ZTime,
  dueAt: ZTime,
  signedInAt: ZTime.nullable(),
  declaredAt: ZTime.nullable(),
  chair: z.boolean(),
});
export type MyEvaluation = z.infer<typeof ZMyEvaluation>;

export const ZCenterEvaluation = z.object({
  evaluationId: z.number().int(),
  projectId: z.number().int(),
  projectCode: z.string(),
  projectName: z.string(),
  sectionId: z.number().int(),
  sectionCode: z.string(),
  sectionName: z.string(),
  status: ZEvaluationStatus,
  startedAt: ZTime,
  dueAt: ZTime,
  extensions: z.number().int(),
  members: z.number().int(),
  declared: z.number().int(),
  chairElected: z.boolean(),
});
export type CenterEvaluation = z.infer<typeof ZCenterEvaluation>;

// — the bid viewer —

export const ZEvaluationBidPartsInput = z.object({ evaluationId: ZId, label: z.string().trim().min(1).max(40) });
export const ZEvaluationPartView = z.object({
  part: ZBidPart,
  size: z.number().int(),
  sha256: z.string(),
  /** GET this (same-origin, session cookie) for the decrypted bytes; each view is audited */
  partUrl: z.string(),
});
export const ZEvaluationBidParts = z.object({
  label: z.string(),
  /** the decrypted parts; a blind technical part is not among them before the reveal (see blindParts) */
  parts: z.array(ZEvaluationPartView),
});
export type EvaluationBidParts = z.infer<typeof ZEvaluationBidParts>;

// — clarifications (S10) —

export const ZEvaluationClarifyInput = z.object({
  evaluationId: ZId,
  /** the bid's session label (投标人N); never a blind label */
  label: z.string().trim().min(1).max(40),
  question: ZWrittenText,
  /** the answer's due time (ISO 8601): 15 minutes to 7 days from now */
  answerBy: ZTime,
});
export const ZEvaluationClarification = z.object({
  id: z.number().int(),
  label: z.string(),
  question: z.string(),
  askedAt: ZTime,
  answerBy: ZTime,
  answer: z.string().nullable(),
  answeredAt: ZTime.nullable(),
});
export type EvaluationClarification = z.infer<typeof ZEvaluationClarification>;

/** What a bidder sees of a request addressed to it: never who on the committee asked. */
export const ZMyEvaluationClarification = z.object({
  id: z.number().int(),
  projectCode: z.string(),
  projectName: z.string(),
  sectionCode: z.string(),
  sectionName: z.string(),
  question: z.string(),
  askedAt: ZTime,
  answerBy: ZTime,
  answer: z.string().nullable(),
  answeredAt: ZTime.nullable(),
  /** answerable now: not answered and before its due time */
  open: z.boolean(),
});
export type MyEvaluationClarification = z.infer<typeof ZMyEvaluationClarification>;

export const ZAnswerEvaluationClarificationInput = z.object({ clarificationId: ZId, answer: ZWrittenText });

// — extension (E6) —

export const ZEvaluationExtensionInput = z.object({
  evaluationId: ZId,
  minutes: z.number().int().min(15).max(480),
  reason: z.string().trim().min(1).max(500),
});
export const ZEvaluationExtensionResult = z.object({
  /** the extension asked for (the evaluation's extensions + 1 when asked) */
  ordinal: z.number().int(),
  requests: z.number().int(),
  threshold: z.number().int(),
  granted: z.boolean(),
  dueAt: ZTime,
  extensions: z.number().int(),
});
export type EvaluationExtensionResult = z.infer<typeof ZEvaluationExtensionResult>;

// — replacement (E5) —

export const ZEvaluationReplaceInput = z.object({
  evaluationId: ZId,
  memberUserId: ZId,
  reason: z.string().trim().min(2).max(500),
  /** a backup of the committee on standby; omitted: the next backup of the member's specialty, in drawn order */
  replacementUserId: ZId.optional(),
  /** the same, named by its committee seat (the center's page lists the seats); not with replacementUserId */
  replacementSeatId: ZId.optional(),
});
export const ZEvaluationReReviewItem = z.object({ stage: z.enum(['compliance', 'scoring']), bid: z.string(), criterionId: z.string() });
export const ZEvaluationReplaceResult = z.object({
  replacedUserId: z.number().int(),
  newMemberUserId: z.number().int(),
  newMemberName: z.string(),
  voidedSheets: z.number().int(),
  /** the items the replaced member had reviewed: the newcomer reviews them again (E5) */
  reReview: z.array(ZEvaluationReReviewItem),
  chairCleared: z.boolean(),
});
export type EvaluationReplaceResult = z.infer<typeof ZEvaluationReplaceResult>;

// — progress —

export const ZEvaluationProgress = z.object({
  evaluationId: z.number().int(),
  status: ZEvaluationStatus,
  round: z.number().int(),
  dueAt: ZTime,
  members: z.array(
    z.object({
      userId: z.number().int(),
      name: z.string(),
      signedIn: z.boolean(),
      declared: z.boolean(),
      stages: z.array(z.object({ stage: ZEvaluationStage, drafted: z.number().int(), expected: z.number().int(), signed: z.boolean(), signedAt: ZTime.nullable() })),
    }),
  ),
  clarifications: z.object({ asked: z.number().int(), answered: z.number().int() }),
});
export type EvaluationProgress = z.infer<typeof ZEvaluationProgress>;
