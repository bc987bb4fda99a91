import { describe, expect, it } from 'vitest';
import { AppError } from '@ebid/domain';
import { assertSha256Hex, hashFromObjectKey, isSha256Hex, objectKey, objectSegments } from './keys.ts';

const H = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'; // sha256('')

describe('isSha256Hex', () => {
  it.each([
    [H, true],
    ['0'.repeat(64), true],
    ['f'.repeat(64), true],
    [H.toUpperCase(), false],
    [H.slice(0, 63), false],
    [`${H}0`, false],
    [`${H.slice(0, 63)}g`, false],
    ['', false],
    ['../../etc/passwd', false],
    [`../${H.slice(3)}`, false],
    [`${H}\n`, false],
    [` ${H.slice(1)}`, false],
    [`sha256/${H}`, false],
  ])('%j → %s', (s, expected) => {
    expect(isSha256Hex(s)).toBe(expected);
  });

  it('is false for non-strings (defensive, for untyped callers)', () => {
    expect(isSha256Hex(undefined as unknown as string)).toBe(false);
    expect(isSha256Hex(42 as unknown as string)).toBe(false);
  });
});

describe('objectKey / objectSegments', () => {
  it.each([
    [H, `sha256/e3/b0/${H}`],
    ['0'.repeat(64), `sha256/00/00/${'0'.repeat(64)}`],
    ['abcdef'.padEnd(64, '9'), `sha256/ab/cd/${'abcdef'.padEnd(64, '9')}`],
  ])('%s → %s', (hash, key) => {
    expect(objectKey(hash)).toBe(key);
    expect(objectSegments(hash).join('/')).toBe(key);
  });

  it.each(['../../etc/passwd', H.toUpperCase(), 'abc', '', `${H}/..`, `..%2f${H.slice(5)}`])(
    'rejects %j with VALIDATION (no path is ever built from it)',
    (bad) => {
      expect(() => objectKey(bad)).toThrow(AppError);
      try {
        objectKey(bad);
      } catch (e) {
        expect((e as AppError).code).toBe('VALIDATION');
      }
    },
  );
});

describe('hashFromObjectKey', () => {
  it.each([
    [`sha256/e3/b0/${H}`, H],
    [`sha256/e3/b1/${H}`, null], // fan-out does not match the hash
    [`sha256/e3/${H}`, null],
    [`tmp/e3/b0/${H}`, null],
    [`sha256/e3/b0/${H.toUpperCase()}`, null],
    [`sha256/e3/b0/${H}.part`, null],
    [`sha256/e3/b0/${H}/x`, null],
    ['', null],
  ])('%j → %s', (key, expected) => {
    expect(hashFromObjectKey(key)).toBe(expected);
  });

  it('round-trips with objectKey', () => {
    expect(hashFromObjectKey(objectKey(H))).toBe(H);
  });
});

describe('assertSha256Hex', () => {
  it('names the field in the error details', () => {
    try {
      assertSha256Hex('nope', 'expectedSha256');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).details).toMatchObject({ field: 'expectedSha256' });
    }
  });
});
