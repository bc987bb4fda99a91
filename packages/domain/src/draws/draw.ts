/**
 * The public commit–reveal draw (issue 14 §2; domain O8, E2): the rules every random draw of the platform
 * follows — the opening's 浮动点 / K draw today, the expert-committee draw later. Pure: no I/O and no
 * crypto primitive (the hashes are computed by the caller, node:crypto on the server, WebCrypto in the
 * browser), so the server and every browser build the very same texts from these functions.
 *
 * The protocol:
 *   1. The draw is created with a fixed, announced timeline: `commitCloseAt` and `revealCloseAt`. The
 *      platform's own share is HMAC-SHA256(drawSecret, PLATFORM_SHARE_PREFIX + drawId), drawSecret kept
 *      out of the database; only its commitment (below, participant `platform`) is stored and published.
 *   2. Until `commitCloseAt` (inclusive, T1: server time at arrival) each participant publishes
 *      commitment = SHA-256(commitmentText(drawId, participant, value)) of its 32 random bytes; once.
 *   3. After `commitCloseAt` and until `revealCloseAt` (inclusive) each reveals its value; the server
 *      accepts it only if it hashes to the commitment.
 *   4. After `revealCloseAt` the draw runs by itself (a job):
 *        digest = HMAC-SHA256(platformShare, resultText(...))
 *      over the platform share and every revealed value sorted by commitment id; unrevealed commitments are
 *      listed and left out. The index is uniform in [0, n) by rejection sampling (`pickIndex`; when every
 *      word of a block is rejected the next block is HMAC-SHA256(platformShare, block)). The platform
 *      share is published with the result and checked against its commitment.
 *
 * Why nobody can steer it: a participant commits before any value is known and cannot change it after;
 * when values become visible no commitment can be added; the platform share — the key of the final HMAC —
 * is unknown to everyone but the server until the result, and fixed by its commitment from the creation.
 */
import { AppError } from '../errors.ts';

/** The prefix of the platform share's HMAC message (the key is the server's draw secret). */
export const PLATFORM_SHARE_PREFIX = 'ebid-draw-platform-share:v1:';
/** The participant name of the platform's own share in commitment texts. */
export const PLATFORM_PARTICIPANT = 'platform';
const COMMIT_PREFIX = 'ebid-draw-commit:v1';
const RESULT_PREFIX = 'ebid-draw-result:v1';

const HEX64 = /^[0-9a-f]{64}$/;

export type DrawPhase = 'commit' | 'reveal' | 'closed';

export interface DrawTimeline {
  commitCloseAt: Date;
  revealCloseAt: Date;
}

/** The participant name of a user in commitment and result texts. */
export const userParticipant = (userId: number): string => `user:${userId}`;

function bad(reason: string, zh: string, en: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', { zh, en }, { reason, ...extra });
}

/** 64 lower-case hex characters (either case accepted, lower-cased); VALIDATION otherwise. */
export function normalizeHex32(v: unknown, field: string): string {
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  if (!HEX64.test(s)) throw bad('DRAW_HEX_INVALID', '应为64位十六进制字符（32字节）', 'Must be 64 hexadecimal characters (32 bytes)', { field });
  return s;
}

function checkDrawId(drawId: unknown): number {
  if (typeof drawId !== 'number' || !Number.isSafeInteger(drawId) || drawId < 1) throw bad('DRAW_ID_INVALID', '抽取编号无效', 'The draw id is not valid');
  return drawId;
}

function checkParticipant(p: unknown): string {
  if (typeof p !== 'string' || !/^(platform|user:[1-9][0-9]{0,15})$/.test(p)) throw bad('DRAW_PARTICIPANT_INVALID', '参与方无效', 'The participant is not valid');
  return p;
}

/**
 * The text whose SHA-256 is a commitment: the draw and the participant are bound in it, so a commitment
 * (or a revealed value) cannot be replayed in another draw or under another participant.
 */
export function commitmentText(drawId: number, participant: string, valueHex: string): string {
  return `${COMMIT_PREFIX}\ndraw:${checkDrawId(drawId)}\nparticipant:${checkParticipant(participant)}\nvalue:${normalizeHex32(valueHex, 'valueHex')}\n`;
}

export interface DrawReveal {
  /** the commitment's id (fixes the canonical order) */
  commitmentId: number;
  participant: string;
  valueHex: string;
}

/**
 * The canonical text the result's HMAC is computed over: the draw, the number of options, the platform
 * share, and every revealed value sorted by commitment id, one `${id}:${participant}:${value}` line each.
 */
