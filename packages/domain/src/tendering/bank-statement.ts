/**
 * The bank-statement CSV staff import to record securities (issue 5 §4, issue 16 §5), read without any
 * database: the header's columns (Chinese or English names), each row's own checks (required cells, date,
 * amount, form, a guarantee's issuer and verification) and references unique within the file. Matching the
 * rows to securities is the service's (deposits/statement-import.ts). A file that cannot be read at all
 * (malformed CSV, empty, a required column missing, too many rows) is refused at once; row problems are
 * returned so the service can add its own and report them all together.
 *
 * A separate entry (`@ebid/domain/bank-statement`): it loads the CSV parser, which the web never needs.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { AppError } from '../errors.ts';
import { parseYuanToFen, type SecurityForm } from './security.ts';

/** At most this many transactions per import. */
export const BANK_STATEMENT_MAX_ROWS = 5000;

/** A problem of one row (or of the file: field 'file'), reported to staff in both languages. */
export interface StatementRowProblem {
  line: number;
  field: string;
  reason: string;
  messageZh: string;
  messageEn: string;
}

export type StatementField = 'date' | 'payerName' | 'payerAccount' | 'amount' | 'reference' | 'remark' | 'form' | 'guaranteeIssuer' | 'guaranteeVerification';

/** A row that passed its own checks. */
export interface StatementRow {
  line: number;
  date: Date;
  payerName: string;
  payerAccount: string | null;
  amountFen: number;
  reference: string;
  /** The transfer's remark (附言): where the payer wrote its payment reference (BZJ…). */
  remark: string;
  form: SecurityForm;
  /** A (electronic) guarantee's issuer and verification (required for those forms); verified at the import. */
  guaranteeIssuer: string | null;
  guaranteeVerification: string | null;
}

const HEADER_ALIASES: Record<string, StatementField> = {
  交易日期: 'date',
  date: 'date',
  付款人名称: 'payerName',
  payer_name: 'payerName',
  付款账号: 'payerAccount',
  payer_account: 'payerAccount',
  金额: 'amount',
  amount: 'amount',
  交易流水号: 'reference',
  reference: 'reference',
  附言: 'remark',
  摘要: 'remark',
  用途: 'remark',
  remark: 'remark',
  保证金形式: 'form',
  form: 'form',
  保函出具机构: 'guaranteeIssuer',
  guarantee_issuer: 'guaranteeIssuer',
  保函核验: 'guaranteeVerification',
  guarantee_verification: 'guaranteeVerification',
};
const REQUIRED_COLUMNS: StatementField[] = ['date', 'payerName', 'payerAccount', 'amount', 'reference', 'remark'];
const FIELD_LABELS: Record<StatementField, { zh: string; en: string }> = {
  date: { zh: '交易日期', en: 'date' },
  payerName: { zh: '付款人名称', en: 'payer_name' },
  payerAccount: { zh: '付款账号', en: 'payer_account' },
  amount: { zh: '金额', en: 'amount' },
  reference: { zh: '交易流水号', en: 'reference' },
  remark: { zh: '附言', en: 'remark' },
  form: { zh: '保证金形式', en: 'form' },
  guaranteeIssuer: { zh: '保函出具机构', en: 'guarantee_issuer' },
  guaranteeVerification: { zh: '保函核验', en: 'guarantee_verification' },
};
const FORM_ALIASES: Record<string, SecurityForm> = {
  现金: 'cash',
  cash: 'cash',
  保函: 'guarantee',
  guarantee: 'guarantee',
  电子保函: 'e_guarantee',
  e_guarantee: 'e_guarantee',
};

/** The statement is refused, nothing imported: VALIDATION `{ reason: 'IMPORT_ROWS', rows }`. */
export function statementRejected(rows: StatementRowProblem[]): AppError {
  return new AppError(
    'VALIDATION',
    { zh: `银行流水中有${rows.length}处错误，未导入任何记录`, en: `The bank statement has ${rows.length} problem(s); nothing was imported` },
    { reason: 'IMPORT_ROWS', rows },
  );
}

/** 'YYYY-MM-DD' or 'YYYY-MM-DD HH:mm' in 北京时间 → instant, or null (calendar-checked: no 2月30日). */
export function parseBeijingStatementDate(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(s.trim());
  if (!m) return null;
  const [Y, M, D, H, MI] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? '00'), Number(m[5] ?? '00')];
  if (M < 1 || M > 12 || D < 1 || H > 23 || MI > 59) return null;
  const utc = Date.UTC(Y, M - 1, D, H, MI);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== Y || check.getUTCMonth() !== M - 1 || check.getUTCDate() !== D) return null;
  return new Date(utc - 8 * 3600_000);
}

type CsvRecord = { record: string[]; info: { lines: number } };

