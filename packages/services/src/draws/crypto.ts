/**
 * The hashes of the public commit–reveal draw (issue 14 §2; the protocol is described in
 * packages/domain/src/draws/draw.ts, whose texts these functions hash). Pure functions over node:crypto:
 * the server uses them to run a draw, and anyone holding the public record recomputes it with
 * `verifyDraw` (the browser does the same with WebCrypto, apps/web/src/draws/verify.ts).
 */
import crypto from 'node:crypto';
import { AppError, commitmentText, normalizeHex32, pickIndex, PLATFORM_PARTICIPANT, PLATFORM_SHARE_PREFIX, resultText, type DrawReveal } from '@ebid/domain';

const sha256Hex = (s: string): string => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

/** The commitment of a value: hex SHA-256 of `commitmentText(drawId, participant, value)`. */
export function drawCommitment(drawId: number, participant: string, valueHex: string): string {
  return sha256Hex(commitmentText(drawId, participant, valueHex));
}

/**
 * The platform's share of a draw: HMAC-SHA256(drawSecret, 'ebid-draw-platform-share:v1:' + drawId), hex.
 * Only the server holds drawSecret (a file outside the database, Deps.secrets.draw); before the result
 * only `drawCommitment(drawId, 'platform', share)` is stored and published.
 */
export function platformShareOf(drawSecret: Uint8Array, drawId: number): string {
  if (!(drawSecret instanceof Uint8Array) || drawSecret.length < 32) {
    throw new AppError('CONFIG_INVALID', { zh: '随机抽取密钥无效', en: 'The draw secret is not valid' }, { reason: 'DRAW_SECRET_INVALID' });
  }
  if (!Number.isSafeInteger(drawId) || drawId < 1) throw new AppError('VALIDATION', undefined, { reason: 'DRAW_ID_INVALID' });
  return crypto.createHmac('sha256', drawSecret).update(`${PLATFORM_SHARE_PREFIX}${drawId}`, 'utf8').digest('hex');
}

export interface DrawComputation {
  index: number;
  /** hex HMAC-SHA256(platformShare, resultText) — the block the index was first taken from */
  digestHex: string;
  /** hex SHA-256 of resultText (what went in) */
  inputsSha256: string;
}

/**
 * The result: digest = HMAC-SHA256(platformShare, resultText(...)); the index by rejection sampling over
 * its 32-bit words, the next block being HMAC-SHA256(platformShare, block) while every word is rejected.
 * Deterministic: the same record always gives the same result.
 */
export function computeDraw(input: { drawId: number; n: number; platformShareHex: string; reveals: readonly DrawReveal[] }): DrawComputation {
  const text = resultText(input);
  const key = Buffer.from(normalizeHex32(input.platformShareHex, 'platformShareHex'), 'hex');
  const digest = crypto.createHmac('sha256', key).update(text, 'utf8').digest();
  let block: Buffer = digest;
  let index = pickIndex(block, input.n);
  // Each word is rejected with probability < n/2^32: this ends at once in practice.
  while (index === null) {
    block = crypto.createHmac('sha256', key).update(block).digest();
    index = pickIndex(block, input.n);
  }
  return { index, digestHex: digest.toString('hex'), inputsSha256: sha256Hex(text) };
}

/** A draw as published with its result: everything `verifyDraw` needs. */
export interface DrawRecord {
  drawId: number;
  /** the ordered options (only their number matters to the index) */
  n: number;
  commitCloseAt?: string;
  revealCloseAt?: string;
  platformCommitment: string;
  platformShareHex: string;
  commitments: { id: number; participant: string; commitment: string; committedAt?: string; valueHex: string | null; revealedAt?: string | null }[];
  resultIndex: number;
  digestHex?: string;
  inputsSha256?: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const eqHex = (a: string, b: string) => HEX64.test(a) && HEX64.test(b) && crypto.timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

/**
 * Recomputes a draw from its public record: true when the platform share matches the commitment published
 * at creation, every revealed value matches its participant's commitment (and, when the times are given,
 * was committed by the commit close and revealed inside the reveal window), and the revealed values give
 * the recorded index (and digest / inputs hash when given). Anything altered or malformed gives false.
 */
export function verifyDraw(r: DrawRecord): boolean {
  try {
    if (!eqHex(drawCommitment(r.drawId, PLATFORM_PARTICIPANT, r.platformShareHex), String(r.platformCommitment))) return false;
    const commitClose = r.commitCloseAt !== undefined ? Date.parse(r.commitCloseAt) : null;
    const revealClose = r.revealCloseAt !== undefined ? Date.parse(r.revealCloseAt) : null;
    if (Number.isNaN(commitClose) || Number.isNaN(revealClose)) return false;
    const participants = new Set<string>();
    const reveals: DrawReveal[] = [];
    for (const c of r.commitments) {
      if (c.participant === PLATFORM_PARTICIPANT || participants.has(c.participant)) return false;
      participants.add(c.participant);
      if (commitClose !== null && c.committedAt !== undefined && !(Date.parse(c.committedAt) <= commitClose)) return false;
      if (c.valueHex === null) continue;
      if (!eqHex(drawCommitment(r.drawId, c.participant, c.valueHex), String(c.commitment))) return false;
      if (c.revealedAt !== undefined && c.revealedAt !== null && commitClose !== null && revealClose !== null) {
        const t = Date.parse(c.revealedAt);
        if (!(t > commitClose && t <= revealClose)) return false;
      }
      reveals.push({ commitmentId: c.id, participant: c.participant, valueHex: c.valueHex });
    }
    const got = computeDraw({ drawId: r.drawId, n: r.n, platformShareHex: r.platformShareHex, reveals });
    if (got.index !== r.resultIndex) return false;
    if (r.digestHex !== undefined && got.digestHex !== r.digestHex) return false;
    if (r.inputsSha256 !== undefined && got.inputsSha256 !== r.inputsSha256) return false;
    return true;
  } catch (e) {
    if (e instanceof AppError) return false;
    throw e;
  }
}
