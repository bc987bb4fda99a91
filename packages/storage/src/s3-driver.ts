/**
 * The `s3` driver, through the `minio` client (MinIO in production, s3rver in tests). This file is the
 * ONLY importer of `minio` in the repository (DESIGN §2).
 *
 * put: stream → HashingCounter (stream.pipeline, so the source is paused while the S3 side is busy) →
 * minio putObject to a temp key `tmp/<random>` with fixed `partSize` parts (8 MiB by default, so the
 * client holds ~2 parts in memory, whatever the object size). Bodies smaller than one part go up in a
 * single PUT (this also covers the empty object, which a multipart upload cannot express) straight to
 * its final key once hashed and checked. A larger body's expectations are checked after the multipart
 * upload, and the temp object is server-side copied to `sha256/ab/cd/<hash>` (with
 * `x-amz-meta-sha256` / `x-amz-meta-size`) unless that key already exists, and removed.
 * A failed put removes the temp object and aborts the incomplete multipart upload.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { Readable, pipeline as pipelineCb, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, isAppError } from '@ebid/domain';
import * as Minio from 'minio';
import { OBJECT_PREFIX, TEMP_PREFIX, hashFromObjectKey, objectKey } from './keys.ts';
import {
  HashingCounter,
  VerifyingStream,
  checkIntegrity,
  isRanged,
  notFound,
  resolveRange,
  toPipelineSource,
  unavailable,
  validatePutOptions,
} from './streams.ts';
import type { GetOptions, ObjectInfo, ObjectStore, PutBody, PutOptions, PutResult } from './types.ts';

export interface S3ObjectStoreOptions {
  /** Full URL of the S3 API, e.g. `http://127.0.0.1:4569` or `https://minio.example:9000` (path-style access). */
  endPoint: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  /** Default `us-east-1`. */
  region?: string;
  /** Multipart part size in bytes (≥ 5 MiB); default 8 MiB. Client memory per put is ~2 × partSize. */
  partSize?: number;
}

const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const HEALTH_TIMEOUT_MS = 5000;

function s3Code(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

const isMissing = (e: unknown): boolean => {
  const c = s3Code(e);
  return c === 'NoSuchKey' || c === 'NotFound' || c === 'NoSuchObject';
};

function fail(op: string, e: unknown): Error {
  return isAppError(e) ? e : unavailable('s3', op, e);
}

/**
 * Internal (not exported from the package index): builds the minio client for these options. The
 * contract tests use it to tamper with stored objects and to look for leftover temp objects, so that
 * no other file has to import `minio`.
 */
export function createS3Client(opts: S3ObjectStoreOptions): { client: Minio.Client; agent: http.Agent } {
  let url: URL;
  try {
    url = new URL(opts.endPoint);
  } catch {
    throw new AppError('CONFIG_INVALID', { zh: 'S3 端点必须是完整 URL', en: `S3 endPoint must be a full URL, got "${opts.endPoint}"` });
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '')) {
    throw new AppError('CONFIG_INVALID', { zh: 'S3 端点无效', en: `S3 endPoint must be http(s)://host[:port], got "${opts.endPoint}"` });
  }
  const useSSL = url.protocol === 'https:';
  const agent = useSSL ? new https.Agent({ keepAlive: true, maxSockets: 32 }) : new http.Agent({ keepAlive: true, maxSockets: 32 });
  const client = new Minio.Client({
    endPoint: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: opts.accessKey,
    secretKey: opts.secretKey,
    region: opts.region ?? 'us-east-1',
    pathStyle: true,
    partSize: opts.partSize ?? DEFAULT_PART_SIZE,
    transportAgent: agent,
  });
  return { client, agent };
}

/**
 * The Readable handed to minio's putObject. minio does `body.pipe(chunker)`, and `pipe` does not
 * forward a source error, so an upload whose source failed would wait forever. This stream remembers
 * where it was piped and destroys those destinations with its own error, which makes putObject reject.
 * It serves first the chunks already read (`head`), then pulls from the iterator (backpressure: one
 * chunk is requested per _read).
 */
class PullReadable extends Readable {
  readonly #head: Buffer[];
  readonly #it: AsyncIterator<Buffer>;
  readonly #dests: Writable[] = [];

  constructor(head: Buffer[], it: AsyncIterator<Buffer>) {
    super({ highWaterMark: 1 << 20 });
    this.#head = head;
    this.#it = it;
    this.on('error', () => {}); // observed through the destinations / the put's own bookkeeping
  }

