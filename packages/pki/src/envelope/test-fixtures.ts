/** Test support for the envelope tests (not exported by the package). */
import { Readable, Writable } from 'node:stream';
import { type DnInput, type PlatformPki, createCsrPem, ensureDevPki, generateKeyPairPem } from '../index.ts';
import { type Tmp, tmp } from '../test-helpers.ts';

export const BIDDER: DnInput = { commonName: '王五', organizationName: '示范路桥工程有限公司', countryName: 'CN' };
const DAY = 86400_000;

export interface Identity {
  keyPem: string;
  certPem: string;
}

export interface EnvelopePki {
  t: Tmp;
  pki: PlatformPki;
  sign: Identity;
  enc: Identity;
  issue(usage: 'signing' | 'encryption', subject?: DnInput): Identity;
}

export async function envelopePki(): Promise<EnvelopePki> {
  const t = tmp('ebid-envelope-');
  const pki = await ensureDevPki(t.path('pki'));
  const now = Date.now();
  const issue = (usage: 'signing' | 'encryption', subject: DnInput = BIDDER): Identity => {
    const keys = generateKeyPairPem();
    const { pem } = pki.issueUserCertificate({
      csrPem: createCsrPem(keys, subject),
      usage,
      expectedSubject: subject,
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 365 * DAY),
    });
    return { keyPem: keys.privateKeyPem, certPem: pem };
  };
  return { t, pki, sign: issue('signing'), enc: issue('encryption'), issue };
}

/** A Writable that keeps what it gets. */
export function sink(): { stream: Writable; bytes(): Buffer } {
  const parts: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      parts.push(chunk);
      cb();
    },
  });
  return { stream, bytes: () => Buffer.concat(parts) };
}

/** The bytes in pieces of `size` (to exercise arbitrary input slicing). */
export function pieces(b: Uint8Array, size: number): Readable {
  const out: Buffer[] = [];
  for (let o = 0; o < b.length; o += size) out.push(Buffer.from(b.subarray(o, o + size)));
  return Readable.from(out);
}

/** Deterministic pseudo-random bytes (fast, no crypto). */
export function patternBytes(n: number, seed = 1): Buffer {
  const b = Buffer.allocUnsafe(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

export interface RecordPos {
  type: number;
  index: number;
  start: number;
  /** offset of the body */
  body: number;
  end: number;
}

/** Record positions of a sealed file, read by hand (independent of format.ts). */
export function recordsOf(sealed: Buffer): { headerLength: number; records: RecordPos[] } {
  const headerLength = sealed.readUInt32BE(8);
  const records: RecordPos[] = [];
  let o = 12 + headerLength;
  while (o < sealed.length) {
    const len = sealed.readUInt32BE(o + 5);
    records.push({ type: sealed[o]!, index: sealed.readUInt32BE(o + 1), start: o, body: o + 9, end: o + 9 + len });
    o += 9 + len;
  }
  return { headerLength, records };
}

/** Replace the header JSON (the header length is rewritten). */
export function withHeader(sealed: Buffer, edit: (h: Record<string, unknown>) => Record<string, unknown>): Buffer {
  const len = sealed.readUInt32BE(8);
  const h = JSON.parse(sealed.subarray(12, 12 + len).toString('utf8')) as Record<string, unknown>;
  const nb = Buffer.from(JSON.stringify(edit(h)));
  const lenBuf = Buffer.alloc(4);
  lenBuf.writeUInt32BE(nb.length);
  return Buffer.concat([sealed.subarray(0, 8), lenBuf, nb, sealed.subarray(12 + len)]);
}
