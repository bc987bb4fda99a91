/**
 * The evaluation committee's draw, invitations and roster (issue 21 §3–§6; domain E1, E2, E4, O7).
 * Names are in `seats[].name` only for those who must know (center staff, the project's supervisors)
 * until the committee is published; the public inputs of the draw carry pseudonyms only.
 */
import { z } from 'zod';
import { PROCEDURE_METHODS, TRADE_TYPES } from '@ebid/domain';
import { ZId } from './common.ts';

const ZTime = z.string();
const ZSpecialty = z.string().min(1).max(32);

export const ZCommitteeSpecialtyRequest = z.object({
  specialty: ZSpecialty,
  members: z.number().int().min(1).max(49),
  backups: z.number().int().min(0).max(49),
});

export const ZCommitteeRequestInput = z.object({
  sectionId: ZId,
  /** the whole committee: drawn experts + owner's representatives (E1) */
  size: z.number().int().min(1).max(49),
  ownerReps: z.number().int().min(0).max(49),
  /** flagged technically complex or of major social impact (E1: GP ≥ 7) */
  complex: z.boolean().default(false),
  specialties: z.array(ZCommitteeSpecialtyRequest).min(1).max(10),
  /** minutes an invited expert has to confirm or decline */
  respondMinutes: z.number().int().min(5).max(7 * 24 * 60),
  /** the evaluation session: time and place (the only facts an invitation carries, E4) */
  sessionAt: ZTime,
  sessionPlace: z.string().trim().min(1).max(200),
  /** the witnesses' commit window and then reveal window, minutes (defaults 10 and 5) */
  commitMinutes: z.number().int().min(1).max(24 * 60).optional(),
  revealMinutes: z.number().int().min(1).max(24 * 60).optional(),
});
export type CommitteeRequestInput = z.infer<typeof ZCommitteeRequestInput>;

export const ZCommitteeIdInput = z.object({ committeeId: ZId });
export type CommitteeIdInput = z.infer<typeof ZCommitteeIdInput>;

export const ZCommitteeOfSectionInput = z.object({ sectionId: ZId });
export type CommitteeOfSectionInput = z.infer<typeof ZCommitteeOfSectionInput>;

export const ZCommitteeSeatInput = z.object({ seatId: ZId, note: z.string().trim().max(500).optional() });
export type CommitteeSeatInput = z.infer<typeof ZCommitteeSeatInput>;

export const ZCommitteeManualInput = z.object({
  committeeId: ZId,
  specialty: ZSpecialty,
  expertUserId: ZId,
  /** the special approval (E2): its reference and reason, and who approved it */
  approvalNote: z.string().trim().min(4).max(500),
  approvedBy: ZId,
});
export type CommitteeManualInput = z.infer<typeof ZCommitteeManualInput>;

export const ZCommitteeStatus = z.enum(['requested', 'committed', 'drawn', 'published', 'cancelled']);
export const ZCommitteeSeatStatus = z.enum(['invited', 'confirmed', 'declined', 'timed_out', 'standby', 'replaced', 'avoided']);

export const ZCommitteeSeat = z.object({
  id: z.number().int(),
  specialty: z.string(),
  kind: z.enum(['member', 'backup']),
  rank: z.number().int(),
  status: ZCommitteeSeatStatus,
  pseudonym: z.string(),
  /** the expert's name: center staff and the project's supervisors before publication, everyone after */
  name: z.string().nullable(),
  invitedAt: ZTime.nullable(),
  respondBy: ZTime.nullable(),
  respondedAt: ZTime.nullable(),
  note: z.string().nullable(),
});

