/**
 * The committee draw's selection (issue 21 §3; domain E2): which experts a drawn digest picks, members and
 * ordered backups per specialty, from the eligible list frozen and published BEFORE any witness entropy
 * was collected. Pure and the same in the server and in every browser: no crypto primitive here — the
 * caller passes an HMAC-SHA256 function (node:crypto on the server, WebCrypto in the browser) and computes
 * the list's SHA-256 over `eligibleListText`, as draws/draw.ts leaves its hashes to the caller.
 *
 * The inputs, all public:
 *   - the eligible list: per specialty (sorted by specialty code) the members and backups requested and
 *     the eligible experts' PSEUDONYMS in their published order (never names);
 *     eligibleSha256 = SHA-256(eligibleListText(list)) is published with the draw's platform commitment;
 *   - the draw's digest (draws/draw.ts: HMAC-SHA256(platformShare, resultText) over the revealed values).
 *
 * The selection stream: block₀ = HMAC-SHA256(key = digest, selectionSeedText(eligibleSha256)), then
 * blockᵢ₊₁ = HMAC-SHA256(digest, blockᵢ); read as 32-bit big-endian words. Each pick of an index in
 * [0, m) takes words until one is below 2^32 − (2^32 mod m) (rejection sampling, as `pickIndex`) and uses
 * it mod m. Binding the list's hash into the seed means any altered list (one pseudonym, the order, a
 * count) gives another stream, not only another name at the same position.
 *
 * Per specialty in code order: the pool is the specialty's eligible list without the experts already
 * taken by an earlier specialty (an expert eligible in two specialties sits once), in published order;
 * a partial Fisher–Yates shuffle draws members + backups of it: for i = 0 … need−1, j = i + pick(m − i),
 * swap(pool[i], pool[j]). The first `members` drawn are the members, the rest the backups in drawn order.
 */
import { AppError } from '../errors.ts';

const LIST_PREFIX = 'ebid-committee-eligible:v1';
const SEED_PREFIX = 'ebid-committee-selection:v1';
const HEX64 = /^[0-9a-f]{64}$/;
const PSEUDONYM = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SPECIALTY = /^[a-z][a-z0-9_]{0,31}$/;

