/**
 * deposit.import (staff): a bank-statement CSV (issue 5 §4, issue 16 §5). The file is read by the pure
 * `parseBankStatement` (@ebid/domain/bank-statement); this module matches its rows to securities by the
 * payment reference in each remark, stores the file and records everything — all rows or none.
 */
import crypto from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { depositImports, deposits, registrations, unmatchedPayments, type Tx } from '@ebid/db';
import { PLATFORM_CHAIN, projectChain } from '@ebid/audit';
import { AppError, findPaymentReferences } from '@ebid/domain';
import { parseBankStatement, statementRejected, type StatementRow, type StatementRowProblem } from '@ebid/domain/bank-statement';
import type { ImportStatementInput, ImportStatementResult } from '@ebid/contracts';
import { audit, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { validateFileName } from '../documents/uploads.ts';
import { checkReceipt, receiveFromStatement, referenceOnce } from './receipts.ts';
import { selectDepositContext } from './views.ts';

const IMPORT_MAX_BYTES = 1024 * 1024;

interface MatchedRow {
  row: StatementRow;
  depositId: number;
  depositVersion: number;
  projectId: number;
}

/**
 * Match every parsed row against the database (within `tx`, locking the deposits it would change), by
 * the payment reference in its remark (issue 16 §5) — never by the payer's name. A row whose remark
 * carries no known reference, or several, or the reference of a registration with no security to pay,
 * is unmatched: kept for staff, never guessed. Amount (B6, required) and form/payer (B7) are checked as
 * for a manual receipt, and a bank transaction id already recorded is refused (never counted twice).
 */
async function matchRows(tx: Tx, rows: StatementRow[], problems: StatementRowProblem[]): Promise<{ matched: MatchedRow[]; unmatched: StatementRow[] }> {
  const matched: MatchedRow[] = [];
  const unmatched: StatementRow[] = [];
  const refs = rows.map((r) => r.reference);
  const used = new Set(
    refs.length
      ? [
          ...(await tx.select({ reference: deposits.reference }).from(deposits).where(inArray(deposits.reference, refs))).map((r) => r.reference),
          ...(await tx.select({ reference: unmatchedPayments.reference }).from(unmatchedPayments).where(inArray(unmatchedPayments.reference, refs))).map((r) => r.reference),
        ]
      : [],
  );
  const paymentRefs = [...new Set(rows.flatMap((r) => findPaymentReferences(r.remark)))];
  const known = new Set(
    paymentRefs.length
      ? (await tx.select({ ref: registrations.paymentReference }).from(registrations).where(inArray(registrations.paymentReference, paymentRefs))).map((r) => r.ref)
      : [],
  );
  const claimed = new Map<number, number>();
  for (const row of rows) {
    const bad = (field: string, reason: string, zh: string, en: string) =>
      problems.push({ line: row.line, field, reason, messageZh: `第${row.line}行：${zh}`, messageEn: `Line ${row.line}: ${en}` });
    if (used.has(row.reference)) {
      bad('reference', 'REFERENCE_USED', `交易流水号“${row.reference}”已导入或登记过`, `Reference "${row.reference}" was already recorded`);
      continue;
    }
    const mine = findPaymentReferences(row.remark).filter((r) => known.has(r));
    const [paymentReference] = mine;
    if (mine.length !== 1 || paymentReference === undefined) {
      unmatched.push(row);
      continue;
    }
    const [m] = await selectDepositContext(tx).where(eq(registrations.paymentReference, paymentReference)).for('update', { of: deposits });
    if (!m) {
      unmatched.push(row); // a registration with no security to pay (none required, or waived)
      continue;
    }
    if (m.reg.status === 'withdrawn') {
      bad('remark', 'REGISTRATION_WITHDRAWN', `付款附言${paymentReference}对应的报名已撤回`, `The registration of payment reference ${paymentReference} was withdrawn`);
      continue;
    }
    if (m.d.status !== 'pending') {
      bad('remark', 'DEPOSIT_NOT_PENDING', '该报名的保证金已到账或已处理', 'The deposit of this registration is not pending');
      continue;
    }
    const prev = claimed.get(m.d.id);
    if (prev !== undefined) {
      bad('remark', 'DUPLICATE_DEPOSIT', `与第${prev}行是同一笔保证金`, `Same deposit as line ${prev}`);
      continue;
    }
    claimed.set(m.d.id, row.line);
    const ps = checkReceipt({
      tradeType: m.p.tradeType,
      subject: m.p.subject,
      ceilingFen: m.s.ceilingFen,
      budgetFen: m.p.budgetFen,
      requiredFen: m.d.amountFen,
      amountFen: row.amountFen,
      form: row.form,
      payerAccount: row.payerAccount,
      basicAccountNo: m.org.basicAccountNo,
    });
    // A receipt's `amountFen` problem is the statement's `amount` column.
    for (const x of ps) bad(x.field === 'amountFen' ? 'amount' : x.field, x.reason, x.messageZh, x.messageEn);
    if (ps.length === 0) matched.push({ row, depositId: m.d.id, depositVersion: m.d.version, projectId: m.p.id });
  }
  return { matched, unmatched };
}

/**
 * Every row is checked; any problem → VALIDATION `{ reason: 'IMPORT_ROWS', rows }` and nothing is
 * imported. Otherwise the file goes to the object store (outside any transaction) and then, in one
 * transaction that checks everything again under row locks, every matched deposit becomes received, every
 * unmatched row is kept in unmatched_payments for staff (issue 16 §5), and a deposit_imports row records
 * the file's hash.
 */
export async function importDeposits(deps: Pick<Deps, 'db' | 'clock' | 'storage'>, ctx: RequestContext, input: ImportStatementInput): Promise<ImportStatementResult> {
  const actor = requireRole(ctx, 'staff');
  const bytes = Buffer.from(input.csv, 'utf8');
  if (bytes.length > IMPORT_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', undefined, { field: 'csv', maxBytes: IMPORT_MAX_BYTES });
  validateFileName(input.fileName, 'fileName');
  const { rows, problems } = parseBankStatement(input.csv, deps.clock.now());
  // 1. Check everything read-only first: a bad file is reported without storing anything.
  await deps.db.transaction(async (tx) => {
    await matchRows(tx, rows, problems);
    if (problems.length > 0) throw statementRejected(problems.sort((a, b) => a.line - b.line));
  });
  // 2. Keep the statement (content-addressed) before the write transaction.
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  await deps.storage.put(bytes, { expectedSha256: sha256, contentType: 'text/csv', maxSize: IMPORT_MAX_BYTES });
  // 3. One short transaction: check again under locks (something may have changed), then write all.
  return referenceOnce(
    'cash',
    deps.db.transaction(async (tx) => {
      const again: StatementRowProblem[] = [];
      const { matched, unmatched } = await matchRows(tx, rows, again);
      if (again.length > 0) throw statementRejected(again.sort((a, b) => a.line - b.line));
      const now = deps.clock.now();
      const [imp] = await tx.insert(depositImports).values({ fileName: input.fileName, sha256, rowCount: matched.length, importedBy: actor.userId, at: now }).returning();
      if (!imp) throw new AppError('INTERNAL');
      for (const m of matched) {
        const { amountFen, form, payerName, payerAccount, reference, date, guaranteeIssuer, guaranteeVerification } = m.row;
        await receiveFromStatement(
          tx,
          { id: m.depositId, version: m.depositVersion },
          { amountFen, form, payerName, payerAccount, reference, receivedAt: date, guaranteeIssuer, guaranteeVerification, guaranteeVerifiedAt: form === 'cash' ? null : now },
          { importId: imp.id, userId: actor.userId },
        );
        await audit(tx, deps, ctx, {
          chain: projectChain(m.projectId),
          action: 'deposit.record',
          subject: { type: 'deposit', id: m.depositId },
          payload: { source: 'import', importId: imp.id, line: m.row.line, amountFen: m.row.amountFen, form: m.row.form, payerName: m.row.payerName, payerAccount: m.row.payerAccount, reference: m.row.reference, receivedAt: m.row.date.toISOString(), guaranteeIssuer: m.row.guaranteeIssuer, guaranteeVerification: m.row.guaranteeVerification },
        });
      }
      for (const u of unmatched) {
        await tx.insert(unmatchedPayments).values({
          importId: imp.id,
          line: u.line,
          receivedAt: u.date,
          payerName: u.payerName,
          payerAccount: u.payerAccount ?? '',
          amountFen: u.amountFen,
          reference: u.reference,
          remark: u.remark || null,
          status: 'open',
        });
      }
      await audit(tx, deps, ctx, {
        chain: PLATFORM_CHAIN,
        action: 'deposit.import',
        subject: { type: 'deposit_import', id: imp.id },
        payload: { fileName: input.fileName, sha256, rows: matched.length, unmatched: unmatched.map((u) => ({ line: u.line, reference: u.reference, amountFen: u.amountFen })) },
        objectHashes: [sha256],
      });
      return { importId: imp.id, imported: matched.length, unmatched: unmatched.length };
    }),
  );
}
