import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeDraw, drawCommitment, platformShareOf, verifyDraw, type DrawRecord } from './crypto.ts';

/** Test vectors shared with the browser (apps/web/src/draws/draw-client.test.ts): both must agree. */
export const VECTORS = {
  value: 'ab'.repeat(32),
  share: '11'.repeat(32),
  userCommitment: '88233bd6a7b3e88b2e06758afe05380104865fb26c8b7f4ddcd87061747381f6', // draw 7, user:42
  platformCommitment: '2b4c1d63090775ca0a560c3e8b01b9852876f332d0b28d528bf86a137d4c3a3b', // draw 7
  result: { index: 1, digestHex: '2d7bb2f35b640cb662c4ce0f9257cccf377192dcb3348fbab67beae382b8bdae', inputsSha256: '6bd8b3ccceb126528ad066bdef4c288f0e2eee06da4650573aca1728f5485622' },
};

describe('draw hashes: fixed vectors', () => {
  it('commitments and the result', () => {
    expect(drawCommitment(7, 'user:42', VECTORS.value)).toBe(VECTORS.userCommitment);
    expect(drawCommitment(7, 'platform', VECTORS.share)).toBe(VECTORS.platformCommitment);
    const reveals = [
      { commitmentId: 3, participant: 'user:42', valueHex: VECTORS.value },
      { commitmentId: 1, participant: 'user:5', valueHex: 'cd'.repeat(32) },
    ];
    expect(computeDraw({ drawId: 7, n: 6, platformShareHex: VECTORS.share, reveals })).toEqual(VECTORS.result);
    // The order of the input does not matter (sorted by commitment id); computing twice gives the same.
    expect(computeDraw({ drawId: 7, n: 6, platformShareHex: VECTORS.share, reveals: [...reveals].reverse() })).toEqual(VECTORS.result);
  });

  it('the platform share is an HMAC of the draw id under the secret: another secret or draw gives another share', () => {
    const secret = Buffer.alloc(32, 7);
    expect(platformShareOf(secret, 7)).toBe(crypto.createHmac('sha256', secret).update('ebid-draw-platform-share:v1:7').digest('hex'));
    expect(platformShareOf(secret, 8)).not.toBe(platformShareOf(secret, 7));
    expect(platformShareOf(Buffer.alloc(32, 8), 7)).not.toBe(platformShareOf(secret, 7));
    expect(() => platformShareOf(Buffer.alloc(8), 7)).toThrow();
  });
});

describe('verifyDraw: true on the record, false on any alteration', () => {
  const secret = crypto.randomBytes(32);
  const drawId = 12;
  const share = platformShareOf(secret, drawId);
  const values = [crypto.randomBytes(32).toString('hex'), crypto.randomBytes(32).toString('hex'), crypto.randomBytes(32).toString('hex')];
  const commitments = values.map((v, i) => ({
    id: 20 + i,
    participant: `user:${100 + i}`,
    commitment: drawCommitment(drawId, `user:${100 + i}`, v),
    committedAt: '2026-06-24T02:05:00.000Z',
    valueHex: i === 2 ? null : v, // the third never revealed: listed, left out
    revealedAt: i === 2 ? null : '2026-06-24T02:12:00.000Z',
  }));
  const r = computeDraw({ drawId, n: 6, platformShareHex: share, reveals: commitments.filter((c) => c.valueHex).map((c) => ({ commitmentId: c.id, participant: c.participant, valueHex: c.valueHex! })) });
  const record: DrawRecord = {
    drawId,
    n: 6,
    commitCloseAt: '2026-06-24T02:10:00.000Z',
    revealCloseAt: '2026-06-24T02:15:00.000Z',
    platformCommitment: drawCommitment(drawId, 'platform', share),
    platformShareHex: share,
    commitments,
    resultIndex: r.index,
    digestHex: r.digestHex,
    inputsSha256: r.inputsSha256,
  };
  const at = (i: number, patch: Partial<DrawRecord['commitments'][number]>) => ({ ...record, commitments: record.commitments.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const flip = (h: string) => (h[0] === '0' ? '1' : '0') + h.slice(1);

  it('the record verifies', () => expect(verifyDraw(record)).toBe(true));

  it.each<[string, DrawRecord]>([
    ['another platform share', { ...record, platformShareHex: crypto.randomBytes(32).toString('hex') }],
    ['a share that is not hex', { ...record, platformShareHex: 'zz' }],
    ['another platform commitment', { ...record, platformCommitment: flip(record.platformCommitment) }],
    ['another index', { ...record, resultIndex: (record.resultIndex + 1) % 6 }],
    ['another n', { ...record, n: 7 }],
    ['another digest', { ...record, digestHex: flip(record.digestHex!) }],
    ['another inputs hash', { ...record, inputsSha256: flip(record.inputsSha256!) }],
    ['a value changed', at(0, { valueHex: flip(values[0]!) })],
    ['a revealed value dropped', at(1, { valueHex: null })],
    ['a value for the unrevealed one made up', at(2, { valueHex: crypto.randomBytes(32).toString('hex') })],
    ['a participant renamed', at(0, { participant: 'user:999' })],
    ['a participant posing as the platform', at(0, { participant: 'platform' })],
    ['a participant twice', at(1, { participant: 'user:100' })],
    ['a commitment after the commit close', at(0, { committedAt: '2026-06-24T02:10:00.001Z' })],
    ['a reveal at the commit close', at(0, { revealedAt: '2026-06-24T02:10:00.000Z' })],
    ['a reveal after the reveal close', at(0, { revealedAt: '2026-06-24T02:15:00.001Z' })],
  ])('%s → false', (_name, altered) => {
    expect(verifyDraw(altered)).toBe(false);
  });

  it('the boundaries themselves are in time: committed at the commit close, revealed at the reveal close', () => {
    expect(verifyDraw(at(0, { committedAt: '2026-06-24T02:10:00.000Z', revealedAt: '2026-06-24T02:15:00.000Z' }))).toBe(true);
  });
});
