import { z } from 'zod';
import { assignUnmatchedPayment, forfeitDeposit, importDeposits, listDeposits, listUnmatchedPayments, lookupDeposit, recordDeposit, refundDeposit, returnUnmatchedPayment } from '@ebid/services';
import { TRADE_TYPES } from '@ebid/domain';
import { ZId } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';
import { ZDepositForm, ZDepositStatus } from './registration.ts';

const ZDeposit = z.object({
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
  requiredFen: z.number().int(),
  receivedFen: z.number().int().nullable(),
  form: ZDepositForm.nullable(),
  payerName: z.string().nullable(),
  payerAccount: z.string().nullable(),
  reference: z.string().nullable(),
  paymentReference: z.string().nullable(),
  guaranteeIssuer: z.string().nullable(),
  guaranteeVerification: z.string().nullable(),
  guaranteeVerifiedAt: z.string().nullable(),
  status: ZDepositStatus,
  source: z.string().nullable(),
  importId: z.number().int().nullable(),
  receivedAt: z.string().nullable(),
  refundDueAt: z.string().nullable(),
  refundDueProvisional: z.boolean(),
  refundReason: z.string().nullable(),
  refundedAt: z.string().nullable(),
  forfeitedAt: z.string().nullable(),
  forfeitReason: z.string().nullable(),
  overdue: z.boolean(),
  version: z.number().int(),
});

const ZText = (max: number) => z.string().trim().min(1).max(max);

const ZUnmatchedStatus = z.enum(['open', 'assigned', 'returned']);
const ZUnmatchedPayment = z.object({
  id: z.number().int(),
  importId: z.number().int(),
  line: z.number().int(),
  receivedAt: z.string(),
  payerName: z.string(),
  payerAccount: z.string(),
  amountFen: z.number().int(),
  reference: z.string(),
  remark: z.string().nullable(),
  status: ZUnmatchedStatus,
  depositId: z.number().int().nullable(),
  resolvedAt: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
});

export const depositRouter = createTRPCRouter({
  list: guardedProcedure
    .input(z.object({ projectId: ZId.optional(), status: ZDepositStatus.optional(), overdueOnly: z.boolean().optional() }))
    .output(z.array(ZDeposit))
    .query(({ ctx, input }) => listDeposits(ctx.deps, requestContext(ctx), input)),

  /**
   * Staff find ONE security: by its payment reference, or by project + section + company (统一社会信用代码
   * or exact name) when the bidder presents it — before the bid deadline the list shows none (issue 13 §2).
   */
  lookup: guardedProcedure
    .input(
      z.union([
        z.object({ reference: ZText(64) }),
        z.object({ projectCode: ZText(64), sectionCode: ZText(32), company: ZText(128) }),
      ]),
    )
    .output(ZDeposit)
    .query(({ ctx, input }) => lookupDeposit(ctx.deps, requestContext(ctx), input)),

  /** Staff record a received security (B6 cap, required amount, B7 form/payer). */
  record: guardedProcedure
    .input(
      z.object({
        depositId: ZId,
        amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        form: ZDepositForm,
        payerName: ZText(128),
        payerAccount: z.string().trim().regex(/^[0-9][0-9 -]{0,38}[0-9]?$/).nullish(),
        reference: ZText(64),
        receivedAt: z.iso.datetime({ offset: true }).nullish(),
        /** A (electronic) guarantee: its issuer, how it was verified and when (issue 16 §5); required for guarantees. */
        guaranteeIssuer: z.string().trim().max(128).nullish(),
        guaranteeVerification: z.string().trim().max(500).nullish(),
        guaranteeVerifiedAt: z.iso.datetime({ offset: true }).nullish(),
      }),
    )
    .output(ZDeposit)
    .mutation(({ ctx, input }) => recordDeposit(ctx.deps, requestContext(ctx), input)),

  refund: guardedProcedure
    .input(z.object({ depositId: ZId, reference: z.string().trim().max(64).nullish() }))
    .output(ZDeposit)
    .mutation(({ ctx, input }) => refundDeposit(ctx.deps, requestContext(ctx), input)),

  forfeit: guardedProcedure
    .input(z.object({ depositId: ZId, reason: z.string().trim().min(2).max(500) }))
    .output(ZDeposit)
    .mutation(({ ctx, input }) => forfeitDeposit(ctx.deps, requestContext(ctx), input)),

  /** A bank-statement CSV: every row checked, all imported or none (VALIDATION IMPORT_ROWS lists the bad rows). */
  import: guardedProcedure
    .input(z.object({ fileName: z.string().trim().min(1).max(200), csv: z.string().min(1).max(1024 * 1024) }))
    .output(z.object({ importId: z.number().int(), imported: z.number().int(), unmatched: z.number().int() }))
    .mutation(({ ctx, input }) => importDeposits(ctx.deps, requestContext(ctx), input)),

  /** Staff: statement rows that matched no payment reference (issue 16 §5), open ones by default. */
  unmatched: guardedProcedure
    .input(z.object({ status: ZUnmatchedStatus.optional() }))
    .output(z.array(ZUnmatchedPayment))
    .query(({ ctx, input }) => listUnmatchedPayments(ctx.deps, requestContext(ctx), input)),

  /** Staff assign an unmatched payment to the security of the registration with this payment reference. */
  assignUnmatched: guardedProcedure
    .input(
      z.object({
        unmatchedId: ZId,
        paymentReference: ZText(32),
        form: ZDepositForm,
        expectedVersion: z.number().int(),
        guaranteeIssuer: z.string().trim().max(128).nullish(),
        guaranteeVerification: z.string().trim().max(500).nullish(),
      }),
    )
    .output(ZDeposit)
    .mutation(({ ctx, input }) => assignUnmatchedPayment(ctx.deps, requestContext(ctx), input)),

  /** Staff mark an unmatched payment returned to its payer, with a note. */
  returnUnmatched: guardedProcedure
    .input(z.object({ unmatchedId: ZId, note: z.string().trim().min(2).max(500), expectedVersion: z.number().int() }))
    .output(ZUnmatchedPayment)
    .mutation(({ ctx, input }) => returnUnmatchedPayment(ctx.deps, requestContext(ctx), input)),
});
