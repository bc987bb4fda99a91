/**
 * Seal throughput (`npm run bench`, issue 6 §8): sealing a 256 MB file with the Node envelope
 * implementation ÷ a plain node:crypto pipeline in the same run that does the same work (read → SHA-256
 * → AES-256-GCM per 1 MiB chunk → SHA-256 of the output → write). Goal ≥ 0.8. Then `ebid seal` as its
 * own process (tsx), with its peak RSS from /proc (VmHWM; goal < 150 MB). Prints absolute numbers.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createCsrPem, ensureDevPki, generateKeyPairPem, openPart, sealPart, toP12 } from '@ebid/pki';

const MB = Number(process.env.BENCH_SEAL_MB ?? 256);
const CHUNK = 1 << 20;
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-seal-bench-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const f = (n: string) => path.join(tmp, n);
const fmt = (x: number) => x.toFixed(1);

async function makeInput(file: string): Promise<void> {
  const seed = crypto.randomBytes(CHUNK);
  let i = 0;
  await pipeline(
    new Readable({
      read() {
        if (i >= MB) return this.push(null);
        const c = Buffer.from(seed);
        c.writeUInt32BE(i++, 0);
        this.push(c);
      },
    }),
    fs.createWriteStream(file),
  );
}

/** The baseline: the same work with node:crypto and nothing else. */
async function baseline(inFile: string, outFile: string): Promise<string> {
  const key = crypto.randomBytes(32);
  const prefix = crypto.randomBytes(8);
  const ptHash = crypto.createHash('sha256');
  const ctHash = crypto.createHash('sha256');
  let index = 0;
  await pipeline(
    fs.createReadStream(inFile, { highWaterMark: CHUNK }),
    async function* (src: AsyncIterable<Buffer>) {
      for await (const chunk of src) {
        ptHash.update(chunk);
        const iv = Buffer.alloc(12);
        prefix.copy(iv);
        iv.writeUInt32BE(index++, 8);
        const c = crypto.createCipheriv('aes-256-gcm', key, iv);
        const ct = c.update(chunk);
        c.final();
        const tag = c.getAuthTag();
        ctHash.update(ct);
        ctHash.update(tag);
        yield ct;
        yield tag;
      }
    },
    fs.createWriteStream(outFile),
  );
  return ptHash.digest('hex') + ctHash.digest('hex');
}

async function timed<T>(fn: () => Promise<T>): Promise<{ r: T; mbps: number; s: number }> {
  const t0 = performance.now();
  const r = await fn();
  const s = (performance.now() - t0) / 1000;
  return { r, mbps: MB / s, s };
}

/** Runs a command, sampling /proc/<pid>/status VmHWM (peak RSS) until it exits. */
function runMeasured(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; peakKb: number; s: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, cwd: ROOT });
    let out = '';
    let peakKb = 0;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const sample = () => {
      // tsx runs the program in a child node: take the largest VmHWM among the process tree
      for (const pid of [child.pid, ...childPids(child.pid!)]) {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
          if (m) peakKb = Math.max(peakKb, Number(m[1]));
        } catch {
          /* gone */
        }
      }
    };
    const timer = setInterval(sample, 25);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code: code ?? -1, out, peakKb, s: (performance.now() - t0) / 1000 });
    });
  });
}

function childPids(pid: number): number[] {
  try {
    const kids = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    return kids.flatMap((k) => [k, ...childPids(k)]);
  } catch {
    return [];
  }
}

describe(`seal ${MB} MB`, () => {
  it('sealPart ÷ node:crypto pipeline, and `ebid seal` peak RSS', async () => {
    const pki = await ensureDevPki(f('pki'));
    const subject = { commonName: '基准测试', organizationName: '基准测试有限公司', countryName: 'CN' };
    const now = Date.now();
    const mk = (usage: 'signing' | 'encryption') => {
      const keys = generateKeyPairPem();
      const { pem } = pki.issueUserCertificate({ csrPem: createCsrPem(keys, subject), usage, expectedSubject: subject, notBefore: new Date(now - 60_000), notAfter: new Date(now + 86_400_000) });
      return { keyPem: keys.privateKeyPem, certPem: pem };
    };
    const sign = mk('signing');
    const enc = mk('encryption');
    fs.writeFileSync(f('sign.p12'), toP12({ privateKeyPem: sign.keyPem, certPem: sign.certPem, passphrase: 'bench-pass' }));
    fs.writeFileSync(f('enc.pem'), enc.certPem);
    await makeInput(f('in.bin'));

    const seal = (out: string) =>
      sealPart({
        input: fs.createReadStream(f('in.bin'), { highWaterMark: CHUNK }),
        output: fs.createWriteStream(out),
        part: 'technical',
        projectId: 1,
        sectionId: 1,
        name: 'in.bin',
        recipientCertPems: [enc.certPem],
        signerKeyPem: sign.keyPem,
        signerCertPem: sign.certPem,
      });
    // warm up both, then alternate to even out the page cache and CPU frequency
    await baseline(f('in.bin'), f('base.out'));
    await seal(f('sealed.ebid'));
    const base: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < 2; i++) {
      base.push((await timed(() => baseline(f('in.bin'), f('base.out')))).mbps);
      ours.push((await timed(() => seal(f('sealed.ebid')))).mbps);
    }
    const b = Math.max(...base);
    const o = Math.max(...ours);

    // the sealed file opens again (and the open is timed too)
    const opened = await timed(() =>
      openPart({
        input: fs.createReadStream(f('sealed.ebid'), { highWaterMark: CHUNK }),
        output: fs.createWriteStream(f('opened.bin')),
        decryptionKeyPem: enc.keyPem,
        recipientCertPem: enc.certPem,
        trustedRootsPem: [pki.rootCertPem],
      }),
    );
    expect(opened.r.manifest.size).toBe(MB * CHUNK);

    // `ebid seal` as a process: the tool a bidder runs
    const cli = await runMeasured(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['apps/cli/src/main.ts', 'seal', '--part', 'technical', '--project', '1', '--section', '1', '--sign', f('sign.p12'), '--recipient', f('enc.pem'), '--in', f('in.bin'), '--out', f('cli.ebid')],
      { ...process.env, EBID_P12_PASSPHRASE: 'bench-pass' },
    );
    expect(cli.code, cli.out).toBe(0);
    const cliMbps = MB / cli.s;

    const ratio = o / b;
    console.log(
      [
        `seal ${MB} MB (1 MiB chunks):`,
        `  node:crypto pipeline baseline   ${fmt(b)} MB/s   (runs: ${base.map(fmt).join(', ')})`,
        `  sealPart (Node envelope)        ${fmt(o)} MB/s   (runs: ${ours.map(fmt).join(', ')})   ratio ${ratio.toFixed(2)} (goal ≥ 0.8)`,
        `  openPart                        ${fmt(opened.mbps)} MB/s`,
        `  ebid seal (process, incl. start) ${fmt(cliMbps)} MB/s   ratio ${(cliMbps / b).toFixed(2)}   peak RSS ${fmt(cli.peakKb / 1024)} MB (goal < 150 MB)`,
      ].join('\n'),
    );
    expect(ratio).toBeGreaterThan(0);
  });
});
