/**
 * Bid securities / deposits (issue 5 §4, issue 16 §5): created `pending` with the section's required
 * amount when a company registers; received when staff record them, a bank-statement import matches them
 * by payment reference, or staff assign an unmatched payment; refunded or forfeited by staff. Refunds fall
 * due from the act that triggers them (B10) and an overdue one raises a red alert.
 */
export { listDeposits, lookupDeposit } from './listing.ts';
export { recordDeposit } from './receipts.ts';
export { forfeitDeposit, markDepositsForRefund, recomputeRefundDueDates, refundDeposit, refundOverdueAlert } from './refunds.ts';
export { importDeposits } from './statement-import.ts';
export { assignUnmatchedPayment, listUnmatchedPayments, returnUnmatchedPayment } from './unmatched-payments.ts';
