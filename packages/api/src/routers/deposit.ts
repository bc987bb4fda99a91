/** Bid securities (issue 5 §4, issue 16 §5): staff record, look up, refund and forfeit them and import bank statements. */
import { z } from 'zod';
import { assignUnmatchedPayment, forfeitDeposit, importDeposits, listDeposits, listUnmatchedPayments, lookupDeposit, recordDeposit, refundDeposit, returnUnmatchedPayment } from '@ebid/services';
import {
  ZAssignUnmatchedInput,
  ZDeposit,
  ZDepositListInput,
  ZDepositLookup,
  ZForfeitDepositInput,
  ZImportStatementInput,
  ZImportStatementResult,
  ZRecordDepositInput,
  ZRefundDepositInput,
  ZReturnUnmatchedInput,
  ZUnmatchedListInput,
  ZUnmatchedPayment,
} from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const depositRouter = createTRPCRouter({
  list: guardedProcedure
    .input(ZDepositListInput)
    .output(z.array(ZDeposit))
    .query(({ ctx, input }) => listDeposits(ctx.deps, requestContext(ctx), input)),

  /**
   * Staff find ONE security: by its payment reference, or by project + section + company (统一社会信用代码
   * or exact name) when the bidder presents it — before the bid deadline the list shows none (issue 13 §2).
   */
  lookup: guardedProcedure
    .input(ZDepositLookup)
    .output(ZDeposit)
    .query(({ ctx, input }) => lookupDeposit(ctx.deps, requestContext(ctx), input)),

  /** Staff record a received security (B6 cap, required amount, B7 form/payer). */
  record: guardedProcedure
    .input(ZRecordDepositInput)
    .output(ZDeposit)
    .mutation(({ ctx, input }) => recordDeposit(ctx.deps, requestContext(ctx), input)),

  refund: guardedProcedure
    .input(ZRefundDepositInput)
    .output(ZDeposit)
    .mutation(({ ctx, input }) => refundDeposit(ctx.deps, requestContext(ctx), input)),

  forfeit: guardedProcedure
    .input(ZForfeitDepositInput)
    .output(ZDeposit)
    .mutation(({ ctx, input }) => forfeitDeposit(ctx.deps, requestContext(ctx), input)),

  /** A bank-statement CSV: every row checked, all imported or none (VALIDATION IMPORT_ROWS lists the bad rows). */
  import: guardedProcedure
    .input(ZImportStatementInput)
    .output(ZImportStatementResult)
    .mutation(({ ctx, input }) => importDeposits(ctx.deps, requestContext(ctx), input)),

  /** Staff: statement rows that matched no payment reference (issue 16 §5), open ones by default. */
  unmatched: guardedProcedure
    .input(ZUnmatchedListInput)
    .output(z.array(ZUnmatchedPayment))
    .query(({ ctx, input }) => listUnmatchedPayments(ctx.deps, requestContext(ctx), input)),

  /** Staff assign an unmatched payment to the security of the registration with this payment reference. */
  assignUnmatched: guardedProcedure
    .input(ZAssignUnmatchedInput)
    .output(ZDeposit)
    .mutation(({ ctx, input }) => assignUnmatchedPayment(ctx.deps, requestContext(ctx), input)),

  /** Staff mark an unmatched payment returned to its payer, with a note. */
  returnUnmatched: guardedProcedure
    .input(ZReturnUnmatchedInput)
    .output(ZUnmatchedPayment)
    .mutation(({ ctx, input }) => returnUnmatchedPayment(ctx.deps, requestContext(ctx), input)),
});
