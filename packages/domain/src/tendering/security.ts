/**
 * Bid security / deposits (投标保证金 / 竞买保证金): the statutory cap (B6), the allowed form and payer (B7),
 * the refund due dates (B10), and a strict yuan → fen parser for typed and imported amounts.
 *
 * Money is integer fen throughout; no floating point is used anywhere in this file.
 * Source keys as in domain §0: V = verified against the law text, K = domain knowledge.
 */
import { AppError } from '../errors.ts';
import { periodEnd, type PeriodUnit } from '../calendar/periods.ts';
import type { HolidayTable } from '../calendar/holidays.ts';
import { LEANING } from '../calendar/leaning.ts';
import type { TradeType } from '../procedure/flags.ts';
import type { ProjectSubject } from '../procedure/project-fields.ts';

/** 800,000 CNY in fen: the absolute cap for works and goods (R30 §37, R27; domain §2, K). */
export const ENGINEERING_SECURITY_ABS_CAP_FEN = 80_000_000;
/** 100,000 CNY in fen: the absolute cap for survey and design (R2; domain §2 and B6, K). */
export const SURVEY_DESIGN_SECURITY_ABS_CAP_FEN = 10_000_000;

/** floor(2% of an amount in fen), integer only. */
function twoPercent(fen: number): number {
  return Math.floor((fen * 2) / 100);
}

/**
 * The absolute cap of an engineering security by what the project buys (B6): works, goods and EPC (which
 * contains the works) 800,000 CNY; survey and design 100,000 CNY; supervision has none beyond the 2% rule.
 * A project recorded before subjects existed (null) is treated as works, the cap it was checked against.
 */
function engineeringAbsoluteCapFen(subject: ProjectSubject | null | undefined): number | null {
  switch (subject ?? 'works') {
    case 'survey':
    case 'design':
      return SURVEY_DESIGN_SECURITY_ABS_CAP_FEN;
    case 'supervision':
      return null;
    case 'works':
    case 'goods':
    case 'epc':
      return ENGINEERING_SECURITY_ABS_CAP_FEN;
  }
}

/**
 * The statutory cap of a bid security / deposit in fen, or null when there is none (B6):
 * - engineering: ≤ 2% of the estimate (ZTBT §26, V), and an absolute cap by subject — 800,000 CNY for works
 *   and goods (R30 §37, R27, K), 100,000 CNY for survey and design (R2, K), none for supervision. With no
 *   estimate only the absolute cap applies (none for supervision → null).
 * - procurement: ≤ 2% of the budget (CGT §33, V); no budget → no cap can be computed (null).
 * - land, property: the 竞买保证金 is set by the seller (often 20–50% of the start price); no statutory cap.
 */
export function securityCapFen(input: { tradeType: TradeType; estimateFen: number | null | undefined; subject?: ProjectSubject | null }): number | null {
  const est = input.estimateFen;
  const valid = typeof est === 'number' && Number.isSafeInteger(est) && est >= 0;
  switch (input.tradeType) {
    case 'engineering': {
      const abs = engineeringAbsoluteCapFen(input.subject);
      if (!valid) return abs;
      return abs === null ? twoPercent(est) : Math.min(twoPercent(est), abs);
    }
    case 'procurement':
      return valid ? twoPercent(est) : null;
    case 'land':
    case 'property':
      return null;
  }
}

export type SecurityForm = 'cash' | 'guarantee' | 'e_guarantee';

/**
 * The forms a bidder may pay its security in, by trade type (B7; issue 16 §5):
 * - engineering: cash transferred from the bidder's basic account (ZTBT §26 / R30 §26, V), a bank
 *   guarantee, or an electronic guarantee (电子保函, 发改法规〔2023〕27号 encourages guarantees, K);
 * - procurement: non-cash only (CGT §33 / R87 §33, V): a guarantee or an electronic guarantee;
 * - land, property: the 竞买保证金 is paid in cash (the seller's notice sets it, K).
 * Consistent with `checkSecurityForm`: every form listed here passes its form check.
 */