function readRecords(csv: string): CsvRecord[] {
  try {
    // With `info: true` each record comes as { record, info }; csv-parse's types do not model that option.
    return parseCsv(csv, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as CsvRecord[];
  } catch (e) {
    const line = typeof e === 'object' && e !== null && 'lines' in e ? Number(e.lines ?? 0) : 0;
    const message = e instanceof Error ? e.message : String(e);
    throw statementRejected([{ line, field: 'file', reason: 'CSV_MALFORMED', messageZh: `CSV格式错误：${message}`, messageEn: `Malformed CSV: ${message}` }]);
  }
}

/**
 * Read a statement: the rows that passed their own checks and every row problem found. Throws
 * `statementRejected` when the file cannot be read at all. `now` refuses transactions dated in the future.
 */
export function parseBankStatement(csv: string, now: Date): { rows: StatementRow[]; problems: StatementRowProblem[] } {
  const records = readRecords(csv);
  const header = records[0];
  if (!header) throw statementRejected([{ line: 1, field: 'file', reason: 'EMPTY', messageZh: '文件为空', messageEn: 'The file is empty' }]);
  const columns = new Map<StatementField, number>();
  header.record.forEach((h, i) => {
    const f = HEADER_ALIASES[h.trim()] ?? HEADER_ALIASES[h.trim().toLowerCase()];
    if (f && !columns.has(f)) columns.set(f, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw statementRejected(
      missing.map((c) => ({
        line: header.info.lines,
        field: c,
        reason: 'MISSING_COLUMN',
        messageZh: `缺少列：${FIELD_LABELS[c].zh}`,
        messageEn: `Missing column: ${FIELD_LABELS[c].en}`,
      })),
    );
  }
  const body = records.slice(1);
  if (body.length === 0) throw statementRejected([{ line: header.info.lines, field: 'file', reason: 'EMPTY', messageZh: '文件中没有交易记录', messageEn: 'The file has no transactions' }]);
  if (body.length > BANK_STATEMENT_MAX_ROWS) {
    throw statementRejected([{ line: 0, field: 'file', reason: 'TOO_MANY_ROWS', messageZh: `单次最多导入${BANK_STATEMENT_MAX_ROWS}行`, messageEn: `At most ${BANK_STATEMENT_MAX_ROWS} rows per import` }]);
  }
  const problems: StatementRowProblem[] = [];
  const rows: StatementRow[] = [];
  for (const { record, info } of body) {
    const line = info.lines;
    const get = (f: StatementField) => {
      const i = columns.get(f);
      return i === undefined ? '' : (record[i] ?? '').trim();
    };
    const bad = (field: StatementField, reason: string, zh: string, en: string) => problems.push({ line, field, reason, messageZh: `第${line}行：${zh}`, messageEn: `Line ${line}: ${en}` });
    const formText = get('form');
    const form = formText === '' ? 'cash' : (FORM_ALIASES[formText] ?? FORM_ALIASES[formText.toLowerCase()]);
    if (!form) bad('form', 'FORM_UNKNOWN', `保证金形式“${formText}”无效（现金/保函/电子保函）`, `Unknown form "${formText}" (cash/guarantee/e_guarantee)`);
    let ok = !!form;
    for (const f of REQUIRED_COLUMNS) {
      if (f === 'payerAccount' && form && form !== 'cash') continue; // a guarantee need not name an account
      if (f === 'remark') continue; // no remark: an unmatched payment, listed for staff
      if (get(f) === '') {
        bad(f, 'REQUIRED', `${FIELD_LABELS[f].zh}不能为空`, `${FIELD_LABELS[f].en} is required`);
        ok = false;
      }
    }
    // A guarantee is recorded with its issuer and how it was verified (issue 16 §5).
    for (const f of ['guaranteeIssuer', 'guaranteeVerification'] as const) {
      if (form && form !== 'cash' && get(f).length < 2) {
        bad(f, 'GUARANTEE_DETAILS', `保函须填写${FIELD_LABELS[f].zh}`, `A guarantee needs its ${FIELD_LABELS[f].en}`);
        ok = false;
      }
    }
    const dateText = get('date');
    const date = dateText ? parseBeijingStatementDate(dateText) : null;
    if (dateText && !date) {
      bad('date', 'DATE_FORMAT', `交易日期“${dateText}”格式错误（YYYY-MM-DD 或 YYYY-MM-DD HH:mm）`, `Invalid date "${dateText}" (YYYY-MM-DD or YYYY-MM-DD HH:mm)`);
      ok = false;
    } else if (date && date.getTime() > now.getTime()) {
      bad('date', 'DATE_IN_FUTURE', '交易日期晚于当前时间', 'The date is in the future');
      ok = false;
    }
    const amountText = get('amount');
    const amountFen = amountText ? parseYuanToFen(amountText) : null;
    if (amountText && (amountFen === null || amountFen <= 0)) {
      bad('amount', 'AMOUNT_FORMAT', `金额“${amountText}”格式错误（如 800,000.00，最多两位小数）`, `Invalid amount "${amountText}" (e.g. 800,000.00, at most 2 decimals)`);
      ok = false;
    }
    if (ok && date && amountFen !== null && form) {
      rows.push({
        line,
        date,
        payerName: get('payerName'),
        payerAccount: get('payerAccount') || null,
        amountFen,
        reference: get('reference'),
        remark: get('remark'),
        form,
        guaranteeIssuer: form === 'cash' ? null : get('guaranteeIssuer'),
        guaranteeVerification: form === 'cash' ? null : get('guaranteeVerification'),
      });
    }
  }
  // References must be unique within the file.
  const seen = new Map<string, number>();
  for (const r of rows) {
    const first = seen.get(r.reference);
    if (first !== undefined) {
      problems.push({ line: r.line, field: 'reference', reason: 'DUPLICATE_REFERENCE', messageZh: `第${r.line}行：交易流水号与第${first}行重复`, messageEn: `Line ${r.line}: the reference repeats line ${first}` });
    } else seen.set(r.reference, r.line);
  }
  return { rows, problems };
}
