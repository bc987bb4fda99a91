/**
 * The bytes a member signs in the evaluation (issue 22 §1, §4; S11, E3), built here once so the browser signs
 * and the server (and `ebid replay-evaluation`) check the SAME bytes. Browser-safe and pure.
 *
 * - The avoidance declaration (E3): UTF-8 text starting `ebid-evaluation-declaration:v1` + LF, naming the
 *   evaluation, the project, the member and every bidder under review; the member declares no tie with any.
 * - A sheet: a UTF-8 JSON object `{"type":"ebid-evaluation-sheet",…}` with the member's entries in a
 *   canonical order (by bid label, then criterion), so the same entries always give the same bytes; bids
 *   are named by their session labels (the blind part by its blind label), never by the bidder.
 * - The manifest (stored by the platform, not signed by a member): the frozen method, the bids with their
 *   prices and the committee's decisions, the label mapping with its commitment salt, and the SHA-256 of
 *   every signed sheet — everything `evaluate()` needs, so the ranking is recomputed from objects only.
 *
 * @ebid/pki's signing domains recognise the declaration and the sheet as their own kinds of signed object
 * (issue 14 §5: a signature means one thing).
 */
import { AppError } from '../errors.ts';
import { findForbiddenChar } from '../safe-text.ts';
import type { PolicyClaim } from './price.ts';
import type { EvaluationMethodSpec } from './method.ts';

import { EVALUATION_DECLARATION_PREFIX, EVALUATION_SHEET_TYPE } from './prefixes.ts';

export { EVALUATION_DECLARATION_PREFIX, EVALUATION_SHEET_TYPE };
export const EVALUATION_MANIFEST_TYPE = 'ebid-evaluation-manifest';
export const EVALUATION_LABELS_TYPE = 'ebid-evaluation-labels';

export type SheetStage = 'compliance' | 'technical' | 'scores';
export const SHEET_STAGES: readonly SheetStage[] = ['compliance', 'technical', 'scores'];

export interface ComplianceEntry {
  bid: string;
  criterionId: string;
  pass: boolean;
  reason: string | null;
}

export interface ScoreSheetEntry {
  bid: string;
  criterionId: string;
  score: string;
}

export interface EvaluationSheetObject {
  type: typeof EVALUATION_SHEET_TYPE;
  version: 1;
  evaluationId: number;
  round: number;
  stage: SheetStage;
  /** the member's user id, as a decimal string (the id in the method's sheets) */
  memberId: string;
  methodSha256: string;
  labelsSha256: string;
  entries: ComplianceEntry[] | ScoreSheetEntry[];
}

const HEX64 = /^[0-9a-f]{64}$/;
const LABEL_RE = /^[\p{L}\p{N}-]{1,40}$/u;
const ID_RE = /^[A-Za-z0-9._-]{1,64}$/;
/** Longest written reason for a failed compliance item (characters). */
export const REASON_MAX = 1000;

function bad(field: string, zh: string, en: string, reason = 'SHEET_INVALID'): AppError {
  return new AppError('VALIDATION', { zh, en }, { field, reason });
}

const byEntry = (a: { bid: string; criterionId: string }, b: { bid: string; criterionId: string }) =>
  a.bid < b.bid ? -1 : a.bid > b.bid ? 1 : a.criterionId < b.criterionId ? -1 : a.criterionId > b.criterionId ? 1 : 0;

/** A reason as it is signed and stored: CRLF/CR → LF, trimmed; null when empty. */
export function normalizeReason(s: string | null | undefined): string | null {
  if (typeof s !== 'string') return null;
  const t = s.replace(/\r\n?/g, '\n').trim();
  return t === '' ? null : t;
}