export function allowedSecurityForms(tradeType: TradeType): readonly SecurityForm[] {
  switch (tradeType) {
    case 'engineering':
      return ['cash', 'guarantee', 'e_guarantee'];
    case 'procurement':
      return ['guarantee', 'e_guarantee'];
    case 'land':
    case 'property':
      return ['cash'];
  }
}

/** Crockford base32 (no I, L, O, U): unambiguous when read aloud or typed into a bank's remark field. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A payment reference: 'BZJ' + 10 characters. Backfilled ones are hex, a subset of the alphabet. */
export const PAYMENT_REFERENCE_RE = /^BZJ[0-9A-HJKMNP-TV-Z]{10}$/;

/**
 * A new payment reference (付款附言) for a registration (issue 16 §5): 'BZJ' + 10 Crockford base32
 * characters from the platform CSPRNG (50 bits). It carries no count, id or date, so it tells nobody how
 * many registered (B11). The caller retries on a unique collision. `bytes` only in tests.
 */
export function generatePaymentReference(bytes?: Uint8Array): string {
  const b = bytes ?? globalThis.crypto.getRandomValues(new Uint8Array(10));
  if (b.length < 10) throw new RangeError('10 random bytes needed');
  let out = 'BZJ';
  for (let i = 0; i < 10; i++) out += CROCKFORD[b[i]! & 31];
  return out;
}

/**
 * The payment references written in a bank transfer's remark: whole tokens (letters and digits between
 * other characters), compared case-insensitively, in the order written, without repeats. A reference
 * glued to other letters or digits ("XBZJ…", "BZJ…1") is not one: never guessed.
 */
export function findPaymentReferences(remark: string | null | undefined): string[] {
  const tokens = (remark ?? '').toUpperCase().match(/[0-9A-Z]+/g) ?? [];
  return [...new Set(tokens.filter((t) => PAYMENT_REFERENCE_RE.test(t)))];
}

export type SecurityFormReason = 'SECURITY_FORM' | 'NO_BASIC_ACCOUNT' | 'PAYER_NOT_BASIC_ACCOUNT';

export interface SecurityFormViolation {
  reason: SecurityFormReason;
  field: 'form' | 'payerAccount';
  messageZh: string;
  messageEn: string;
}

/** An account number compared without spaces and dashes ("6217 0000-1234" = "621700001234"). */
export function normalizeAccountNo(s: string | null | undefined): string {
  return (s ?? '').replace(/[\s-]/g, '');
}

/**
 * B7: the form and payer of a security.
 * - procurement: the security must not be cash (CGT §33 / R87 §33: 支票、汇票、本票或者保函等非现金形式, V).
 * - engineering cash (incl. transfer): it must come from the bidder's basic account (ZTBT §26 / R30 §26
 *   "从其基本账户转出", V): no basic account on record → NO_BASIC_ACCOUNT; another payer account →
 *   PAYER_NOT_BASIC_ACCOUNT. Guarantees are not checked against an account.
 * - land, property: no statutory form rule.
 * Returns the violation, or null when the form and payer are acceptable.
 */
export function checkSecurityForm(input: {
  tradeType: TradeType;
  form: SecurityForm;
  payerAccount: string | null | undefined;
  basicAccountNo: string | null | undefined;
}): SecurityFormViolation | null {
  if (input.tradeType === 'procurement' && input.form === 'cash') {
    return {
      reason: 'SECURITY_FORM',
      field: 'form',
      messageZh: '政府采购项目的投标保证金须以非现金形式（保函、支票、汇票等）提交',
      messageEn: 'A government-procurement security must be non-cash (guarantee, cheque, draft)',
    };
  }
  if (input.tradeType === 'engineering' && input.form === 'cash') {
    const basic = normalizeAccountNo(input.basicAccountNo);
    if (!basic) {
      return {
        reason: 'NO_BASIC_ACCOUNT',
        field: 'payerAccount',
        messageZh: '投标人未登记基本账户，现金保证金无法核验付款账户',
        messageEn: 'The bidder has no basic account on record; a cash security cannot be verified',
      };
    }
    if (normalizeAccountNo(input.payerAccount) !== basic) {
      return {
        reason: 'PAYER_NOT_BASIC_ACCOUNT',
        field: 'payerAccount',
        messageZh: '现金保证金须从投标人基本账户转出，付款账户与登记的基本账户不符',
        messageEn: 'A cash security must come from the bidder’s basic account; the payer account differs',
      };
    }
  }
  return null;
}

