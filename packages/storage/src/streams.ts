/**
 * Driver-independent pieces of the object store: option validation, the hashing/counting transform
 * used by `put`, the verifying transform used by `get`, range resolution and the error builders.
 */
import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { AppError } from '@ebid/domain';
import { isSha256Hex } from './keys.ts';
import type { GetOptions, ObjectInfo, PutBody, PutOptions } from './types.ts';

function isNonNegativeInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Validates put options before any byte of the body is read. */
export function validatePutOptions(opts: PutOptions | undefined): PutOptions {
  const o: PutOptions = { ...(opts ?? {}) };
  if (o.expectedSha256 !== undefined && !isSha256Hex(o.expectedSha256)) {
    throw new AppError(
      'VALIDATION',
      { zh: '期望摘要格式无效（应为 64 位小写十六进制 SHA-256）', en: 'expectedSha256 must be 64 lowercase hex characters' },
      { field: 'expectedSha256' },
    );
  }
  for (const field of ['expectedSize', 'maxSize'] as const) {
    if (o[field] !== undefined && !isNonNegativeInteger(o[field])) {
      throw new AppError('VALIDATION', { zh: `${field} 必须是非负整数`, en: `${field} must be a non-negative integer` }, { field });
    }
  }
  if (o.contentType !== undefined && (typeof o.contentType !== 'string' || !/^[\x20-\x7e]{1,255}$/.test(o.contentType))) {
    throw new AppError('VALIDATION', { zh: 'contentType 无效', en: 'contentType must be 1–255 printable ASCII characters' }, { field: 'contentType' });
  }
  if (o.expectedSize !== undefined && o.maxSize !== undefined && o.expectedSize > o.maxSize) {
    throw payloadTooLarge(o.maxSize, o.expectedSize);
  }
  return o;
}

export function payloadTooLarge(maxSize: number, receivedAtLeast: number): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    { zh: `对象超过允许的最大大小（${maxSize} 字节）`, en: `The object is larger than the allowed ${maxSize} bytes` },
    { maxSize, receivedAtLeast },
  );
}

export function integrityFailed(details: {
  expectedSha256?: string | undefined;
  actualSha256?: string | undefined;
  expectedSize?: number | undefined;
  actualSize?: number | undefined;
  actualSizeAtLeast?: number | undefined;
}): AppError {
  return new AppError(
    'INTEGRITY_FAILED',
    { zh: '对象内容与期望的摘要或大小不一致', en: 'The object content does not match the expected hash or size' },
    Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)),
  );
}

export function notFound(sha256: string): AppError {
  return new AppError('NOT_FOUND', { zh: '对象不存在', en: 'No object with this hash' }, { sha256 });
}

export function unavailable(driver: string, op: string, cause: unknown): AppError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  return new AppError(
    'UNAVAILABLE',
    { zh: '对象存储暂不可用', en: `The object store is unavailable (${driver} ${op}: ${msg.slice(0, 200)})` },
    { driver, op },
    { cause },
  );
}

/** Checks the end-of-stream result against expectedSha256 / expectedSize; throws INTEGRITY_FAILED. */
export function checkIntegrity(opts: PutOptions, actual: ObjectInfo): void {
  const shaBad = opts.expectedSha256 !== undefined && opts.expectedSha256 !== actual.sha256;
  const sizeBad = opts.expectedSize !== undefined && opts.expectedSize !== actual.size;
  if (shaBad || sizeBad) {
    throw integrityFailed({
      expectedSha256: opts.expectedSha256,
      actualSha256: actual.sha256,
      expectedSize: opts.expectedSize,
      actualSize: actual.size,
    });
  }
}

/** Turns any accepted body into something stream.pipeline accepts as a source. */
export function toPipelineSource(body: PutBody): NodeJS.ReadableStream | AsyncIterable<Uint8Array> {
  if (body instanceof Uint8Array) return Readable.from(body.byteLength > 0 ? [body] : [], { objectMode: false });
  if (body && (typeof (body as NodeJS.ReadableStream).pipe === 'function' || Symbol.asyncIterator in body)) return body;
  throw new AppError('VALIDATION', { zh: '上传内容类型无效', en: 'The body must be a stream, an async iterable or a Uint8Array' });
}

/**
 * Pass-through that computes SHA-256 and counts bytes as data flows. It fails the stream (so
 * stream.pipeline tears everything down and stops reading the source) as soon as more than `maxSize`
 * bytes (PAYLOAD_TOO_LARGE) or more than `expectedSize` bytes (INTEGRITY_FAILED) have arrived.
 */
