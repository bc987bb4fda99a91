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
});
