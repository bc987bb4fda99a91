/**
 * @ebid/storage — the content-addressed object store (DESIGN §3): one interface, two drivers.
 *
 * - `fs`: a directory tree `<root>/sha256/ab/cd/<hash>` (the embedded default).
 * - `s3`: a bucket, keys `sha256/ab/cd/<hash>`, through the `minio` client (MinIO in production,
 *   s3rver in tests). This package's s3 driver is the only importer of `minio` in the repo.
 *
 * Objects are named by the SHA-256 of their content. `put` streams (never buffers the whole body),
 * hashing while it writes to a temporary location, and moves the object into place only when it is
 * complete and matches the caller's expectations; an existing object is never overwritten. `get`
 * re-hashes while streaming and fails the stream with INTEGRITY_FAILED instead of ending it if the
 * stored bytes do not match their name.
 */
export type { GetOptions, ObjectInfo, ObjectStore, PutBody, PutOptions, PutResult } from './types.ts';
export { isSha256Hex, objectKey } from './keys.ts';
export { createFsObjectStore, type FsObjectStoreOptions } from './fs-driver.ts';
export { createS3ObjectStore, plainPutObjectForBench, type S3ObjectStoreOptions } from './s3-driver.ts';
