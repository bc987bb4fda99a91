/**
 * Object naming. Every key and path of the store is derived ONLY from a validated SHA-256 hex digest
 * (64 lowercase hex characters), so no caller-supplied text ever reaches a path or an object key and
 * path traversal is impossible by construction.
 *
 * Layout (both drivers): `sha256/ab/cd/<hash>` where `ab` and `cd` are the first two byte pairs of the
 * hash (a two-level fan-out of 65,536 directories / prefixes).
 */
import { AppError } from '@ebid/domain';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The root prefix (s3) or directory (fs) that holds the stored objects. */
export const OBJECT_PREFIX = 'sha256';
/** The prefix (s3) or directory (fs) that holds in-flight uploads. */
export const TEMP_PREFIX = 'tmp';

/** True for exactly 64 lowercase hex characters (the only accepted form of an object name). */
export function isSha256Hex(s: string): boolean {
  return typeof s === 'string' && SHA256_HEX.test(s);
}

/** Throws AppError('VALIDATION') unless `s` is a 64-char lowercase hex SHA-256. */
export function assertSha256Hex(s: unknown, field = 'sha256'): asserts s is string {
  if (typeof s !== 'string' || !SHA256_HEX.test(s)) {
    throw new AppError(
      'VALIDATION',
      { zh: '对象摘要格式无效（应为 64 位小写十六进制 SHA-256）', en: 'Invalid object hash (expected 64 lowercase hex SHA-256)' },
      { field, value: typeof s === 'string' ? s.slice(0, 100) : typeof s },
    );
  }
}

/** The path segments of an object: ['sha256', 'ab', 'cd', '<hash>']. Validates the hash first. */
export function objectSegments(sha256: string): [string, string, string, string] {
  assertSha256Hex(sha256);
  return [OBJECT_PREFIX, sha256.slice(0, 2), sha256.slice(2, 4), sha256];
}

/** The object key (s3) / relative path with `/` separators (fs): `sha256/ab/cd/<hash>`. */
export function objectKey(sha256: string): string {
  return objectSegments(sha256).join('/');
}

/**
 * The inverse of objectKey: returns the hash if `key` is exactly a well-formed object key
 * (`sha256/ab/cd/<hash>` with matching fan-out), else null. Used when listing, so that foreign keys
 * in a shared bucket are ignored rather than misreported.
 */
export function hashFromObjectKey(key: string): string | null {
  const parts = key.split('/');
  if (parts.length !== 4) return null;
  const [prefix, a, b, hash] = parts as [string, string, string, string];
  if (prefix !== OBJECT_PREFIX || !isSha256Hex(hash)) return null;
  if (a !== hash.slice(0, 2) || b !== hash.slice(2, 4)) return null;
  return hash;
}