/** `checkSecurityForm`, throwing VALIDATION `{ reason, field }` on a violation. */
export function assertSecurityForm(input: Parameters<typeof checkSecurityForm>[0]): void {
  const v = checkSecurityForm(input);
  if (v) throw new AppError('VALIDATION', { zh: v.messageZh, en: v.messageEn }, { reason: v.reason, field: v.field });
}

export const REFUND_TRIGGERS = ['withdrawal', 'termination', 'prequal_failed', 'failure', 'contract', 'award_notice_loser'] as const;
export type RefundTrigger = (typeof REFUND_TRIGGERS)[number];

/**
 * Refund periods per trade type (B10), all counted from the trigger per T2 (MFD §201–203):
 * - engineering: 5 days — withdrawal ZTBT §35/R30 §35 (V); after the contract ZTBT §57 (all securities,
 *   with interest, V). Termination, failed prequalification and failure are refunded on the same 5-day
 *   basis (R30 §31 termination: 及时退还, K). Losers are refunded after the contract in engineering; an
 *   'award_notice_loser' anchor gives the same 5 days from the award notice (stricter, never later).
 * - procurement: 5 working days — withdrawal, losers after the award notice, winner after the contract
 *   (CGT §33 / R87 §38, V); termination and failure on the same basis (R87 §38, K).
 * - land, property: 5 working days, no interest (C-FJL §46, R39L, K).
 */
export const REFUND_PERIODS: Readonly<Record<TradeType, { n: number; unit: PeriodUnit }>> = {
  engineering: { n: 5, unit: 'd' },
  procurement: { n: 5, unit: 'wd' },
  land: { n: 5, unit: 'wd' },
  property: { n: 5, unit: 'wd' },
};

/**
 * When the refund of a security becomes overdue (B10): 24:00 北京时间 of the last day of the period
 * (an EXCLUSIVE instant: the refund is in time iff refunded before it; overdue iff now ≥ it). Calendar-day
 * periods roll off rest days (MFD §203). A refund is a duty the platform watches: in a year without a
 * published calendar it is due at the earliest date the official calendar can give (`LEANING.due`).
 */
export function refundDueAt(input: { tradeType: TradeType; trigger: RefundTrigger; at: Date }, table: HolidayTable): { at: Date; provisional: boolean } {
  if (!(REFUND_TRIGGERS as readonly string[]).includes(input.trigger)) {
    throw new AppError('VALIDATION', { zh: '退还事由无效', en: 'Invalid refund trigger' }, { field: 'trigger' });
  }
  const { n, unit } = REFUND_PERIODS[input.tradeType];
  const end = periodEnd(input.at, n, unit, table, { leaning: LEANING.due });
  return { at: end.endsAt, provisional: end.provisional };
}

/**
 * A yuan amount as written in a bank statement or typed by staff → integer fen, or null if it is not a
 * strict non-negative decimal: digits with optional thousands separators in the right places
 * ("800,000.00", "1,234", "0.5"), at most two decimals, no sign, no exponent, no leading zeros
 * ("007"), no bare dot ("1.", ".5"). Parsed digit by digit, never through a float.
 */
export function parseYuanToFen(input: string): number | null {
  if (typeof input !== 'string') return null;
  const s = input.trim();
  const m = /^(0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const intDigits = m[1]!.replace(/,/g, '');
  if (intDigits.length > 13) return null; // ≥ 10 trillion yuan is not an amount
  let fen = 0;
  for (const ch of intDigits) fen = fen * 10 + (ch.charCodeAt(0) - 48);
  const dec = (m[2] ?? '').padEnd(2, '0');
  fen = fen * 100 + (dec.charCodeAt(0) - 48) * 10 + (dec.charCodeAt(1) - 48);
  return Number.isSafeInteger(fen) ? fen : null;
}
