import { describe, expect, it } from 'vitest';
import { AppError, bidSummaryFieldsOf, parseBidSummary } from '@ebid/domain';
import { TRANSPORT_CHUNK_SIZE as PIECE_SIZE } from '@ebid/pki/constants';
import {
  buildSummary,
  Cancelled,
  envelopeToAppError,
  isCancelled,
  missingPieces,
  pieceCountOf,
  pieceRanges,
  progressView,
  receivedBytes,
  summaryFile,
  summaryBytes,
  nextBidVersion,
  SUMMARY_FILE_NAME,
  uploadSealedPart,
  type PutPiece,
  type SealedPart,
  type StartedUpload,
} from './seal-upload.ts';

const MiB = 1024 * 1024;

describe('piece splitting (4 MiB transport pieces)', () => {
  it.each([
    [1, [[0, 1]]],
    [PIECE_SIZE - 1, [[0, PIECE_SIZE - 1]]],
    [PIECE_SIZE, [[0, PIECE_SIZE]]],
    [PIECE_SIZE + 1, [[0, PIECE_SIZE], [PIECE_SIZE, PIECE_SIZE + 1]]],
    [2 * PIECE_SIZE + 5, [[0, PIECE_SIZE], [PIECE_SIZE, 2 * PIECE_SIZE], [2 * PIECE_SIZE, 2 * PIECE_SIZE + 5]]],
  ])('size %i → %j', (size, expected) => {
    const r = pieceRanges(size);
    expect(r.map((p) => [p.start, p.end])).toEqual(expected);
    expect(r.map((p) => p.index)).toEqual(expected.map((_, i) => i));
    expect(pieceCountOf(size)).toBe(expected.length);
    // every piece but the last is exactly the piece size
    expect(r.slice(0, -1).every((p) => p.end - p.start === PIECE_SIZE)).toBe(true);
  });

  it('an empty file has no pieces; a bad size is refused', () => {
    expect(pieceRanges(0)).toEqual([]);
    expect(() => pieceRanges(-1)).toThrow(RangeError);
    expect(() => pieceRanges(10, 0)).toThrow(RangeError);
  });
});

describe('resume selection', () => {
  it.each([
    [3, [], [0, 1, 2]],
    [3, [0], [1, 2]],
    [3, [2, 0], [1]],
    [3, [0, 1, 2], []],
    [3, [0, 0, 7], [1, 2]],
    [1, [], [0]],
  ])('%i pieces, received %j → send %j', (count, received, expected) => {
    expect(missingPieces(count, received)).toEqual(expected);
  });

  it('counts the bytes the server holds (the short last piece included)', () => {
    const size = 2 * PIECE_SIZE + 10;
    expect(receivedBytes(size, PIECE_SIZE, [])).toBe(0);
    expect(receivedBytes(size, PIECE_SIZE, [0])).toBe(PIECE_SIZE);
    expect(receivedBytes(size, PIECE_SIZE, [2])).toBe(10);
    expect(receivedBytes(size, PIECE_SIZE, [0, 1, 2, 2, 9])).toBe(size);
  });
});

describe('progress in MB and percent', () => {
  it.each([
    [0, 10 * MiB, { doneMb: '0.0', totalMb: '10.0', percent: 0 }],
    [5 * MiB, 10 * MiB, { doneMb: '5.0', totalMb: '10.0', percent: 50 }],
    [10 * MiB - 1, 10 * MiB, { doneMb: '10.0', totalMb: '10.0', percent: 99 }],
    [10 * MiB, 10 * MiB, { doneMb: '10.0', totalMb: '10.0', percent: 100 }],
    [0, 0, { doneMb: '0.00', totalMb: '0.00', percent: 100 }],
    [5300, 5300, { doneMb: '0.01', totalMb: '0.01', percent: 100 }],
  ])('%i / %i', (done, total, expected) => {
    expect(progressView(done, total)).toEqual(expected);
  });
});

