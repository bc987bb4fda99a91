/**
 * Bid securities / deposits (issue 5 §4, issue 16 §5): staff record, look up, refund and forfeit them,
 * import bank statements and resolve the payments that matched no payment reference. Input and output
 * schemas and their types (issue 17 §1).
 */
import { z } from 'zod';
import { TRADE_TYPES } from '@ebid/domain';
import { ZId } from './common.ts';

export const ZDepositStatus = z.enum(['pending', 'received', 'refunded', 'forfeited']);
export type DepositStatus = z.infer<typeof ZDepositStatus>;
export const ZDepositForm = z.enum(['cash', 'guarantee', 'e_guarantee']);

const ZText = (max: number) => z.string().trim().min(1).max(max);
const ZGuaranteeIssuer = z.string().trim().max(128).nullish();
const ZGuaranteeVerification = z.string().trim().max(500).nullish();

export const ZDeposit = z.object({
  id: z.number().int(),
  registrationId: z.number().int(),
  projectId: z.number().int(),
  projectCode: z.string(),
  projectName: z.string(),
  tradeType: z.enum(TRADE_TYPES),
  sectionId: z.number().int(),
  sectionCode: z.string(),
  sectionName: z.string(),
  bidderOrgId: z.number().int(),
  bidderName: z.string(),
  /** The section's required security (fen). */
  requiredFen: z.number().int(),
  /** The amount received (fen), null while pending. */
  receivedFen: z.number().int().nullable(),
  form: ZDepositForm.nullable(),
  payerName: z.string().nullable(),
  payerAccount: z.string().nullable(),
  reference: z.string().nullable(),
  /** The registration's payment reference (付款附言) statement rows are matched by (issue 16 §5). */
  paymentReference: z.string().nullable(),
  /** A (electronic) guarantee's issuer, how it was verified and when (issue 16 §5). */
  guaranteeIssuer: z.string().nullable(),
  guaranteeVerification: z.string().nullable(),
  guaranteeVerifiedAt: z.string().nullable(),
  status: ZDepositStatus,
  source: z.string().nullable(),
  importId: z.number().int().nullable(),
  receivedAt: z.string().nullable(),
  refundDueAt: z.string().nullable(),
  /** The refund due date was computed on a provisional calendar (暂定). */
  refundDueProvisional: z.boolean(),
  refundReason: z.string().nullable(),
  refundedAt: z.string().nullable(),
  forfeitedAt: z.string().nullable(),
  forfeitReason: z.string().nullable(),
  /** Not refunded and the refund due date has passed (B10: red alert). */
  overdue: z.boolean(),
  version: z.number().int(),
});
export type DepositView = z.infer<typeof ZDeposit>;

export const ZDepositListInput = z.object({ projectId: ZId.optional(), status: ZDepositStatus.optional(), overdueOnly: z.boolean().optional() });
export type DepositListInput = z.infer<typeof ZDepositListInput>;

/** One security, by a payment/transaction reference or by project + section + company (统一社会信用代码 or exact name). */
export const ZDepositLookup = z.union([z.object({ reference: ZText(64) }), z.object({ projectCode: ZText(64), sectionCode: ZText(32), company: ZText(128) })]);
export type DepositLookup = z.infer<typeof ZDepositLookup>;

export const ZRecordDepositInput = z.object({
  depositId: ZId,
  amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  form: ZDepositForm,
  payerName: ZText(128),
  payerAccount: z.string().trim().regex(/^[0-9][0-9 -]{0,38}[0-9]?$/).nullish(),
  reference: ZText(64),
  receivedAt: z.iso.datetime({ offset: true }).nullish(),
  /** A (electronic) guarantee: its issuer, how it was verified and when (issue 16 §5); required for guarantees. */
  guaranteeIssuer: ZGuaranteeIssuer,
  guaranteeVerification: ZGuaranteeVerification,
  guaranteeVerifiedAt: z.iso.datetime({ offset: true }).nullish(),
});
export type RecordDepositInput = z.infer<typeof ZRecordDepositInput>;

export const ZRefundDepositInput = z.object({ depositId: ZId, reference: z.string().trim().max(64).nullish() });
export type RefundDepositInput = z.infer<typeof ZRefundDepositInput>;

export const ZForfeitDepositInput = z.object({ depositId: ZId, reason: z.string().trim().min(2).max(500) });
export type ForfeitDepositInput = z.infer<typeof ZForfeitDepositInput>;

/** A bank-statement CSV (at most 1 MiB). */
export const ZImportStatementInput = z.object({ fileName: z.string().trim().min(1).max(200), csv: z.string().min(1).max(1024 * 1024) });
export type ImportStatementInput = z.infer<typeof ZImportStatementInput>;

export const ZImportStatementResult = z.object({ importId: z.number().int(), imported: z.number().int(), unmatched: z.number().int() });
export type ImportStatementResult = z.infer<typeof ZImportStatementResult>;

export const ZUnmatchedStatus = z.enum(['open', 'assigned', 'returned']);
export type UnmatchedPaymentStatus = z.infer<typeof ZUnmatchedStatus>;

/** A statement row that matched no payment reference (issue 16 §5). */
export const ZUnmatchedPayment = z.object({
  id: z.number().int(),
  importId: z.number().int(),
  line: z.number().int(),
  receivedAt: z.string(),
  payerName: z.string(),
  payerAccount: z.string(),
  amountFen: z.number().int(),
  /** The bank transaction id. */
  reference: z.string(),
  remark: z.string().nullable(),
  status: ZUnmatchedStatus,
  depositId: z.number().int().nullable(),
  resolvedAt: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
});
export type UnmatchedPaymentView = z.infer<typeof ZUnmatchedPayment>;

export const ZUnmatchedListInput = z.object({ status: ZUnmatchedStatus.optional() });
export type UnmatchedListInput = z.infer<typeof ZUnmatchedListInput>;

export const ZAssignUnmatchedInput = z.object({
  unmatchedId: ZId,
  paymentReference: ZText(32),
  form: ZDepositForm,
  expectedVersion: z.number().int(),
  guaranteeIssuer: ZGuaranteeIssuer,
  guaranteeVerification: ZGuaranteeVerification,
});
export type AssignUnmatchedInput = z.infer<typeof ZAssignUnmatchedInput>;

export const ZReturnUnmatchedInput = z.object({ unmatchedId: ZId, note: z.string().trim().min(2).max(500), expectedVersion: z.number().int() });
export type ReturnUnmatchedInput = z.infer<typeof ZReturnUnmatchedInput>;
