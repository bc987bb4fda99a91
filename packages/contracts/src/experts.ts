/**
 * The evaluation expert pool (issue 21 §1; domain §3, E3): profiles, availability, sanctions and declared
 * ties. The center (staff, platform_admin) maintains the pool; supervisors read it; an expert reads and
 * edits its own profile and declares its own ties. Specialties are codes of the domain vocabulary
 * (committee/specialties.ts); credit codes are checked by the service (GB 32100 check character).
 */
import { z } from 'zod';
import { SPECIALTY_CODES } from '@ebid/domain';
import { ZCreditCode, ZId } from './common.ts';

export const EXPERT_TIE_KINDS = ['employment', 'board', 'control', 'relative_employer'] as const;
export const ZExpertTieKind = z.enum(EXPERT_TIE_KINDS);
export const ZSpecialtyCode = z.enum(SPECIALTY_CODES);
const ZYmd = z.iso.date();
const ZReason = z.string().trim().min(2).max(500);

export const ZExpertTie = z.object({
  id: z.number().int(),
  expertUserId: z.number().int(),
  orgCreditCode: z.string(),
  orgName: z.string(),
  kind: ZExpertTieKind,
  startedOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  declaredBy: z.number().int(),
  /** Whether the tie still counts for avoidance today (E3: lasting, or ended within 3 years). */
  counts: z.boolean(),
  createdAt: z.string(),
});
export type ExpertTieView = z.infer<typeof ZExpertTie>;

export const ZExpertProfile = z.object({
  userId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  active: z.boolean(),
  pseudonym: z.string(),
  specialties: z.array(z.string()),
  regionCode: z.string().nullable(),
  title: z.string().nullable(),
  employer: z.string().nullable(),
  employerCreditCode: z.string().nullable(),
  yearsInField: z.number().int().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  available: z.boolean(),
  unavailableReason: z.string().nullable(),
  sanctionedUntil: z.string().nullable(),
  sanctionReason: z.string().nullable(),
  /** Under sanction now (server time). */
  sanctioned: z.boolean(),
  updatedAt: z.string(),
});
export type ExpertProfileView = z.infer<typeof ZExpertProfile>;

/** One expert with its ties (the pool's detail view, and an expert's own page). */
export const ZExpertDetail = z.object({ profile: ZExpertProfile, ties: z.array(ZExpertTie) });
export type ExpertDetail = z.infer<typeof ZExpertDetail>;

export const ZExpertListInput = z.object({
  /** Name, username, pseudonym, employer or title contains. */
  q: z.string().trim().max(64).optional(),
  specialty: ZSpecialtyCode.optional(),
  /** 'available': available and not sanctioned; 'unavailable'; 'sanctioned'. */
  state: z.enum(['available', 'unavailable', 'sanctioned']).optional(),
  offset: z.number().int().min(0).max(100_000).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ExpertListInput = z.input<typeof ZExpertListInput>;
export const ZExpertListOutput = z.object({ items: z.array(ZExpertProfile), total: z.number().int() });
export type ExpertListOutput = z.infer<typeof ZExpertListOutput>;

export const ZExpertIdInput = z.object({ userId: ZId });
export type ExpertIdInput = z.infer<typeof ZExpertIdInput>;

const ZProfileFields = {
  regionCode: z.string().trim().max(12).nullish(),
  title: z.string().trim().max(64).nullish(),
  employer: z.string().trim().max(128).nullish(),
  employerCreditCode: z.string().trim().toUpperCase().max(18).nullish(),
  yearsInField: z.number().int().min(0).max(80).nullish(),
  phone: z.string().trim().regex(/^[0-9+\-() ]{6,20}$/).nullish(),
};

/** Center: create the profile of an expert account that has none (accounts made by user.create get one). */
export const ZCreateExpertProfileInput = z.object({ userId: ZId, specialties: z.array(ZSpecialtyCode).min(1).max(5), ...ZProfileFields });
export type CreateExpertProfileInput = z.infer<typeof ZCreateExpertProfileInput>;

/** Center: edit an expert's profile; fields left out stay as they are. */
export const ZUpdateExpertProfileInput = z.object({ userId: ZId, specialties: z.array(ZSpecialtyCode).min(1).max(5).optional(), ...ZProfileFields });
export type UpdateExpertProfileInput = z.infer<typeof ZUpdateExpertProfileInput>;

/** An expert: edit its own profile (not its specialties, availability by setMyAvailability, never sanctions). */
export const ZUpdateMyExpertProfileInput = z.object(ZProfileFields);
export type UpdateMyExpertProfileInput = z.infer<typeof ZUpdateMyExpertProfileInput>;

export const ZSetExpertAvailabilityInput = z.object({ userId: ZId, available: z.boolean(), reason: ZReason.nullish() });
export type SetExpertAvailabilityInput = z.infer<typeof ZSetExpertAvailabilityInput>;
export const ZSetMyAvailabilityInput = z.object({ available: z.boolean(), reason: ZReason.nullish() });
export type SetMyAvailabilityInput = z.infer<typeof ZSetMyAvailabilityInput>;

/** Center: sanction an expert until an instant (ISO 8601), with the reason. */
export const ZSanctionExpertInput = z.object({ userId: ZId, until: z.iso.datetime({ offset: true }), reason: ZReason });
export type SanctionExpertInput = z.infer<typeof ZSanctionExpertInput>;
export const ZUnsanctionExpertInput = z.object({ userId: ZId, reason: ZReason });
export type UnsanctionExpertInput = z.infer<typeof ZUnsanctionExpertInput>;

/** Declare a tie: an expert its own (no userId), the center for an expert (userId). */
export const ZDeclareTieInput = z.object({
  userId: ZId.optional(),
  orgCreditCode: ZCreditCode,
  orgName: z.string().trim().min(2).max(128),
  kind: ZExpertTieKind,
  startedOn: ZYmd.nullish(),
  endedOn: ZYmd.nullish(),
});
export type DeclareTieInput = z.infer<typeof ZDeclareTieInput>;

export const ZEndTieInput = z.object({ tieId: ZId, endedOn: ZYmd });
export type EndTieInput = z.infer<typeof ZEndTieInput>;