describe('the 开标一览表 (summary JSON)', () => {
  const ids = { projectId: 12, sectionId: 34 };
  const WORKS = bidSummaryFieldsOf({ tradeType: 'engineering', subject: 'works' });
  it('price in integer fen parsed digit by digit, days, quality; sealed as the one padded, salted format (issue 14 §1)', () => {
    const s = buildSummary({ priceYuan: '1,234,567.29', durationDays: ' 180 ', quality: ' 合格 ' }, ids, WORKS);
    expect(s).toEqual({ projectId: 12, sectionId: 34, priceFen: 123456729, durationDays: 180, quality: '合格' });
    const b = summaryBytes(s);
    expect(b.length).toBe(4096);
    expect(parseBidSummary(b, { expect: ids, allowLegacy: false })).toEqual({ format: 2, ...s });
    expect(new TextDecoder().decode(b)).toMatch(/^\{"type":"ebid-bid-summary","v":2,"projectId":12,"sectionId":34,"priceFen":123456729,"durationDays":180,"quality":"合格","salt":"[0-9a-f]{32}"\} +$/);
    // 99,999,999 and 100,000,000 fen: the same size; the same form twice: different bytes (fresh salt).
    expect(summaryBytes({ ...s, priceFen: 99_999_999 }).length).toBe(summaryBytes({ ...s, priceFen: 100_000_000 }).length);
    expect(summaryBytes(s)).not.toEqual(b);
  });

  it('the next bid version is the highest of the section + 1', () => {
    expect(nextBidVersion([], 34)).toBe(1);
    expect(nextBidVersion([{ sectionId: 34, version: 1 }, { sectionId: 34, version: 3 }, { sectionId: 35, version: 9 }], 34)).toBe(4);
  });

  it('0.29 元 is 29 分 (no float error)', () => {
    expect(buildSummary({ priceYuan: '0.29', durationDays: 1, quality: 'q' }, ids, WORKS).priceFen).toBe(29);
  });

  it.each([
    [{ priceYuan: '', durationDays: '10', quality: 'q' }, 'priceYuan'],
    [{ priceYuan: '0', durationDays: '10', quality: 'q' }, 'priceYuan'],
    [{ priceYuan: '1.234', durationDays: '10', quality: 'q' }, 'priceYuan'],
    [{ priceYuan: '-5', durationDays: '10', quality: 'q' }, 'priceYuan'],
    [{ priceYuan: '100', durationDays: '0', quality: 'q' }, 'durationDays'],
    [{ priceYuan: '100', durationDays: '1.5', quality: 'q' }, 'durationDays'],
    [{ priceYuan: '100', durationDays: '', quality: 'q' }, 'durationDays'],
    [{ priceYuan: '100', durationDays: '10', quality: '  ' }, 'quality'],
  ])('refuses %j (field %s)', (form, field) => {
    try {
      buildSummary(form, ids, WORKS);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('VALIDATION');
      expect((e as AppError).details?.field).toBe(field);
    }
  });

  // Issue 18 §2: the summary states only what the project asks (domain bidSummaryFieldsOf).
  it.each([
    ['engineering goods: 交货期, named so when missing', { tradeType: 'engineering', subject: 'goods' }, { durationDays: '', quality: '合格' }, 'durationDays', '交货期（日历天）须为正整数'],
    ['procurement: 交货期或服务期', { tradeType: 'procurement', subject: null }, { durationDays: '0', quality: '合格' }, 'durationDays', '交货期或服务期（日历天）须为正整数'],
  ] as const)('%s', (_name, project, form, field, zh) => {
    try {
      buildSummary({ priceYuan: '100', ...form }, ids, bidSummaryFieldsOf(project));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).details?.field).toBe(field);
      expect((e as AppError).messageZh).toBe(zh);
    }
  });

  it('a land or property bid states its price only: a typed period or quality is not sealed', () => {
    for (const tradeType of ['land', 'property'] as const) {
      const s = buildSummary({ priceYuan: '5200', durationDays: '30', quality: '合格' }, ids, bidSummaryFieldsOf({ tradeType, subject: null }));
      expect(s).toEqual({ projectId: 12, sectionId: 34, priceFen: 520000, durationDays: null, quality: null });
      expect(parseBidSummary(summaryBytes(s), { expect: ids, allowLegacy: false })).toMatchObject({ durationDays: null, quality: null });
    }
  });

  it('is sealed as 开标一览表.json', async () => {
    const f = summaryFile({ priceYuan: '100', durationDays: '30', quality: '合格' }, ids, WORKS);
    expect(f.name).toBe(SUMMARY_FILE_NAME);
    expect(f.size).toBe(4096);
    expect(JSON.parse(await f.text())).toMatchObject({ priceFen: 10000, durationDays: 30 });
  });
});