  override _read(): void {
    const first = this.#head.shift();
    if (first) {
      this.push(first);
      return;
    }
    this.#it.next().then(
      (r) => this.push(r.done ? null : r.value),
      (e: unknown) => this.destroy(e instanceof Error ? e : new Error(String(e))),
    );
  }

  override pipe<T extends NodeJS.WritableStream>(dest: T, options?: { end?: boolean }): T {
    this.#dests.push(dest as unknown as Writable);
    const errored = this.errored;
    if (errored) process.nextTick(() => (dest as unknown as Writable).destroy(errored));
    return super.pipe(dest, options);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (err) for (const d of this.#dests) d.destroy(err);
    callback(err);
  }
}

export function createS3ObjectStore(opts: S3ObjectStoreOptions): ObjectStore {
  const { bucket } = opts;
  const region = opts.region ?? 'us-east-1';
  const partSize = opts.partSize ?? DEFAULT_PART_SIZE;
  if (!Number.isSafeInteger(partSize) || partSize < 5 * 1024 * 1024) {
    throw new AppError('CONFIG_INVALID', { zh: 'S3 分片大小至少 5 MiB', en: 'S3 partSize must be an integer ≥ 5 MiB' });
  }
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new AppError('CONFIG_INVALID', { zh: 'S3 桶名无效', en: `Invalid S3 bucket name "${String(bucket)}"` });
  }
  const { client, agent } = createS3Client(opts);

  /** Best-effort removal of a temp object and of its incomplete multipart upload, if any. */
  async function dropTemp(tmpKey: string, multipart: boolean): Promise<void> {
    await client.removeObject(bucket, tmpKey).catch(() => {});
    if (multipart) await client.removeIncompleteUpload(bucket, tmpKey).catch(() => {});
  }

  async function exists(key: string): Promise<boolean> {
    try {
      await client.statObject(bucket, key);
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  return {
    driver: 's3',

    async init() {
      try {
        if (await client.bucketExists(bucket)) return;
        await client.makeBucket(bucket, region);
      } catch (e) {
        const c = s3Code(e);
        if (c === 'BucketAlreadyOwnedByYou' || c === 'BucketAlreadyExists') return;
        throw fail('init', e);
      }
    },

    async put(body: PutBody, options?: PutOptions): Promise<PutResult> {
      const o = validatePutOptions(options);
      const source = toPipelineSource(body);
      const tmpKey = `${TEMP_PREFIX}/${randomBytes(16).toString('hex')}`;
      const meta: Record<string, string> = { 'Content-Type': o.contentType ?? 'application/octet-stream' };
      const counter = new HashingCounter(o);
      counter.on('error', () => {}); // observed through the pipeline and the iterator

      let feedError: unknown; // the source failed, or the HashingCounter refused (maxSize/expectedSize)
      let s3Error: unknown; // the S3 side failed
      let multipart = false;
      // A body smaller than one part is held in memory anyway: it goes straight to its final key once its
      // hash is known (no temp object, no server-side copy). Bid pieces (4 MiB) all take this path.
      const held: { small: Buffer | null } = { small: null };

      // Feeding side: source → counter, with backpressure from whoever reads `counter`.
      const feed = pipeline(source, counter).catch((e: unknown) => {
        if (s3Error === undefined) feedError ??= e; // else: a consequence of destroying `counter` below
      });
      // Uploading side: reads `counter` (first one part's worth, to choose single PUT vs multipart).
      const it = counter[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const next = async (): Promise<IteratorResult<Buffer>> => {
        try {
          return await it.next();
        } catch (e) {
          if (s3Error === undefined) feedError ??= e; // else: we destroyed `counter` because S3 failed
          throw e;
        }
      };
      const upload = (async () => {
        const head: Buffer[] = [];
        let headLen = 0;
        for (;;) {
          if (headLen >= partSize) {
            multipart = true;
            const wrapped: AsyncIterator<Buffer> = { next };
            await client.putObject(bucket, tmpKey, new PullReadable(head, wrapped), undefined, meta);
            return;
          }
          const r = await next();
          if (r.done) break;
          head.push(r.value);
          headLen += r.value.length;
        }
        held.small = Buffer.concat(head, headLen);
      })().catch((e: unknown) => {
        if (feedError === undefined) {
          s3Error = e;
          counter.destroy(e instanceof Error ? e : new Error(String(e))); // stops the source too
        }
      });

      await Promise.all([feed, upload]);
      if (feedError !== undefined || s3Error !== undefined) {
        if (held.small === null) await dropTemp(tmpKey, multipart);
        if (feedError !== undefined) throw feedError; // AppError, or the caller's stream error as is
        throw fail('put', s3Error);
      }

      const info = { sha256: counter.sha256, size: counter.size };
      try {
        checkIntegrity(o, info);
        const finalKey = objectKey(info.sha256);
        // Not atomic: two concurrent puts of the same content may both copy (identical bytes) and both
        // report created: true. S3 has no portable "copy if absent".
        if (await exists(finalKey)) return { ...info, created: false };
        const small = held.small;
        if (small !== null) {
          // Hashed before it is sent: only verified bytes ever appear under their hash.
          await client.putObject(bucket, finalKey, small, small.length, { ...meta, sha256: info.sha256, size: String(info.size) });
          return { ...info, created: true };
        }
        await client.copyObject(
          new Minio.CopySourceOptions({ Bucket: bucket, Object: tmpKey }),
          new Minio.CopyDestinationOptions({
            Bucket: bucket,
            Object: finalKey,
            MetadataDirective: 'REPLACE',
            UserMetadata: { sha256: info.sha256, size: String(info.size) },
            Headers: { 'Content-Type': meta['Content-Type'] ?? 'application/octet-stream' },
          }),
        );
        return { ...info, created: true };
      } catch (e) {
        throw fail('put', e);
      } finally {
        if (held.small === null) await dropTemp(tmpKey, false);
      }
    },

    async get(sha256: string, options?: GetOptions): Promise<Readable> {
      const key = objectKey(sha256);
      try {
        if (isRanged(options)) {
          // Ranged read: served as is, NOT hash-verified (a part cannot be checked against the whole's hash).
          const { size } = await client.statObject(bucket, key);
          const range = resolveRange(options, size);
          if (!range) throw new Error('unreachable');
          return await client.getPartialObject(bucket, key, range.start, range.end - range.start + 1);
        }
        const raw = await client.getObject(bucket, key);
        const verifier = new VerifyingStream(sha256, { expectedSize: options?.expectedSize });
        // Errors of the HTTP body are forwarded into `verifier`; destroying `verifier` (consumer gave
        // up) destroys the response, which frees the socket.
        pipelineCb(raw, verifier, () => {});
        return verifier;
      } catch (e) {
        if (isMissing(e)) throw notFound(sha256);
        throw fail('get', e);
      }
    },

    async stat(sha256: string): Promise<ObjectInfo | null> {
      const key = objectKey(sha256);
      try {
        const s = await client.statObject(bucket, key);
        return { sha256, size: s.size };
      } catch (e) {
        if (isMissing(e)) return null;
        throw fail('stat', e);
      }
    },

    async delete(sha256: string): Promise<void> {
      const key = objectKey(sha256);
      try {
        await client.removeObject(bucket, key);
      } catch (e) {
        if (isMissing(e)) return;
        throw fail('delete', e);
      }
    },

    async *list(): AsyncGenerator<ObjectInfo> {
      const stream = client.listObjectsV2(bucket, `${OBJECT_PREFIX}/`, true);
      try {
        for await (const item of stream as AsyncIterable<{ name?: string; size?: number }>) {
          const sha256 = item.name ? hashFromObjectKey(item.name) : null;
          if (sha256) yield { sha256, size: item.size ?? 0 };
        }
      } catch (e) {
        throw fail('list', e);
      }
    },

    async health() {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
        });
        const ok = await Promise.race([client.bucketExists(bucket), timeout]);
        return ok ? { ok: true } : { ok: false, detail: `s3 ${opts.endPoint}: bucket "${bucket}" does not exist` };
      } catch (e) {
        return { ok: false, detail: `s3 ${opts.endPoint}: ${e instanceof Error ? e.message : String(e)}` };
      } finally {
        clearTimeout(timer);
      }
    },

    async close() {
      agent.destroy();
    },
  };
}

/**
 * Benchmarks only (issue 6 §8): a plain minio `putObject` of a stream under `key`, with the driver's
 * client settings — no hashing, no temp object, no copy. The raw baseline the sealed-bid upload is
 * measured against; never used by the platform.
 */
export async function plainPutObjectForBench(opts: S3ObjectStoreOptions, key: string, body: Readable, size: number): Promise<void> {
  const { client, agent } = createS3Client(opts);
  try {
    await client.putObject(opts.bucket, key, body, size);
  } finally {
    agent.destroy();
  }
}
