/**
 * OLD PROTOCOL — kept to display and verify openings drawn before issue 14. New openings use the public
 * commit–reveal draw of ../draws (issue 14 §2): with this one the seed sat in the database from the start
 * and contributions stayed open until staff drew, so whoever could read the seed could grind a last
 * contribution to a chosen float point, and `verifyKDraw` would still call it fair.
 *
 * The 浮动点 / K draw at opening (domain.md §3.2, rule O8): a CSPRNG seed, commit–reveal, and participant
 * entropy, so that nobody — the platform included — can choose the result, and everybody can check it.
 *
 *   1. When the session starts the server draws `seed = newKSeed()` (32 bytes from the OS CSPRNG) and
 *      publishes only `kCommitment(seed)` = SHA-256(seed).
 *   2. Participants contribute random 32-byte values (`contributions`, each with its stored row id).
 *   3. The draw: the contributions in canonical form (sorted by id, one line `${id}:${hex}\n` each) are
 *      MACed with the seed as the key:
 *        digest = HMAC-SHA256(seed, 'ebid-k-draw-v1\n' + canonical)
 *      and the index into the tender's float-point set is taken from the digest by rejection sampling
 *      (uniform in [0, n)); the seed is revealed with the result.
 *   4. Anyone recomputes with `verifyKDraw`: the revealed seed must hash to the commitment published
 *      before the contributions were made, and the same inputs must give the same index.
 *
 * The platform cannot bias the result after the commitment (it is bound to the seed), and the
 * participants cannot either (they do not know the seed). Pure functions; node:crypto only.
 */
import crypto from 'node:crypto';
import { AppError, pickIndex } from '@ebid/domain';

/** Domain separation prefix of the draw's HMAC message (bump the version to change the algorithm). */
export const K_DRAW_DOMAIN = 'ebid-k-draw-v1\n';
/** Float points are basis points of a percent×100: 150 = 1.50 %, K = 1 − 150/10000 = 0.9850. */
export const MAX_FLOAT_POINT_BP = 2000;

const HEX64 = /^[0-9a-fA-F]{64}$/;

export interface KContribution {
  /** the contribution's stable id (its row id); fixes the canonical order */
  id: number;
  /** 32 random bytes as 64 hex characters (either case; lower-cased in the canonical text) */
  valueHex: string;
}

export interface KDrawInput {
  seedHex: string;
  contributions: KContribution[];
  /** the tender's float-point set, in its published order (the index refers to this order) */
  floatPointsBp: number[];
}

export interface KDrawResult {
  /** index into floatPointsBp */
  index: number;
  resultBp: number;
  /** 1 − resultBp/10000 with exactly 4 decimals, e.g. '0.9875' */
  kValue: string;
  /** hex SHA-256 of the canonical contributions text */
  inputsSha256: string;
  /** hex HMAC-SHA256(seed, K_DRAW_DOMAIN + canonical text) */
  digestHex: string;
}

export interface KDrawVerifyInput extends KDrawInput {
  /** the commitment published at the start of the session */
  commitment: string;
  /** the recorded result */
  index: number;
  /** when given, must also match */
  resultBp?: number;
  kValue?: string;
}

function invalid(reason: string, zh: string, en: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', { zh, en }, { reason, ...extra });
}

function checkSeed(seedHex: unknown): Buffer {
  if (typeof seedHex !== 'string' || !HEX64.test(seedHex)) {
    throw invalid('K_SEED_INVALID', '随机种子必须是64位十六进制字符', 'The seed must be 64 hexadecimal characters');
  }
  return Buffer.from(seedHex, 'hex');
}

/** Validates the float-point set: 1+ distinct integers in 0..2000. */
export function checkFloatPoints(floatPointsBp: unknown): number[] {
  if (!Array.isArray(floatPointsBp) || floatPointsBp.length < 1) {
    throw invalid('K_FLOAT_POINTS_EMPTY', '浮动点集合不能为空', 'The set of float points must not be empty');
  }
  const seen = new Set<number>();
  for (const bp of floatPointsBp) {
    if (typeof bp !== 'number' || !Number.isInteger(bp) || bp < 0 || bp > MAX_FLOAT_POINT_BP) {
      throw invalid('K_FLOAT_POINT_INVALID', '浮动点必须是0至2000之间的整数（万分之一）', 'Each float point must be an integer from 0 to 2000 basis points', { value: bp });
    }
    if (seen.has(bp)) throw invalid('K_FLOAT_POINT_DUPLICATE', '浮动点不能重复', 'The float points must be distinct', { value: bp });
    seen.add(bp);
  }
  return floatPointsBp;
}

/**
 * The canonical text of the contributions: sorted by id, one `${id}:${valueHex.toLowerCase()}\n` line
 * each. Ids must be distinct non-negative safe integers and values 64 hex characters.
 */