function sealedOf(size: number): SealedPart {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = i % 251;
  return { part: 'technical', name: 't.pdf', plainSize: size - 100, sealed: new Blob([bytes]), headerSha256: 'a'.repeat(64), partHash: 'b'.repeat(64), size, sealedAt: '2026-01-01T00:00:00Z' };
}

describe('uploadSealedPart (upload and resume)', () => {
  const size = 2 * PIECE_SIZE + 1000;

  function server(received: number[]) {
    const calls: { start: unknown[]; put: { index: number; size: number }[] } = { start: [], put: [] };
    const api = {
      startUpload: async (i: unknown): Promise<StartedUpload> => {
        calls.start.push(i);
        return { uploadId: 7, pieceSize: PIECE_SIZE, pieceCount: 3, received: [...received] };
      },
    };
    const put: PutPiece = async (uploadId, index, body, opts) => {
      expect(uploadId).toBe(7);
      opts.onProgress?.(Math.floor(body.size / 2));
      calls.put.push({ index, size: body.size });
      received.push(index);
      return { index, received: [...received] };
    };
    return { api, put, calls };
  }

  it('asks for the upload with size and partHash, then sends every piece in order', async () => {
    const s = server([]);
    const progress: number[] = [];
    const r = await uploadSealedPart(s.api, sealedOf(size), 34, { putPiece: s.put, onProgress: (d) => progress.push(d) });
    expect(s.calls.start).toEqual([{ sectionId: 34, part: 'technical', size, partHash: 'b'.repeat(64) }]);
    expect(s.calls.put).toEqual([
      { index: 0, size: PIECE_SIZE },
      { index: 1, size: PIECE_SIZE },
      { index: 2, size: 1000 },
    ]);
    expect(r).toEqual({ uploadId: 7, sent: [0, 1, 2], alreadyReceived: [] });
    expect(progress.at(-1)).toBe(size);
    expect(progress).toEqual([...progress].sort((a, b) => a - b)); // monotonic
  });

  it('a resumed upload sends only the pieces the server lacks, and starts its progress at what is held', async () => {
    const s = server([0, 2]);
    const progress: number[] = [];
    const r = await uploadSealedPart(s.api, sealedOf(size), 34, { putPiece: s.put, onProgress: (d) => progress.push(d) });
    expect(s.calls.put.map((p) => p.index)).toEqual([1]);
    expect(r.sent).toEqual([1]);
    expect(r.alreadyReceived).toEqual([0, 2]);
    expect(progress[0]).toBe(PIECE_SIZE + 1000);
    expect(progress.at(-1)).toBe(size);
  });

  it('a cancelled upload stops before the next piece and says so', async () => {
    const s = server([]);
    const ac = new AbortController();
    const put: PutPiece = async (id, index, body, opts) => {
      const r = await s.put(id, index, body, opts);
      ac.abort();
      return r;
    };
    await expect(uploadSealedPart(s.api, sealedOf(size), 34, { putPiece: put, signal: ac.signal })).rejects.toSatisfy(isCancelled);
    expect(s.calls.put.map((p) => p.index)).toEqual([0]);
    // resuming afterwards sends 1 and 2 only
    const again = await uploadSealedPart(s.api, sealedOf(size), 34, { putPiece: s.put });
    expect(again.sent).toEqual([1, 2]);
  });
});

describe('errors', () => {
  it('an envelope error becomes VALIDATION with the envelope code as reason and its zh message', () => {
    const e = Object.assign(new Error('ENVELOPE_NOT_RECIPIENT: …'), { code: 'ENVELOPE_NOT_RECIPIENT', zh: '该加密证书（私钥）无法解密此投标文件', en: 'x' });
    const a = envelopeToAppError(e) as AppError;
    expect(a).toBeInstanceOf(AppError);
    expect(a.code).toBe('VALIDATION');
    expect(a.details?.reason).toBe('ENVELOPE_NOT_RECIPIENT');
    expect(a.toJSON().messageZh).toBe('该加密证书（私钥）无法解密此投标文件');
    const other = new Error('boom');
    expect(envelopeToAppError(other)).toBe(other);
  });

  it('recognises cancellation', () => {
    expect(isCancelled(new Cancelled())).toBe(true);
    expect(isCancelled(new DOMException('x', 'AbortError'))).toBe(true);
    expect(isCancelled(new AppError('VALIDATION'))).toBe(false);
  });
});