/** Checks the shape of the entries (not the scores: `validateScoreSheet` does that) and sorts them canonically. */
export function canonicalEntries(stage: SheetStage, entries: readonly unknown[]): ComplianceEntry[] | ScoreSheetEntry[] {
  if (!Array.isArray(entries)) throw bad('entries', '评审记录格式无效', 'The entries are not valid');
  const seen = new Set<string>();
  const key = (e: { bid: string; criterionId: string }) => `${e.bid}\u0000${e.criterionId}`;
  if (stage === 'compliance') {
    const out: ComplianceEntry[] = [];
    for (const raw of entries) {
      const e = raw as Partial<ComplianceEntry>;
      if (typeof e?.bid !== 'string' || !LABEL_RE.test(e.bid) || typeof e.criterionId !== 'string' || !ID_RE.test(e.criterionId) || typeof e.pass !== 'boolean') {
        throw bad('entries', '评审记录格式无效', 'An entry is not valid');
      }
      const reason = normalizeReason(e.reason ?? null);
      if (!e.pass && reason === null) throw bad(`entries.${e.bid}.${e.criterionId}`, '判定不通过须写明理由', 'A failed item needs a written reason', 'REASON_REQUIRED');
      if (reason !== null && reason.length > REASON_MAX) throw bad(`entries.${e.bid}.${e.criterionId}`, `理由不能超过${REASON_MAX}字`, `A reason is at most ${REASON_MAX} characters`, 'REASON_TOO_LONG');
      // NUL, other controls, bidi overrides, lone surrogates never belong in a signed reason (the platform's one text rule)
      if (reason !== null && findForbiddenChar(reason, { allowLineBreaks: true }) !== null) throw bad(`entries.${e.bid}.${e.criterionId}`, '理由含有不可见的控制字符', 'A reason contains control characters', 'REASON_INVALID');
      if (seen.has(key(e as ComplianceEntry))) throw bad('entries', '同一投标的同一评审因素只能判定一次', 'An item is judged twice', 'ENTRY_DUPLICATE');
      seen.add(key(e as ComplianceEntry));
      out.push({ bid: e.bid, criterionId: e.criterionId, pass: e.pass, reason });
    }
    return out.sort(byEntry);
  }
  const out: ScoreSheetEntry[] = [];
  for (const raw of entries) {
    const e = raw as Partial<ScoreSheetEntry>;
    if (typeof e?.bid !== 'string' || !LABEL_RE.test(e.bid) || typeof e.criterionId !== 'string' || !ID_RE.test(e.criterionId) || typeof e.score !== 'string' || e.score.length > 20) {
      throw bad('entries', '评分记录格式无效', 'An entry is not valid');
    }
    if (seen.has(key(e as ScoreSheetEntry))) throw bad('entries', '同一投标的同一评分因素只能评一次', 'A criterion is scored twice for a bid', 'ENTRY_DUPLICATE');
    seen.add(key(e as ScoreSheetEntry));
    out.push({ bid: e.bid, criterionId: e.criterionId, score: e.score });
  }
  return out.sort(byEntry);
}

/** The sheet object with canonical entries. */
export function sheetObject(f: Omit<EvaluationSheetObject, 'type' | 'version' | 'entries'> & { entries: readonly unknown[] }): EvaluationSheetObject {
  if (!Number.isSafeInteger(f.evaluationId) || f.evaluationId <= 0) throw bad('evaluationId', '评标编号无效', 'The evaluation id is not valid');
  if (!Number.isSafeInteger(f.round) || f.round <= 0) throw bad('round', '评审轮次无效', 'The round is not valid');
  if (!SHEET_STAGES.includes(f.stage)) throw bad('stage', '评审阶段无效', 'The stage is not valid');
  if (!/^[1-9][0-9]{0,15}$/.test(f.memberId)) throw bad('memberId', '成员编号无效', 'The member id is not valid');
  if (!HEX64.test(f.methodSha256) || !HEX64.test(f.labelsSha256)) throw bad('methodSha256', '摘要无效', 'A digest is not valid');
  // Keys in a fixed order: the bytes are canonical.
  return {
    type: EVALUATION_SHEET_TYPE,
    version: 1,
    evaluationId: f.evaluationId,
    round: f.round,
    stage: f.stage,
    memberId: f.memberId,
    methodSha256: f.methodSha256,
    labelsSha256: f.labelsSha256,
    entries: canonicalEntries(f.stage, f.entries),
  };
}

/** The exact bytes a member signs for a sheet. */
export function sheetBytes(o: EvaluationSheetObject): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(sheetObject(o)));
}