export function canonicalContributions(contributions: readonly KContribution[]): string {
  if (!Array.isArray(contributions)) throw invalid('K_CONTRIBUTIONS_INVALID', '参与方随机数无效', 'The contributions are not valid');
  const ids = new Set<number>();
  for (const c of contributions) {
    if (typeof c?.id !== 'number' || !Number.isSafeInteger(c.id) || c.id < 0) {
      throw invalid('K_CONTRIBUTION_ID_INVALID', '参与方随机数编号无效', 'A contribution id is not valid', { id: c?.id });
    }
    if (ids.has(c.id)) throw invalid('K_CONTRIBUTION_DUPLICATE', '参与方随机数编号重复', 'Duplicate contribution id', { id: c.id });
    ids.add(c.id);
    if (typeof c.valueHex !== 'string' || !HEX64.test(c.valueHex)) {
      throw invalid('K_CONTRIBUTION_INVALID', '参与方随机数必须是64位十六进制字符', 'A contribution must be 64 hexadecimal characters', { id: c.id });
    }
  }
  return [...contributions]
    .sort((a, b) => a.id - b.id)
    .map((c) => `${c.id}:${c.valueHex.toLowerCase()}\n`)
    .join('');
}

/** A fresh seed: 32 bytes from the OS CSPRNG, as 64 lower-case hex characters. */
export function newKSeed(): string {
  return crypto.randomBytes(32).toString('hex');
}

/** The commitment published before the draw: hex SHA-256 of the seed's 32 bytes. */
export function kCommitment(seedHex: string): string {
  return crypto.createHash('sha256').update(checkSeed(seedHex)).digest('hex');
}

/** K = 1 − bp/10000 as a decimal string with exactly 4 decimals (integer arithmetic): 125 → '0.9875'. */
export function kValueOf(bp: number): string {
  if (!Number.isInteger(bp) || bp < 0 || bp > MAX_FLOAT_POINT_BP) {
    throw invalid('K_FLOAT_POINT_INVALID', '浮动点必须是0至2000之间的整数（万分之一）', 'Each float point must be an integer from 0 to 2000 basis points', { value: bp });
  }
  const k = 10_000 - bp;
  return `${Math.floor(k / 10_000)}.${String(k % 10_000).padStart(4, '0')}`;
}

/**
 * A uniform index in [0, n) from a digest: successive 32-bit big-endian words w are accepted when
 * w < 2^32 − (2^32 mod n) and give w mod n; when all 8 words are rejected the digest is extended with
 * HMAC-SHA256(seed, digest) and the words of that are tried, and so on.
 */
export function uniformIndex(seed: Buffer, digest: Buffer, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw invalid('K_FLOAT_POINTS_EMPTY', '浮动点集合不能为空', 'The set of float points must not be empty');
  let block = digest;
  // Each word is rejected with probability < n/2^32, so this loop ends at once in practice.
  for (;;) {
    const i = pickIndex(block, n);
    if (i !== null) return i;
    block = crypto.createHmac('sha256', seed).update(block).digest();
  }
}

/** The draw (see the file comment). Throws AppError VALIDATION (details.reason) on malformed input. */
export function drawK(input: KDrawInput): KDrawResult {
  const seed = checkSeed(input?.seedHex);
  const points = checkFloatPoints(input.floatPointsBp);
  const canonical = canonicalContributions(input.contributions);
  const inputsSha256 = crypto.createHash('sha256').update(canonical, 'utf8').digest('hex');
  const digest = crypto.createHmac('sha256', seed).update(K_DRAW_DOMAIN + canonical, 'utf8').digest();
  const index = uniformIndex(seed, digest, points.length);
  const resultBp = points[index];
  if (resultBp === undefined) throw invalid('K_FLOAT_POINTS_EMPTY', '浮动点集合不能为空', 'The set of float points must not be empty'); // uniformIndex < length: never
  return { index, resultBp, kValue: kValueOf(resultBp), inputsSha256, digestHex: digest.toString('hex') };
}

/**
 * Recomputes a recorded draw: true when the seed hashes to the commitment and the same inputs give the
 * same index (and, when given, the same float point and K). Malformed input gives false, never a throw.
 */
export function verifyKDraw(input: KDrawVerifyInput): boolean {
  try {
    if (typeof input.commitment !== 'string' || !HEX64.test(input.commitment)) return false;
    const commitment = kCommitment(input.seedHex);
    if (!crypto.timingSafeEqual(Buffer.from(commitment, 'hex'), Buffer.from(input.commitment, 'hex'))) return false;
    const r = drawK(input);
    if (r.index !== input.index) return false;
    if (input.resultBp !== undefined && r.resultBp !== input.resultBp) return false;
    if (input.kValue !== undefined && r.kValue !== input.kValue) return false;
    return true;
  } catch (e) {
    if (e instanceof AppError) return false;
    throw e;
  }
}
