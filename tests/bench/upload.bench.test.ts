/**
 * Tender-document upload throughput (`npm run bench`, issue 5): `POST /files` through the real HTTP
 * server (session cookie, declared SHA-256 and size checked while streaming into the S3 store) against a
 * raw baseline measured in the same run: the same driver's `put` of a file of the same size, without
 * HTTP. Prints MB/s, the ratio and the server process's RSS growth during the upload; asserts only that
 * the upload was accepted with the right hash and that memory stayed bounded (streaming, not buffering).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../apps/server/src/test-app.ts';

const MB = Math.min(Number(process.env.BENCH_MB ?? 200), 200); // the default upload limit is 200 MiB
const CHUNK = 1 << 20;

/** Writes MB megabytes (every chunk different, `salt` makes the file unique) and returns its SHA-256. */
function writeFile(file: string, salt: number): string {
  const seed = crypto.randomBytes(CHUNK);
  const h = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < MB; i++) {
    const c = Buffer.from(seed);
    c.writeUInt32BE(i, 0);
    c.writeUInt32BE(salt, 4);
    h.update(c);
    fs.writeSync(fd, c);
  }
  fs.closeSync(fd);
  return h.digest('hex');
}

let app: TestApp;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-bench-upload-'));

beforeAll(async () => {
  app = await startTestApp();
}, 120_000);
afterAll(async () => {
  await app?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function cookieOf(username: string): Promise<string> {
  const res = await fetch(`${app.base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Demo#2026' }),
  });
  expect(res.status).toBe(200);
  return (res.headers.getSetCookie()[0] ?? '').split(';')[0]!;
}

describe('tender document upload throughput', () => {
  it('POST /files vs the driver put of the same size', async () => {
    const rawFile = path.join(tmp, 'raw.bin');
    const upFile = path.join(tmp, 'up.bin');
    const rawSha = writeFile(rawFile, 1);
    const upSha = writeFile(upFile, 2);
    const bytes = MB * CHUNK;

    let t0 = performance.now();
    const raw = await app.deps.storage.put(fs.createReadStream(rawFile), { expectedSha256: rawSha, expectedSize: bytes });
    const rawMbps = MB / ((performance.now() - t0) / 1000);
    expect(raw.sha256).toBe(rawSha);

    const cookie = await cookieOf('tenderee');
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    t0 = performance.now();
    // curl in its own process is the client, so the RSS measured here is the server's alone.
    const out = await new Promise<string>((resolve, reject) => {
      const url = `${app.base}/files?name=${encodeURIComponent('招标文件（基准测试）.pdf')}`;
      const child = spawn('curl', ['-sS', '-X', 'POST', '--data-binary', `@${upFile}`, '-H', `cookie: ${cookie}`, '-H', 'content-type: application/pdf', '-H', `x-content-sha256: ${upSha}`, '-w', '\n%{http_code}', url]);
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    const upMbps = MB / ((performance.now() - t0) / 1000);
    clearInterval(sampler);
    const [json = '', status = ''] = [out.slice(0, out.lastIndexOf('\n')), out.slice(out.lastIndexOf('\n') + 1)];
    const body = JSON.parse(json) as { sha256?: string; size?: number };
    expect(status, json).toBe('201');
    expect(body.sha256).toBe(upSha);
    expect(body.size).toBe(bytes);
    const growthMb = (peak - rss0) / CHUNK;
    console.log(
      `[bench] upload ${MB} MB: POST /files ${upMbps.toFixed(1)} MB/s vs driver put ${rawMbps.toFixed(1)} MB/s (ratio ${(upMbps / rawMbps).toFixed(2)}); ` +
        `server RSS growth during the upload ${growthMb.toFixed(0)} MB`,
    );
    // Streaming: far less than the file held in memory.
    expect(growthMb).toBeLessThan(100);
    await app.deps.storage.delete(rawSha);
    await app.deps.storage.delete(upSha);
  }, 600_000);
});
