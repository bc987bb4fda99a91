/**
 * Sealed-bid benchmarks (`npm run bench`, issue 6 §8), through the real HTTP server on PostgreSQL + S3:
 *
 * - upload: a 256 MB sealed part sent in 4 MiB pieces and finalized ÷ a plain minio putObject of the same
 *   bytes to the same S3 server (packages/storage's bench helper: the lint keeps minio there); a bare
 *   unsigned HTTP PUT is printed too, as the S3 server's ceiling. Goal ≥ 0.6; server RSS growth < 64 MB.
 * - deadline rush: 300 bidder companies submit 1 MB sealed bids with arrivals spread over the last 60 s
 *   before the deadline: p50/p99 finalize latency, receipts = accepted bids, zero lost; then a second
 *   wave of finalizes sent 1 s after the deadline must all be refused.
 *
 * Prints absolute numbers and ratios; asserts the correctness conditions (not speeds).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { bids } from '@ebid/db';
import { outerManifestBytes, sealPart, signCmsDetached, TRANSPORT_CHUNK_SIZE, verifyCmsDetached } from '@ebid/pki';
import { hashPassword } from '@ebid/services';
import { plainPutObjectForBench } from '@ebid/storage';
import { testEnv } from '@ebid/testing';
import { bidBench, DEADLINE, PASSWORD, pct, type Company } from './bid-bench-kit.ts';

const UPLOAD_MB = Math.min(Number(process.env.BENCH_SEALED_MB ?? 256), 1024);
const RUSH_BIDDERS = Number(process.env.BENCH_RUSH_BIDDERS ?? 300);
const SECOND_WAVE = Number(process.env.BENCH_SECOND_WAVE ?? 100);
const RUSH_WINDOW_MS = 60_000;
const PARALLEL = Number(process.env.BENCH_PARALLEL_PIECES ?? 4);

const kit = bidBench({ projectName: '投标基准测试工程', tmpPrefix: 'ebid-bench-bids-' });
const { tmp, signKeys } = kit;
const { company, sealToBuffer, upload } = kit;

/** PUT one piece with curl (its own process). */
function curlPut(url: string, cookie: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'PUT', '--data-binary', `@${file}`, '-H', `cookie: ${cookie}`, '-H', 'content-type: application/octet-stream', url]);
    let code = '';
    child.stdout.on('data', (b: Buffer) => (code += b.toString()));
    child.on('error', reject);
    child.on('close', () => (code === '200' ? resolve() : reject(new Error(`piece PUT ${url}: HTTP ${code}`))));
  });
}

beforeAll(() => kit.setup(), 300_000);
afterAll(() => kit.close());

