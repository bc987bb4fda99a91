/** The public types of the object store (see index.ts for the overview). */
import type { Readable } from 'node:stream';

export type PutBody = NodeJS.ReadableStream | AsyncIterable<Uint8Array> | Uint8Array;

export interface PutOptions {
  /** If given, the put fails with INTEGRITY_FAILED (and stores nothing) unless the content hashes to it. */
  expectedSha256?: string;
  /** If given, the put fails with INTEGRITY_FAILED (and stores nothing) unless exactly this many bytes arrive. */
  expectedSize?: number;
  /** Stored as object metadata by the s3 driver; ignored by the fs driver. */
  contentType?: string;
  /** Hard cap: the put is aborted with PAYLOAD_TOO_LARGE as soon as more bytes than this arrive. */
  maxSize?: number;
}

export interface PutResult {
  sha256: string;
  size: number;
  /** false when an object with this hash already existed (it is never overwritten). */
  created: boolean;
}

export interface ObjectInfo {
  sha256: string;
  size: number;
}

export interface GetOptions {
  /** First byte, inclusive (default 0). A ranged read is NOT hash-verified. */
  start?: number;
  /** Last byte, inclusive (default size - 1; clamped to size - 1). */
  end?: number;
  /**
   * A whole-object read: the size recorded for the object. Fewer or more bytes fail the read with
   * INTEGRITY_FAILED (more: as soon as they arrive, before they pass). Ignored for ranged reads.
   */
  expectedSize?: number;
}

export interface ObjectStore {
  readonly driver: 's3' | 'fs';
  /** Creates the bucket / directories. Idempotent. */
  init(): Promise<void>;
  /**
   * Streams `body` into the store. Errors (all AppError except a source stream's own error, which is
   * rethrown as is): VALIDATION (bad options, before any byte is read), PAYLOAD_TOO_LARGE (more than
   * `maxSize` bytes; aborted early), INTEGRITY_FAILED (expectedSha256/expectedSize mismatch),
   * UNAVAILABLE (the backend failed). On any failure nothing is stored and no temporary object is left.
   */
  put(body: PutBody, opts?: PutOptions): Promise<PutResult>;
  /**
   * A stream of the object. A whole-object read is verified: if the bytes do not hash to `sha256` (or
   * differ from `expectedSize`) the stream emits AppError('INTEGRITY_FAILED') instead of its last chunk
   * and 'end' — the final bytes are held back until the hash checks, so a consumer never receives a
   * corrupt object complete. A ranged read (`start`/`end`, both inclusive) is NOT verified.
   * Errors: VALIDATION (malformed hash or range), NOT_FOUND, UNAVAILABLE.
   */
  get(sha256: string, opts?: GetOptions): Promise<Readable>;
  /** Size of the object, or null if absent. VALIDATION for a malformed hash. */
  stat(sha256: string): Promise<ObjectInfo | null>;
  /** Removes the object. Idempotent (absent is fine). VALIDATION for a malformed hash. */
  delete(sha256: string): Promise<void>;
  /** Every stored object (in no particular order). Temporary uploads are never listed. */
  list(): AsyncIterable<ObjectInfo>;
  /** A cheap round trip to the backend; never throws. */
  health(): Promise<{ ok: boolean; detail?: string }>;
  /** Releases resources (s3: the HTTP agent). The store must not be used afterwards. */
  close(): Promise<void>;
}