export const ZCommittee = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  sectionId: z.number().int(),
  status: ZCommitteeStatus,
  size: z.number().int(),
  ownerReps: z.number().int(),
  complex: z.boolean(),
  respondMinutes: z.number().int(),
  sessionAt: ZTime.nullable(),
  sessionPlace: z.string().nullable(),
  drawId: z.number().int().nullable(),
  eligibleSha256: z.string().nullable(),
  manual: z.boolean(),
  manualApprovalNote: z.string().nullable(),
  publishedAt: ZTime.nullable(),
  createdAt: ZTime,
  specialties: z.array(ZCommitteeSpecialtyRequest),
  seats: z.array(ZCommitteeSeat),
  /** excluded candidates with their reasons (center and supervisors only; empty for the public) */
  excluded: z.array(z.object({ specialty: z.string(), pseudonym: z.string(), reasons: z.array(z.string()) })),
});
export type CommitteeView = z.infer<typeof ZCommittee>;

/** Everything a re-run of the draw needs (issue 21 §3): pseudonyms only, never names. */
export const ZCommitteeVerification = z.object({
  committeeId: z.number().int(),
  status: ZCommitteeStatus,
  eligibleSha256: z.string(),
  list: z.object({
    committeeId: z.number().int(),
    specialties: z.array(z.object({ specialty: z.string(), members: z.number().int(), backups: z.number().int(), eligible: z.array(z.string()) })),
  }),
  draw: z.object({
    drawId: z.number().int(),
    n: z.number().int(),
    commitCloseAt: ZTime,
    revealCloseAt: ZTime,
    platformCommitment: z.string(),
    /** null until the draw has run */
    platformShareHex: z.string().nullable(),
    commitments: z.array(
      z.object({ id: z.number().int(), participant: z.string(), commitment: z.string(), committedAt: ZTime, valueHex: z.string().nullable(), revealedAt: ZTime.nullable() }),
    ),
    resultIndex: z.number().int().nullable(),
    digestHex: z.string().nullable(),
    inputsSha256: z.string().nullable(),
  }),
  /** the drawn members and backups per specialty, as pseudonyms (null until drawn) */
  selection: z.array(z.object({ specialty: z.string(), members: z.array(z.string()), backups: z.array(z.string()) })).nullable(),
});
export type CommitteeVerification = z.infer<typeof ZCommitteeVerification>;

/** An expert's invitation: the session's time and place, the answer due — never the project's bidders (E4). */
export const ZCommitteeInvitation = z.object({
  seatId: z.number().int(),
  committeeId: z.number().int(),
  specialty: z.string(),
  status: ZCommitteeSeatStatus,
  sessionAt: ZTime.nullable(),
  sessionPlace: z.string().nullable(),
  invitedAt: ZTime.nullable(),
  respondBy: ZTime.nullable(),
  respondedAt: ZTime.nullable(),
});
export type CommitteeInvitation = z.infer<typeof ZCommitteeInvitation>;

/**
 * A section a committee draw concerns (issue 21 §7): its bid deadline has passed and its procedure has a
 * drawn committee (E1); its committee's id and status when one exists. Staff and supervisors only.
 */
export const ZCommitteeSection = z.object({
  projectId: z.number().int(),
  projectName: z.string(),
  unifiedDealCode: z.string(),
  tradeType: z.enum(TRADE_TYPES),
  method: z.enum(PROCEDURE_METHODS),
  budgetFen: z.number().int().nullable(),
  sectionId: z.number().int(),
  sectionCode: z.string(),
  sectionName: z.string(),
  bidDeadline: ZTime,
  /** the legal minimum size when not flagged complex (E1) */
  minSize: z.number().int(),
  committee: z.object({ id: z.number().int(), status: ZCommitteeStatus }).nullable(),
});
export type CommitteeSection = z.infer<typeof ZCommitteeSection>;

/** A published committee as the portal lists it (issue 21 §3: the public re-runs its draw): no expert here. */
export const ZPublishedCommittee = z.object({
  committeeId: z.number().int(),
  projectId: z.number().int(),
  projectName: z.string(),
  unifiedDealCode: z.string(),
  tradeType: z.enum(TRADE_TYPES),
  sectionCode: z.string(),
  sectionName: z.string(),
  publishedAt: ZTime,
});
export type PublishedCommittee = z.infer<typeof ZPublishedCommittee>;
