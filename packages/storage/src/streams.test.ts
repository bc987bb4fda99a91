import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { AppError } from '@ebid/domain';
import { HashingCounter, VerifyingStream, checkIntegrity, resolveRange, validatePutOptions } from './streams.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const H = sha(Buffer.from('hello'));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
  return undefined;
}

const sink = () =>
  new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });

describe('validatePutOptions', () => {
  it.each([
    [{}, undefined],
    [{ expectedSha256: H, expectedSize: 5, maxSize: 5, contentType: 'application/pdf' }, undefined],
    [{ expectedSha256: H.toUpperCase() }, 'VALIDATION'],
    [{ expectedSha256: 'abc' }, 'VALIDATION'],
    [{ expectedSize: -1 }, 'VALIDATION'],
    [{ expectedSize: 1.5 }, 'VALIDATION'],
    [{ maxSize: Number.NaN }, 'VALIDATION'],
    [{ contentType: 'text/plain\r\nX-Evil: 1' }, 'VALIDATION'],
    [{ expectedSize: 11, maxSize: 10 }, 'PAYLOAD_TOO_LARGE'],
  ])('%j → %s', (opts, code) => {
    expect(codeOf(() => validatePutOptions(opts))).toBe(code);
  });
});

describe('checkIntegrity', () => {
  it.each([
    [{}, undefined],
    [{ expectedSha256: H }, undefined],
    [{ expectedSize: 5 }, undefined],
    [{ expectedSha256: H, expectedSize: 5 }, undefined],
    [{ expectedSha256: '0'.repeat(64) }, 'INTEGRITY_FAILED'],
    [{ expectedSize: 4 }, 'INTEGRITY_FAILED'],
    [{ expectedSha256: H, expectedSize: 6 }, 'INTEGRITY_FAILED'],
  ])('%j against sha("hello")/5 → %s', (opts, code) => {
    expect(codeOf(() => checkIntegrity(opts, { sha256: H, size: 5 }))).toBe(code);
  });
});

describe('resolveRange', () => {
  it.each([
    [undefined, 10, null],
    [{}, 10, null],
    [{ start: 0, end: 9 }, 10, { start: 0, end: 9 }],
    [{ start: 3 }, 10, { start: 3, end: 9 }],
    [{ end: 3 }, 10, { start: 0, end: 3 }],
    [{ start: 2, end: 100 }, 10, { start: 2, end: 9 }],
    [{ start: 9, end: 9 }, 10, { start: 9, end: 9 }],
  ])('%j of %i bytes → %j', (opts, size, expected) => {
    expect(resolveRange(opts, size)).toEqual(expected);
  });

  it.each([
    [{ start: 10 }, 10],
    [{ start: 5, end: 4 }, 10],
    [{ start: -1 }, 10],
    [{ start: 0.5 }, 10],
    [{ start: 0 }, 0],
  ])('%j of %i bytes → VALIDATION', (opts, size) => {
    expect(codeOf(() => resolveRange(opts, size))).toBe('VALIDATION');
  });
});

describe('HashingCounter', () => {
  it('hashes and counts what passes through', async () => {
    const c = new HashingCounter();
    await pipeline(Readable.from([Buffer.from('hel'), Buffer.from('lo')]), c, sink());
    expect(c.sha256).toBe(H);
    expect(c.size).toBe(5);
  });

  it.each([
    [{ maxSize: 4 }, 'PAYLOAD_TOO_LARGE'],
    [{ expectedSize: 4 }, 'INTEGRITY_FAILED'],
  ])('%j fails the stream with %s', async (opts, code) => {
    const c = new HashingCounter(opts);
    await expect(pipeline(Readable.from([Buffer.from('hel'), Buffer.from('lo')]), c, sink())).rejects.toMatchObject({ code });
  });

  it('stops pulling from the source once maxSize is exceeded', async () => {
    let pulled = 0;
    const src = new Readable({
      highWaterMark: 1,
      read() {
        pulled++;
        this.push(pulled > 1000 ? null : Buffer.alloc(1024));
      },
    });
    await expect(pipeline(src, new HashingCounter({ maxSize: 10 * 1024 }), sink())).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(pulled).toBeLessThan(100);
  });
});

describe('VerifyingStream', () => {
  const collect = async (expected: string, chunks: string[]) => {
    const got: Buffer[] = [];
    await pipeline(Readable.from(chunks.map((c) => Buffer.from(c))), new VerifyingStream(expected), async (src: AsyncIterable<Buffer>) => {
      for await (const c of src) got.push(c);
    });
    return Buffer.concat(got).toString();
  };

  it('passes matching data through and ends normally', async () => {
    await expect(collect(H, ['he', 'llo'])).resolves.toBe('hello');
  });

  it('emits INTEGRITY_FAILED instead of ending when the data does not match', async () => {
    await expect(collect(H, ['he', 'llO'])).rejects.toMatchObject({ code: 'INTEGRITY_FAILED', details: { expectedSha256: H } });
  });

  /** What a consumer received before the stream ended or failed, and how it ended. */
  const received = async (expected: string, chunks: string[], expectedSize?: number) => {
    const got: string[] = [];
    const v = new VerifyingStream(expected, { expectedSize });
    const outcome = await pipeline(Readable.from(chunks.map((c) => Buffer.from(c))), v, async (src: AsyncIterable<Buffer>) => {
      for await (const c of src) got.push(c.toString());
    }).then(
      () => 'end',
      (e: { code?: string }) => e.code ?? 'error',
    );
    return { got: got.join(''), outcome };
  };

  // What reaches the consumer before an error depends on timing (a failing pipeline discards what is still
  // buffered), so these say what never happens: the whole object arriving, or bytes past the last good chunk.
  it.each([
    ['the last chunk corrupt', ['he', 'l', 'lO'], 'hel'],
    ['the first chunk corrupt', ['He', 'l', 'lo'], 'Hel'],
    ['a single corrupt chunk', ['hellO'], ''],
    ['one byte missing', ['he', 'll'], 'he'],
    ['one byte too many', ['he', 'l', 'lo', '!'], 'hello'],
  ])('issue 13 §5: %s → the final chunk is held back, the consumer never gets the whole object', async (_what, chunks, atMost) => {
    const r = await received(H, chunks);
    expect(r.outcome).toBe('INTEGRITY_FAILED');
    expect(atMost.startsWith(r.got)).toBe(true);
    expect(r.got.length).toBeLessThan(chunks.join('').length);
  });

  it('a matching object: every chunk arrives, in order, then end', async () => {
    expect(await received(H, ['h', 'e', 'l', 'l', 'o'], 5)).toEqual({ got: 'hello', outcome: 'end' });
  });

  it('expectedSize: more bytes than expected fail at once, before they pass; fewer fail at the end', async () => {
    const longer = `hello${'x'.repeat(10)}`;
    const r = await received(sha(Buffer.from(longer)), ['hel', 'lo', 'x'.repeat(10)], 5);
    expect(r.outcome).toBe('INTEGRITY_FAILED');
    expect('hel'.startsWith(r.got)).toBe(true);
    const short = await received(sha(Buffer.from('hel')), ['he', 'l'], 5);
    expect(short.outcome).toBe('INTEGRITY_FAILED');
    expect('he'.startsWith(short.got)).toBe(true);
  });
});