describe('sealed bids', () => {
  it(`upload: a ${UPLOAD_MB} MB sealed part through the server vs a plain minio putObject to the same S3 server`, async () => {
    const c = await company(0, await hashPassword(PASSWORD));
    // Seal UPLOAD_MB of pseudo-random plaintext into a file (ebid seal's code path), then keep it in memory
    // piece by piece only while sending.
    const seed = crypto.randomBytes(1 << 20);
    let i = 0;
    const plain = new Readable({
      read() {
        if (i >= UPLOAD_MB) return this.push(null);
        const b = Buffer.from(seed);
        b.writeUInt32BE(i++, 0);
        this.push(b);
      },
    });
    const sealedPath = path.join(tmp, 'technical.ebid');
    const out = fs.createWriteStream(sealedPath);
    const meta = await sealPart({ input: plain, output: out, part: 'technical', projectId: kit.projectId, sectionId: kit.sectionId, name: 'technical.pdf', recipientCertPems: [c.encCertPem], signerKeyPem: signKeys.privateKeyPem, signerCertPem: c.signCertPem });
    if (!out.closed) await new Promise<void>((r) => out.on('close', () => r()));
    const size = fs.statSync(sealedPath).size;
    const fd = fs.openSync(sealedPath, 'r');
    const readPiece = (index: number) => {
      const len = Math.min(TRANSPORT_CHUNK_SIZE, size - index * TRANSPORT_CHUNK_SIZE);
      const b = Buffer.allocUnsafe(len);
      fs.readSync(fd, b, 0, len, index * TRANSPORT_CHUNK_SIZE);
      return b;
    };
    const pieces = Math.ceil(size / TRANSPORT_CHUNK_SIZE);
    const piecePaths = Array.from({ length: pieces }, (_v, k) => {
      const f = path.join(tmp, `piece-${k}`);
      fs.writeFileSync(f, readPiece(k));
      return f;
    });
    const summary = await upload(c, 'summary', await sealToBuffer(c, 'summary', Buffer.from(JSON.stringify({ priceFen: 750_000_000 }))));

    // Baselines: the same bytes by a plain minio putObject (the yardstick), and by one bare HTTP
    // PUT (no signing, no multipart: the S3 server's own ceiling) to the same S3 server.
    const { s3 } = testEnv();
    const bucket = (kit.app.deps.storage as unknown as { bucket: string }).bucket;
    let t0 = performance.now();
    await plainPutObjectForBench({ endPoint: s3.endPoint, accessKey: s3.accessKey, secretKey: s3.secretKey, bucket }, 'bench/minio.ebid', fs.createReadStream(sealedPath), size);
    const minioMbps = size / (1 << 20) / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    const res = await fetch(`${s3.endPoint}/${bucket}/bench/plain.ebid`, {
      method: 'PUT',
      body: Readable.toWeb(fs.createReadStream(sealedPath)) as unknown as ReadableStream,
      headers: { 'content-length': String(size) },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
    const plainMbps = size / (1 << 20) / ((performance.now() - t0) / 1000);

    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    t0 = performance.now();
    const s = await c.client.trpc.bid.startUpload.mutate({ sectionId: kit.sectionId, part: 'technical', size, partHash: meta.partHash });
    // Pieces are independent (each is stored by its own hash): send PARALLEL at a time, as a client may.
    // curl, a separate process, is the client, so the RSS sampled here is the server's alone.
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < pieces) {
          const k = next++;
          await curlPut(`${kit.base}/bids/uploads/${s.uploadId}/pieces/${k}`, c.cookie, piecePaths[k]!);
        }
      }),
    );
    const manifest = outerManifestBytes({ projectId: kit.projectId, sectionId: kit.sectionId, bidderOrgId: c.orgId, version: 1, part: 'technical', headerSha256: meta.headerSha256, partHash: meta.partHash, size });
    const fin = await c.client.trpc.bid.finalize.mutate({
      sectionId: kit.sectionId,
      version: 1,
      parts: [summary, { uploadId: s.uploadId, outerSignature: signCmsDetached(manifest, { keyPem: signKeys.privateKeyPem, certPem: c.signCertPem }).toString('base64') }],
    });
    const mbps = size / (1 << 20) / ((performance.now() - t0) / 1000);
    clearInterval(sampler);
    fs.closeSync(fd);
    expect(fin.bid.parts.find((p) => p.part === 'technical')?.partHash).toBe(meta.partHash);
    const growth = (peak - rss0) / (1 << 20);
    console.log(
      `[bench] sealed upload ${(size / (1 << 20)).toFixed(0)} MB in ${pieces} pieces (${PARALLEL} in parallel) + finalize: ${mbps.toFixed(1)} MB/s vs minio putObject ${minioMbps.toFixed(1)} MB/s (ratio ${(mbps / minioMbps).toFixed(2)}, goal ≥ 0.6); ` +
        `bare HTTP PUT ${plainMbps.toFixed(1)} MB/s (ratio ${(mbps / plainMbps).toFixed(2)}); ` +
        `server RSS growth ${growth.toFixed(0)} MB`,
    );
  }, 900_000);

  it(`deadline rush: ${RUSH_BIDDERS} bidders over the last 60 s, then a second wave 1 s after the deadline`, async () => {
    const pwHash = await hashPassword(PASSWORD);
    // Sessions and certificates are made a quarter of an hour before the deadline (they must still be valid).
    kit.app.deps.clock.set(new Date(DEADLINE.getTime() - 15 * 60_000));
    const companies: Company[] = [];
    for (let k = 1; k <= RUSH_BIDDERS; k++) companies.push(await company(k, pwHash));
    const pad = 'x'.repeat(1_000_000);
    const summaries = await Promise.all(companies.map((c, k) => sealToBuffer(c, 'summary', Buffer.from(JSON.stringify({ priceFen: 700_000_000 + k, durationDays: 365, quality: '合格', pad })))));
    // The second wave's parts are uploaded well before the deadline; only their finalize comes late.
    kit.app.deps.clock.set(new Date(DEADLINE.getTime() - RUSH_WINDOW_MS - 120_000));
    const late = await Promise.all(
      companies.slice(0, SECOND_WAVE).map(async (c, k) => upload(c, 'summary', await sealToBuffer(c, 'summary', Buffer.from(JSON.stringify({ priceFen: 690_000_000 + k, pad }))), 1, 2)),
    );

    // The rush: arrivals spread over the last 60 s (deterministic offsets), each a full submission.
    kit.app.deps.clock.set(new Date(DEADLINE.getTime() - RUSH_WINDOW_MS));
    const t0 = performance.now();
    const latencies: number[] = [];
    const receipts: { json: string; cmsBase64: string }[] = [];
    const failures: string[] = [];
    await Promise.all(
      companies.map(async (c, k) => {
        const offset = ((k * 7919) % RUSH_BIDDERS) * ((RUSH_WINDOW_MS - 5_000) / RUSH_BIDDERS);
        await new Promise((r) => setTimeout(r, Math.max(0, offset - (performance.now() - t0))));
        try {
          const part = await upload(c, 'summary', summaries[k]!);
          const f0 = performance.now();
          const r = await c.client.trpc.bid.finalize.mutate({ sectionId: kit.sectionId, version: 1, parts: [part] });
          latencies.push(performance.now() - f0);
          receipts.push(r.receipt);
        } catch (e) {
          failures.push(`${c.username}: ${(e as Error).message}`);
        }
      }),
    );
    const rushSeconds = (performance.now() - t0) / 1000;

    // Past the deadline by 1 s: the second wave.
    kit.app.deps.clock.set(new Date(DEADLINE.getTime() + 1_000));
    const lateResults = await Promise.allSettled(companies.slice(0, SECOND_WAVE).map((c, k) => c.client.trpc.bid.finalize.mutate({ sectionId: kit.sectionId, version: 2, parts: [late[k]!] })));
    const refused = lateResults.filter((r) => r.status === 'rejected').length;

    const current = await kit.app.deps.db.select({ id: bids.id }).from(bids).where(eq(bids.status, 'current'));
    let verified = 0;
    for (const r of receipts) {
      const check = verifyCmsDetached(Buffer.from(r.cmsBase64, 'base64'), Buffer.from(r.json), { trustedRootsPem: kit.app.deps.pki.trustedRootsPem, at: new Date() });
      if (check.ok) verified++;
    }
    console.log(
      `[bench] deadline rush: ${RUSH_BIDDERS} bidders × ${(summaries[0]!.length / 1e6).toFixed(2)} MB over ${rushSeconds.toFixed(1)} s: accepted ${receipts.length}, failed ${failures.length}, ` +
        `finalize p50 ${pct(latencies, 0.5).toFixed(0)} ms, p99 ${pct(latencies, 0.99).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms; receipts verified ${verified}; ` +
        `current bids in the database ${current.length - 1 /* the upload test's bid */}; second wave 1 s after the deadline: ${refused}/${SECOND_WAVE} refused`,
    );
    expect(failures).toEqual([]);
    expect(receipts).toHaveLength(RUSH_BIDDERS);
    expect(verified).toBe(RUSH_BIDDERS);
    expect(current.length - 1).toBe(RUSH_BIDDERS); // zero lost
    expect(refused).toBe(SECOND_WAVE);
  }, 1_800_000);
});
