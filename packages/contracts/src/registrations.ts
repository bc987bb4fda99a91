/**
 * Registrations (报名 / 竞买申请, issue 5 §4): a bidder company applies for a section; the views carry the
 * registration's security as far as the reader may see it (issue 13 §2) and the bidder's security card
 * (issue 16 §5). Input and output schemas and their types (issue 17 §1).
 */
import { z } from 'zod';
import { PROCEDURE_STATUSES, TRADE_TYPES } from '@ebid/domain';
import { ZId } from './common.ts';
import { ZDepositForm, ZDepositStatus } from './deposits.ts';

export const ZRegistrationStatus = z.enum(['applied', 'qualified', 'disqualified', 'withdrawn']);
export type RegistrationStatus = z.infer<typeof ZRegistrationStatus>;

export const ZApplyRegistrationInput = z.object({ sectionId: ZId });
export type ApplyRegistrationInput = z.infer<typeof ZApplyRegistrationInput>;

export const ZWithdrawRegistrationInput = z.object({ registrationId: ZId });
export type WithdrawRegistrationInput = z.infer<typeof ZWithdrawRegistrationInput>;

export const ZOpenProjectsInput = z.object({ limit: z.number().int().min(1).max(100).default(100) }).optional();

/** The security of a registration, as its own company (and, after the bid deadline, the owner side) sees it. */
export const ZRegistrationDeposit = z.object({
  id: z.number().int(),
  requiredFen: z.number().int(),
  receivedFen: z.number().int().nullable(),
  form: ZDepositForm.nullable(),
  status: ZDepositStatus,
  receivedAt: z.string().nullable(),
  refundDueAt: z.string().nullable(),
  /** The refund due date was computed on a provisional calendar (暂定). */
  refundDueProvisional: z.boolean(),
  refundedAt: z.string().nullable(),
  overdue: z.boolean(),
  /** Bank transaction id or guarantee number, and a guarantee's issuer and verification (issue 16 §5). */
  reference: z.string().nullable(),
  guaranteeIssuer: z.string().nullable(),
  guaranteeVerification: z.string().nullable(),
  guaranteeVerifiedAt: z.string().nullable(),
});
export type RegistrationDepositBrief = z.infer<typeof ZRegistrationDeposit>;

export const ZRegistration = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  sectionId: z.number().int(),
  sectionCode: z.string(),
  sectionName: z.string(),
  bidderOrgId: z.number().int(),
  bidderName: z.string(),
  status: ZRegistrationStatus,
  appliedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  deposit: ZRegistrationDeposit.nullable(),
  /** The security is not shown to this reader yet (before the bid deadline; issue 13 §2). */
  depositSecret: z.boolean(),
  /** The bidder's payment reference (付款附言, issue 16 §5): its own company and center staff only (null for anyone else). */
  paymentReference: z.string().nullable(),
  version: z.number().int(),
});
export type RegistrationView = z.infer<typeof ZRegistration>;

/** What the bidder's security card shows (issue 16 §5). */
export const ZSecurityCard = z.object({
  /** The tender waives the security (发改法规〔2023〕27号): nothing to pay. */
  waived: z.boolean(),
  /** The forms allowed for the trade type (B7). */
  allowedForms: z.array(ZDepositForm),
  /** The center's receiving account (CENTER_DEPOSIT_*). */
  account: z.object({ bank: z.string(), accountName: z.string(), accountNo: z.string() }),
});
export type SecurityCardView = z.infer<typeof ZSecurityCard>;

export const ZMyRegistration = ZRegistration.extend({
  project: z.object({
    id: z.number().int(),
    unifiedDealCode: z.string(),
    name: z.string(),
    status: z.enum(PROCEDURE_STATUSES),
    tradeType: z.enum(TRADE_TYPES),
    method: z.string(),
    deadline: z.string().nullable(),
  }),
  security: ZSecurityCard,
});
export type MyRegistrationView = z.infer<typeof ZMyRegistration>;

export const ZOpenProject = z.object({
  id: z.number().int(),
  unifiedDealCode: z.string(),
  name: z.string(),
  tradeType: z.enum(TRADE_TYPES),
  method: z.string(),
  prequalification: z.boolean(),
  status: z.enum(PROCEDURE_STATUSES),
  tendereeName: z.string(),
  deadline: z.string().nullable(),
  sections: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      securityFen: z.number().int().nullable(),
      myRegistration: z.object({ id: z.number().int(), status: ZRegistrationStatus }).nullable(),
    }),
  ),
});
export type OpenProjectView = z.infer<typeof ZOpenProject>;

/**
 * The review of a land or property application before the sale (issue 18 §4): center staff find the
 * applicant qualified or not; a refusal states its reason (the applicant is told it).
 */
export const ZReviewRegistrationInput = z.object({
  registrationId: ZId,
  decision: z.enum(['qualified', 'disqualified']),
  note: z.string().trim().max(500).optional(),
  /** The registration's version the reviewer saw (a concurrent change refuses with CONFLICT). */
  expectedVersion: z.number().int().min(1).optional(),
});
export type ReviewRegistrationInput = z.infer<typeof ZReviewRegistrationInput>;

/** A land / property project whose applications center staff review (the reviewers' queue). */
export const ZSaleReviewItem = z.object({
  projectId: z.number().int(),
  unifiedDealCode: z.string(),
  name: z.string(),
  tradeType: z.enum(TRADE_TYPES),
  method: z.string(),
  status: z.enum(PROCEDURE_STATUSES),
  /** The review closes at this instant (the listing end, the auction start …), null when not scheduled. */
  reviewClosesAt: z.string().nullable(),
  /** Applications still awaiting a decision. */
  pending: z.number().int(),
});
export type SaleReviewItem = z.infer<typeof ZSaleReviewItem>;