export class HashingCounter extends Transform {
  readonly #hash: Hash = createHash('sha256');
  #size = 0;
  #digest: string | undefined;
  readonly #maxSize: number | undefined;
  readonly #expectedSize: number | undefined;
  readonly #expectedSha256: string | undefined;

  constructor(opts: { maxSize?: number | undefined; expectedSize?: number | undefined; expectedSha256?: string | undefined } = {}) {
    super();
    this.#maxSize = opts.maxSize;
    this.#expectedSize = opts.expectedSize;
    this.#expectedSha256 = opts.expectedSha256;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    const next = this.#size + chunk.length;
    if (this.#maxSize !== undefined && next > this.#maxSize) {
      callback(payloadTooLarge(this.#maxSize, next));
      return;
    }
    if (this.#expectedSize !== undefined && next > this.#expectedSize) {
      callback(integrityFailed({ expectedSha256: this.#expectedSha256, expectedSize: this.#expectedSize, actualSizeAtLeast: next }));
      return;
    }
    this.#size = next;
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.#digest = this.#hash.digest('hex');
    callback();
  }

  get size(): number {
    return this.#size;
  }

  /** The hex digest; only available after the stream has been fully written (ended). */
  get sha256(): string {
    if (this.#digest === undefined) throw new Error('HashingCounter: digest requested before the stream ended');
    return this.#digest;
  }
}

/**
 * Pass-through that recomputes SHA-256 and never lets a corrupt object look complete (issue 13 §5): the
 * most recent chunk is held back until the next one arrives, and the last one is released only once the
 * whole content hashes to `expectedSha256` (and, when given, has exactly `expectedSize` bytes). Otherwise
 * the stream emits INTEGRITY_FAILED instead of the final chunk and 'end', so a download of a tampered
 * object is always short of its last bytes. More bytes than `expectedSize` fail at once, before they
 * pass. Memory: one chunk.
 */
export class VerifyingStream extends Transform {
  readonly #hash: Hash = createHash('sha256');
  #size = 0;
  #held: Buffer | null = null;
  readonly #expected: string;
  readonly #expectedSize: number | undefined;

  constructor(expectedSha256: string, opts: { expectedSize?: number | undefined } = {}) {
    super();
    this.#expected = expectedSha256;
    this.#expectedSize = opts.expectedSize;
  }

  #fail(actualSha256: string | undefined): AppError {
    return new AppError(
      'INTEGRITY_FAILED',
      { zh: '存储的对象已损坏或被篡改（摘要不符）', en: 'The stored object is corrupt or was tampered with (hash mismatch)' },
      Object.fromEntries(
        Object.entries({ expectedSha256: this.#expected, actualSha256, expectedSize: this.#expectedSize, actualSize: this.#size }).filter(([, v]) => v !== undefined),
      ),
    );
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#expectedSize !== undefined && this.#size > this.#expectedSize) {
      this.#held = null;
      callback(this.#fail(undefined));
      return;
    }
    this.#hash.update(chunk);
    const previous = this.#held;
    this.#held = chunk;
    callback(null, previous ?? undefined);
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.#hash.digest('hex');
    const held = this.#held;
    this.#held = null;
    if (actual !== this.#expected || (this.#expectedSize !== undefined && this.#size !== this.#expectedSize)) {
      callback(this.#fail(actual));
      return;
    }
    if (held) this.push(held);
    callback();
  }
}

/**
 * Resolves a get() range against the object size. Returns null for a whole-object (verified) read,
 * or inclusive [start, end] clamped to the object. Throws VALIDATION for a malformed or unsatisfiable
 * range (start beyond the last byte, start > end).
 */
export function resolveRange(opts: GetOptions | undefined, size: number): { start: number; end: number } | null {
  if (!opts || (opts.start === undefined && opts.end === undefined)) return null;
  const { start = 0, end } = opts;
  if (!isNonNegativeInteger(start) || (end !== undefined && !isNonNegativeInteger(end))) {
    throw new AppError('VALIDATION', { zh: '读取范围无效', en: 'start/end must be non-negative integers' }, { start, end });
  }
  if ((end !== undefined && start > end) || start >= size) {
    throw new AppError('VALIDATION', { zh: '读取范围无法满足', en: 'The requested range is not satisfiable' }, { start, end, size });
  }
  return { start, end: Math.min(end ?? size - 1, size - 1) };
}

/** True if get() was asked for a range (which is then not hash-verified). */
export function isRanged(opts: GetOptions | undefined): boolean {
  return !!opts && (opts.start !== undefined || opts.end !== undefined);
}
