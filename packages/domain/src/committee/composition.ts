/**
 * The composition of an evaluation committee (issue 21 §4; domain §3.1, §3.2, §1.2 "Group size", §8 E1).
 * Pure: the service checks a request with `checkComposition` before anything is frozen or drawn.
 *
 * E1:
 *  - engineering (open / invited 招标) and government procurement 招标 (open / invited): at least 5 members
 *    and an odd number; the experts at least 2/3, i.e. the owner's representatives at most 1/3 [ZTB §37,
 *    R87 §47];
 *  - government procurement 招标: at least 7 when the budget is 10,000,000 yuan OR MORE (以上 includes the
 *    figure: 1,000,000,000 fen) or the project is flagged complex / of major social impact [R87 §47];
 *  - 竞争性谈判 / 询价 / 竞争性磋商 groups: at least 3 and odd, experts ≥ 2/3 [CG §38, §40]; at least 5 when
 *    the project reaches the open-tender threshold [R74 §7, K].
 *  - single source, land and property sales have no drawn committee: refused.
 *
 * Money is integer fen throughout.
 */
import { AppError } from '../errors.ts';
import type { ProcedureMethod, TradeType } from '../procedure/flags.ts';

/** 10,000,000 yuan in fen: a GP 招标 budget of this figure or more needs ≥ 7 members (以上 includes it). */
export const GP_LARGE_BUDGET_FEN = 1_000_000_000;

/**
 * The open-tender threshold above which a 谈判 / 询价 / 磋商 group needs ≥ 5 members [R74 §7, K]:
 * 2,000,000 yuan (the central goods / services 公开招标数额标准; a region may set another figure and pass it
 * as `openTenderThresholdFen`). "Reaches" includes the figure.
 */
export const GP_OPEN_TENDER_THRESHOLD_FEN = 200_000_000;

/** The largest committee the platform accepts (a sanity bound on input, not a legal rule). */
export const MAX_COMMITTEE_SIZE = 49;

export interface CompositionInput {
  tradeType: TradeType;
  method: ProcedureMethod;
  /** the project's (or section's) budget, integer fen; null when none is declared */
  budgetFen: number | null;
  /** flagged technically complex or of major social impact */
  complex: boolean;
  /** the whole committee: drawn experts plus the owner's representatives */
  size: number;
  /** the tenderee's / purchaser's representatives sitting on the committee */
  ownerReps: number;
  /** overrides GP_OPEN_TENDER_THRESHOLD_FEN (a region's own figure) */
  openTenderThresholdFen?: number;
}

export interface CompositionRule {
  /** the legal minimum for this project */
  minSize: number;
  /** the most owner's representatives a committee of `size` may hold (⌊size / 3⌋) */
  maxOwnerReps: number;
  /** the drawn experts: size − ownerReps */
  experts: number;
}

function bad(reason: string, zh: string, en: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', { zh, en }, { reason, rule: 'E1', ...extra });
}

const TENDER_METHODS: readonly ProcedureMethod[] = ['open', 'invited'];
const GROUP_METHODS: readonly ProcedureMethod[] = ['negotiation', 'consultation', 'inquiry'];

/** The minimum size for a trade type and method (E1); VALIDATION when the procedure has no drawn committee. */
export function minimumCommitteeSize(input: Pick<CompositionInput, 'tradeType' | 'method' | 'budgetFen' | 'complex' | 'openTenderThresholdFen'>): number {
  const { tradeType, method } = input;
  const budget = input.budgetFen;
  if (budget !== null && (!Number.isSafeInteger(budget) || budget < 0)) throw bad('COMMITTEE_BUDGET_INVALID', '预算金额无效（应为以分计的非负整数）', 'The budget is not valid (a non-negative whole number of fen)');
  if (tradeType === 'engineering' && TENDER_METHODS.includes(method)) return 5;
  if (tradeType === 'procurement' && TENDER_METHODS.includes(method)) {
    return input.complex || (budget !== null && budget >= GP_LARGE_BUDGET_FEN) ? 7 : 5;
  }
  if (tradeType === 'procurement' && GROUP_METHODS.includes(method)) {
    const threshold = input.openTenderThresholdFen ?? GP_OPEN_TENDER_THRESHOLD_FEN;
    if (!Number.isSafeInteger(threshold) || threshold < 0) throw bad('COMMITTEE_THRESHOLD_INVALID', '公开招标数额标准无效', 'The open-tender threshold is not valid');
    return budget !== null && budget >= threshold ? 5 : 3;
  }
  throw bad('COMMITTEE_NOT_APPLICABLE', '该交易方式不组建随机抽取的评审委员会', 'This procedure has no randomly drawn evaluation committee', { tradeType, method });
}

/**
 * Checks a requested committee (E1) and returns its rule; a typed VALIDATION error (reason
 * COMMITTEE_TOO_SMALL, COMMITTEE_EVEN, COMMITTEE_OWNER_REPS …, rule E1) otherwise.
 */
export function checkComposition(input: CompositionInput): CompositionRule {
  const { size, ownerReps } = input;
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_COMMITTEE_SIZE) {
    throw bad('COMMITTEE_SIZE_INVALID', `委员会人数应为1至${MAX_COMMITTEE_SIZE}之间的整数`, `The committee size must be a whole number from 1 to ${MAX_COMMITTEE_SIZE}`, { size });
  }
  if (!Number.isSafeInteger(ownerReps) || ownerReps < 0) {
    throw bad('COMMITTEE_OWNER_REPS_INVALID', '业主代表人数应为非负整数', "The owner's representatives must be a non-negative whole number", { ownerReps });
  }
  const minSize = minimumCommitteeSize(input);
  if (size < minSize) {
    throw bad('COMMITTEE_TOO_SMALL', `该项目的评审委员会至少${minSize}人`, `This project's committee needs at least ${minSize} members`, { size, minSize });
  }
  if (size % 2 === 0) throw bad('COMMITTEE_EVEN', '评审委员会人数应为单数', 'The committee must have an odd number of members', { size });
  const maxOwnerReps = Math.floor(size / 3);
  if (ownerReps > maxOwnerReps) {
    throw bad(
      'COMMITTEE_OWNER_REPS',
      `专家应不少于成员总数的三分之二：${size}人的委员会中业主代表至多${maxOwnerReps}人`,
      `Experts must be at least two thirds: a committee of ${size} holds at most ${maxOwnerReps} owner's representatives`,
      { size, ownerReps, maxOwnerReps },
    );
  }
  return { minSize, maxOwnerReps, experts: size - ownerReps };
}

/**
 * The committee's chair may not be the purchaser's (tenderee's) representative (issue 21 §4; the chair is
 * elected in issue 22, which calls this). `kind` is the member's seat: a drawn expert or an owner's rep.
 */
export function mayChair(kind: 'expert' | 'owner_rep'): boolean {
  return kind === 'expert';
}

/** Throws VALIDATION (reason CHAIR_OWNER_REP) when the proposed chair is an owner's representative. */
export function assertMayChair(kind: 'expert' | 'owner_rep'): void {
  if (!mayChair(kind)) throw bad('CHAIR_OWNER_REP', '采购人代表不得担任评审委员会组长', "The purchaser's representative may not chair the committee");
}