/** Parses signed sheet bytes; VALIDATION unless they are exactly a canonical sheet object. */
export function parseSheetBytes(bytes: Uint8Array): EvaluationSheetObject {
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw bad('sheet', '评分表不是有效的JSON', 'The sheet is not valid JSON');
  }
  const o = v as EvaluationSheetObject;
  if (o === null || typeof o !== 'object' || o.type !== EVALUATION_SHEET_TYPE || o.version !== 1) throw bad('sheet', '不是评分表对象', 'Not a sheet object');
  const canonical = sheetBytes(o);
  if (canonical.length !== bytes.length || canonical.some((b, i) => b !== bytes[i])) throw bad('sheet', '评分表不是规范格式', 'The sheet is not in canonical form', 'SHEET_NOT_CANONICAL');
  return o;
}

export interface DeclarationFacts {
  evaluationId: number;
  projectCode: string;
  projectName: string;
  sectionCode: string;
  member: { userId: number; displayName: string };
  /** the bidders' names under review, any order (sorted here) */
  bidders: string[];
}

const oneLine = (s: string) => JSON.stringify(s.replace(/\s+/g, ' ').trim());

/**
 * The avoidance declaration (E3) a member signs before seeing any bid: no tie with the tenderee, the agent
 * or any bidder named (R12 §13 / R87 §62 回避情形), and the duty of confidentiality.
 */
export function declarationText(f: DeclarationFacts): string {
  const bidders = [...new Set(f.bidders.map((b) => b.trim()))].sort();
  return [
    EVALUATION_DECLARATION_PREFIX.trimEnd(),
    `evaluation: ${f.evaluationId}`,
    `project: ${oneLine(f.projectCode)} ${oneLine(f.projectName)}`,
    `section: ${oneLine(f.sectionCode)}`,
    `member: ${f.member.userId} ${oneLine(f.member.displayName)}`,
    `bidders: ${JSON.stringify(bidders)}`,
    `declaration: ${oneLine('本人与招标人、招标代理机构及上列投标人均不存在利害关系，不存在依法应当回避的情形；本人将客观公正地履行职责，遵守评标纪律，对评标情况保密。')}`,
    '',
  ].join('\n');
}

export interface ManifestBid {
  bidId: number;
  label: string;
  blindLabel: string | null;
  bidderName: string;
  /** the price read at opening, fen */
  openedPriceFen: number;
  /** the R87 §59 correction the bidder confirmed (S8), fen, or null */
  correctedPriceFen: number | null;
  policy: PolicyClaim | null;
  adjustmentsFen: Record<string, number> | null;
  costFinding: 'justified' | 'below_cost' | null;
  /** GP: the core product's brand the committee recorded (R87 §31); absent when none (and in manifests before the rule) */
  brand?: string;
}

/** What the ranking is recomputed from (`ebid replay-evaluation`): objects only. */
export interface EvaluationManifest {
  type: typeof EVALUATION_MANIFEST_TYPE;
  version: 1;
  evaluationId: number;
  round: number;
  projectCode: string;
  sectionCode: string;
  method: EvaluationMethodSpec;
  methodSha256: string;
  labelsSha256: string;
  labelsSalt: string;
  ceilingFen: number | null;
  k: string | null;
  members: string[];
  bids: ManifestBid[];
  /** every signed sheet of the current members: the object's SHA-256 and the CMS's SHA-256 */
  sheets: { memberId: string; stage: SheetStage; sha256: string; cmsSha256: string }[];
}

/** The label commitment: SHA-256 over these bytes is `labelsSha256` (computed by the caller's hash function). */
export function labelsCommitmentBytes(salt: string, labels: readonly { bidId: number; label: string; blindLabel: string | null }[]): Uint8Array {
  const sorted = [...labels].sort((a, b) => a.bidId - b.bidId).map((l) => ({ bidId: l.bidId, label: l.label, blindLabel: l.blindLabel }));
  return new TextEncoder().encode(JSON.stringify({ type: EVALUATION_LABELS_TYPE, salt, labels: sorted }));
}

/**
 * JSON with every object's keys sorted (recursively): the canonical text a JSON value is hashed by, whatever
 * order its keys came in (PostgreSQL's jsonb does not keep the order).
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x === undefined ? null : x)).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}