/** HMAC-SHA256(key, message) — synchronous (node:crypto) or not (WebCrypto). */
export type HmacSha256 = (key: Uint8Array, message: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export interface EligibleSpecialty {
  /** the specialty code (committee/specialties.ts) */
  specialty: string;
  members: number;
  backups: number;
  /** the eligible experts' pseudonyms in the published order (P's eligibility: sorted by pseudonym) */
  eligible: readonly string[];
}

export interface EligibleList {
  committeeId: number;
  specialties: readonly EligibleSpecialty[];
}

export interface SpecialtySelection {
  specialty: string;
  /** pseudonyms in drawn order */
  members: string[];
  backups: string[];
}

function bad(reason: string, zh: string, en: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', { zh, en }, { reason, rule: 'E2', ...extra });
}

const countOk = (n: unknown, min: number): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= 1000;

/** The list with its specialties sorted by code, every field checked; VALIDATION otherwise. */
export function normalizeEligibleList(list: EligibleList): EligibleList {
  if (typeof list?.committeeId !== 'number' || !Number.isSafeInteger(list.committeeId) || list.committeeId < 1) {
    throw bad('COMMITTEE_ID_INVALID', '委员会编号无效', 'The committee id is not valid');
  }
  if (!Array.isArray(list.specialties) || list.specialties.length < 1) throw bad('COMMITTEE_SPECIALTIES_EMPTY', '至少请求一个专业', 'Request at least one specialty');
  const seen = new Set<string>();
  const specialties = list.specialties.map((s) => {
    if (typeof s?.specialty !== 'string' || !SPECIALTY.test(s.specialty)) throw bad('COMMITTEE_SPECIALTY_INVALID', '专业代码无效', 'The specialty code is not valid');
    if (seen.has(s.specialty)) throw bad('COMMITTEE_SPECIALTY_DUPLICATE', '专业重复', 'A specialty is listed twice', { specialty: s.specialty });
    seen.add(s.specialty);
    if (!countOk(s.members, 1) || !countOk(s.backups, 0)) throw bad('COMMITTEE_COUNTS_INVALID', '每个专业的抽取人数应为正整数，候补人数为非负整数', 'Members per specialty must be a positive whole number and backups a non-negative one', { specialty: s.specialty });
    if (!Array.isArray(s.eligible)) throw bad('COMMITTEE_ELIGIBLE_INVALID', '可抽取专家名单无效', 'The eligible list is not valid', { specialty: s.specialty });
    const names = new Set<string>();
    for (const p of s.eligible) {
      if (typeof p !== 'string' || !PSEUDONYM.test(p)) throw bad('COMMITTEE_PSEUDONYM_INVALID', '专家代号无效', 'An expert pseudonym is not valid', { specialty: s.specialty });
      if (names.has(p)) throw bad('COMMITTEE_PSEUDONYM_DUPLICATE', '同一专业中专家代号重复', 'A pseudonym is listed twice in one specialty', { specialty: s.specialty, pseudonym: p });
      names.add(p);
    }
    return { specialty: s.specialty, members: s.members, backups: s.backups, eligible: [...s.eligible] };
  });
  specialties.sort((a, b) => (a.specialty < b.specialty ? -1 : a.specialty > b.specialty ? 1 : 0));
  return { committeeId: list.committeeId, specialties };
}

/**
 * The canonical text of the eligible list whose SHA-256 is published before any witness entropy is
 * collected: the committee, then per specialty (by code) its request and its pseudonyms in published
 * order, one per line. Pseudonyms only — never a name, a user id or an employer.
 */
export function eligibleListText(list: EligibleList): string {
  const l = normalizeEligibleList(list);
  const parts = [`${LIST_PREFIX}\ncommittee:${l.committeeId}\n`];
  for (const s of l.specialties) {
    parts.push(`specialty:${s.specialty}\nmembers:${s.members}\nbackups:${s.backups}\nn:${s.eligible.length}\n`);
    for (const p of s.eligible) parts.push(`${p}\n`);
  }
  return parts.join('');
}

/** The message of the selection stream's first block (the key is the draw's digest). */
export function selectionSeedText(eligibleSha256: string): string {
  const h = typeof eligibleSha256 === 'string' ? eligibleSha256.toLowerCase() : '';
  if (!HEX64.test(h)) throw bad('COMMITTEE_ELIGIBLE_SHA_INVALID', '名单摘要无效', 'The eligible list hash is not valid');
  return `${SEED_PREFIX}\neligible:${h}\n`;
}

function hexBytes(hex: string, field: string): Uint8Array {
  const h = typeof hex === 'string' ? hex.toLowerCase() : '';
  if (!HEX64.test(h)) throw bad('DRAW_HEX_INVALID', '应为64位十六进制字符（32字节）', 'Must be 64 hexadecimal characters (32 bytes)', { field });
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** 32-bit words from the HMAC chain keyed by the digest. */
class WordStream {
  private block: Uint8Array | null = null;
  private off = 0;
  constructor(
    private readonly key: Uint8Array,
    private readonly seed: Uint8Array,
    private readonly hmac: HmacSha256,
  ) {}

  async next(): Promise<number> {
    if (this.block === null) {
      this.block = await this.hmac(this.key, this.seed);
      this.off = 0;
    } else if (this.off + 4 > this.block.length) {
      this.block = await this.hmac(this.key, this.block);
      this.off = 0;
    }
    const b = this.block;
    const o = this.off;
    this.off += 4;
    return ((b[o]! << 24) >>> 0) + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!;
  }

  /** Uniform in [0, m) by rejection sampling (as draws/draw.ts pickIndex). */
  async pick(m: number): Promise<number> {
    const range = 2 ** 32;
    const limit = range - (range % m);
    for (;;) {
      const w = await this.next();
      if (w < limit) return w % m;
    }
  }
}

/**
 * The committee a digest draws from a frozen eligible list: per specialty (by code) the members and the
 * ordered backups, as pseudonyms. Deterministic. VALIDATION `COMMITTEE_NOT_ENOUGH_ELIGIBLE` when a
 * specialty has fewer eligible experts left than members + backups requested.
 */
export async function selectCommittee(
  input: { list: EligibleList; eligibleSha256: string; digestHex: string },
  hmac: HmacSha256,
): Promise<SpecialtySelection[]> {
  const list = normalizeEligibleList(input.list);
  const encoder = new TextEncoder();
  const stream = new WordStream(hexBytes(input.digestHex, 'digestHex'), encoder.encode(selectionSeedText(input.eligibleSha256)), hmac);
  assertEnoughEligible(list);
  const taken = new Set<string>();
  const out: SpecialtySelection[] = [];
  for (const s of list.specialties) {
    const pool = s.eligible.filter((p) => !taken.has(p));
    const need = s.members + s.backups;
    if (pool.length < need) throw new AppError('INTERNAL', undefined, { reason: 'COMMITTEE_POOL_SHORT', specialty: s.specialty }); // assertEnoughEligible: never
    for (let i = 0; i < need; i++) {
      const j = i + (await stream.pick(pool.length - i));
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
      taken.add(pool[i]!);
    }
    out.push({ specialty: s.specialty, members: pool.slice(0, s.members), backups: pool.slice(s.members, need) });
  }
  return out;
}

/**
 * Before anything is frozen: every specialty must keep members + backups eligible experts even in the worst
 * case, where each earlier specialty j takes min(need_j, |this list ∩ list_j|) of this specialty's experts
 * (an expert eligible in several specialties sits once). A sufficient bound, so `selectCommittee` never
 * runs short after the commitment. VALIDATION `COMMITTEE_NOT_ENOUGH_ELIGIBLE` otherwise.
 */
export function assertEnoughEligible(list: EligibleList): void {
  const l = normalizeEligibleList(list);
  l.specialties.forEach((s, k) => {
    const need = s.members + s.backups;
    const mine = new Set(s.eligible);
    let lost = 0;
    for (const e of l.specialties.slice(0, k)) {
      const shared = e.eligible.filter((p) => mine.has(p)).length;
      lost += Math.min(e.members + e.backups, shared);
    }
    const available = Math.max(0, s.eligible.length - lost);
    if (available < need) {
      throw bad(
        'COMMITTEE_NOT_ENOUGH_ELIGIBLE',
        `专业“${s.specialty}”可抽取的专家不足：需要${need}人（含候补），仅能保证${available}人`,
        `Not enough eligible experts in specialty "${s.specialty}": ${need} needed (with backups), ${available} assured`,
        { specialty: s.specialty, need, available, eligible: s.eligible.length },
      );
    }
  });
}