export function resultText(input: { drawId: number; n: number; platformShareHex: string; reveals: readonly DrawReveal[] }): string {
  const n = input.n;
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw bad('DRAW_OPTIONS_INVALID', '抽取范围无效', 'The number of options is not valid');
  if (!Array.isArray(input.reveals)) throw bad('DRAW_REVEALS_INVALID', '公开的随机数无效', 'The reveals are not valid');
  const ids = new Set<number>();
  const lines = input.reveals.map((r) => {
    if (typeof r?.commitmentId !== 'number' || !Number.isSafeInteger(r.commitmentId) || r.commitmentId < 1) throw bad('DRAW_REVEALS_INVALID', '公开的随机数无效', 'The reveals are not valid');
    if (ids.has(r.commitmentId)) throw bad('DRAW_REVEAL_DUPLICATE', '承诺编号重复', 'Duplicate commitment id', { commitmentId: r.commitmentId });
    ids.add(r.commitmentId);
    return { id: r.commitmentId, line: `${r.commitmentId}:${checkParticipant(r.participant)}:${normalizeHex32(r.valueHex, 'valueHex')}\n` };
  });
  lines.sort((a, b) => a.id - b.id);
  return `${RESULT_PREFIX}\ndraw:${checkDrawId(input.drawId)}\nn:${n}\nplatform:${normalizeHex32(input.platformShareHex, 'platformShareHex')}\n${lines.map((l) => l.line).join('')}`;
}

/**
 * Rejection sampling: the first 32-bit big-endian word w of the block with w < 2^32 − (2^32 mod n) gives
 * w mod n; null when every word is rejected (the caller extends the block and tries again).
 */
export function pickIndex(block: Uint8Array, n: number): number | null {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw bad('DRAW_OPTIONS_INVALID', '抽取范围无效', 'The number of options is not valid');
  const range = 2 ** 32;
  const limit = range - (range % n);
  for (let off = 0; off + 4 <= block.length; off += 4) {
    const w = ((block[off]! << 24) >>> 0) + (block[off + 1]! << 16) + (block[off + 2]! << 8) + block[off + 3]!;
    if (w < limit) return w % n;
  }
  return null;
}

/** The draw's phase at an instant (T1: the request's arrival, server time); the close instants belong to the earlier phase. */
export function drawPhaseAt(t: DrawTimeline, at: Date): DrawPhase {
  const x = at.getTime();
  if (x <= t.commitCloseAt.getTime()) return 'commit';
  if (x <= t.revealCloseAt.getTime()) return 'reveal';
  return 'closed';
}

/** A commitment arriving at `at` is accepted (at ≤ commitCloseAt); DEADLINE_PASSED otherwise, nothing changed. */
export function assertMayCommit(t: DrawTimeline, at: Date): void {
  if (drawPhaseAt(t, at) !== 'commit') {
    throw new AppError('DEADLINE_PASSED', { zh: '承诺提交已截止，不再接收随机数承诺', en: 'Commitments are closed' }, { reason: 'COMMIT_CLOSED', commitCloseAt: t.commitCloseAt.toISOString() });
  }
}

/** A reveal arriving at `at` is accepted when commitCloseAt < at ≤ revealCloseAt; typed errors otherwise. */
export function assertMayReveal(t: DrawTimeline, at: Date): void {
  const phase = drawPhaseAt(t, at);
  if (phase === 'commit') {
    throw new AppError('INVALID_STATE', { zh: '承诺提交截止后才能公开随机数', en: 'Values are revealed only after the commitments close' }, { reason: 'REVEAL_NOT_OPEN', commitCloseAt: t.commitCloseAt.toISOString() });
  }
  if (phase === 'closed') {
    throw new AppError('DEADLINE_PASSED', { zh: '随机数公开已截止', en: 'Reveals are closed' }, { reason: 'REVEAL_CLOSED', revealCloseAt: t.revealCloseAt.toISOString() });
  }
}

/** The draw may run (and only then): after the reveal close. */
export function mayRunDraw(t: DrawTimeline, at: Date): boolean {
  return drawPhaseAt(t, at) === 'closed';
}

/** Center staff and platform administrators run the platform: they never contribute to a draw. */
export function assertMayContributeRole(role: string): void {
  if (role === 'staff' || role === 'platform_admin') {
    throw new AppError('FORBIDDEN', { zh: '交易中心工作人员和平台管理员不参与随机抽取', en: 'Center staff and platform administrators do not contribute to draws' }, { reason: 'DRAW_CENTER_NO_CONTRIBUTION' });
  }
}

/** The K draw's default offsets from the opening start (minutes). */
export const K_DRAW_COMMIT_MINUTES = 10;
export const K_DRAW_REVEAL_MINUTES = 5;

/**
 * The opening K draw's timeline: commit close at start + min(10 min, window/2), reveal close a further
 * min(5 min, window/4) — so both fall inside the decryption window (its minimum is 10 min: 5 and 7.5 min),
 * and the K is known before the window ends and the record is made. Whole seconds.
 */
export function openingDrawTimeline(start: Date, decryptWindowMinutes: number): DrawTimeline {
  if (!Number.isFinite(decryptWindowMinutes) || decryptWindowMinutes <= 0) throw bad('DRAW_WINDOW_INVALID', '解密时限无效', 'The decryption window is not valid');
  const windowS = decryptWindowMinutes * 60;
  const commitS = Math.min(K_DRAW_COMMIT_MINUTES * 60, Math.floor(windowS / 2));
  const revealS = Math.min(K_DRAW_REVEAL_MINUTES * 60, Math.floor(windowS / 4));
  const commitCloseAt = new Date(start.getTime() + commitS * 1000);
  return { commitCloseAt, revealCloseAt: new Date(commitCloseAt.getTime() + revealS * 1000) };
}
