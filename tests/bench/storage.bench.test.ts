/**
 * Object store throughput (`npm run bench`): a streamed put and a verified get through each driver,
 * against a raw baseline measured in the same run on the same data:
 *   fs driver ÷ (source → sha256 → fs.createWriteStream), s3 driver ÷ (plain HTTP PUT to the same S3 server).
 * Prints MB/s and ratios; asserts only that the data round-tripped intact.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { afterAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '@ebid/storage';
import { createTestFsStore, createTestS3Store, testEnv } from '@ebid/testing';

const MB = Number(process.env.BENCH_MB ?? 200);
const CHUNK = 1 << 20;
const seed = crypto.randomBytes(CHUNK);

/** MB megabytes of data, generated chunk by chunk (never all in memory). */
function source(): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i >= MB) return this.push(null);
      const c = Buffer.from(seed);
      c.writeUInt32BE(i++, 0); // every chunk differs
      this.push(c);
    },
  });
}

const expected = (() => {
  const h = crypto.createHash('sha256');
  for (let i = 0; i < MB; i++) {
    const c = Buffer.from(seed);
    c.writeUInt32BE(i, 0);
    h.update(c);
  }
  return h.digest('hex');
})();

async function timed<T>(f: () => Promise<T>): Promise<{ r: T; mbps: number }> {
  const t0 = performance.now();
  const r = await f();
  return { r, mbps: MB / ((performance.now() - t0) / 1000) };
}

async function drainHash(s: NodeJS.ReadableStream): Promise<string> {
  const h = crypto.createHash('sha256');
  await pipeline(s, new Writable({ write: (c: Buffer, _e, cb) => (h.update(c), cb()) }));
  return h.digest('hex');
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-bench-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const fmt = (x: number) => x.toFixed(1);

async function benchDriver(name: string, store: ObjectStore, baselinePut: () => Promise<void>, baselineGet: () => Promise<string>) {
  const base = await timed(baselinePut);
  const put = await timed(() => store.put(source()));
  expect(put.r.sha256).toBe(expected);
  const baseGet = await timed(baselineGet);
  expect(baseGet.r).toBe(expected);
  const get = await timed(async () => drainHash(await store.get(expected)));
  expect(get.r).toBe(expected);
  console.log(
    `[bench] ${name} ${MB} MB: put ${fmt(put.mbps)} MB/s vs raw ${fmt(base.mbps)} MB/s (ratio ${(put.mbps / base.mbps).toFixed(2)}); ` +
      `verified get ${fmt(get.mbps)} MB/s vs raw ${fmt(baseGet.mbps)} MB/s (ratio ${(get.mbps / baseGet.mbps).toFixed(2)})`,
  );
  await store.delete(expected);
  await store.close();
}

describe('object store throughput', () => {
  it('fs driver vs raw file write + sha256', async () => {
    const store = await createTestFsStore();
    const raw = path.join(tmp, 'raw.bin');
    await benchDriver(
      'fs',
      store,
      async () => {
        const h = crypto.createHash('sha256');
        await pipeline(source(), async function* (src) {
          for await (const c of src) {
            h.update(c as Buffer);
            yield c;
          }
        }, fs.createWriteStream(raw));
        h.digest('hex');
      },
      () => drainHash(fs.createReadStream(raw)),
    );
  }, 300_000);

  it('s3 driver vs plain HTTP PUT/GET to the same S3 server', async () => {
    const store = await createTestS3Store();
    const { s3 } = testEnv();
    // s3rver does not check signatures, so an unsigned PUT is the raw baseline of its HTTP path.
    const url = `${s3.endPoint}/${store.bucket}/bench/raw.bin`;
    await benchDriver(
      's3',
      store,
      async () => {
        const res = await fetch(url, {
          method: 'PUT',
          body: Readable.toWeb(source()) as ReadableStream,
          headers: { 'content-length': String(MB * CHUNK) },
          duplex: 'half',
        } as RequestInit);
        expect(res.status).toBe(200);
      },
      async () => {
        const res = await fetch(url);
        return drainHash(Readable.fromWeb(res.body as WebReadableStream));
      },
    );
  }, 600_000);
});
