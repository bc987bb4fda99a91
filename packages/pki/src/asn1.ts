/**
 * Small helpers over node-forge's ASN.1 codec, shared by the Node and the browser entries (no `node:`
 * imports, no Buffer). Byte strings are forge "binary strings" (one char per byte, 0–255).
 */
import forge from './forge.ts';

export type Asn1 = forge.asn1.Asn1;

const A = forge.asn1;
export const Cls = forge.asn1.Class;
export const Tag = forge.asn1.Type;

/** Thrown by the parsers on bad input; the public functions map it to a stable reason. */
export class Asn1Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Asn1Error';
  }
}

// ---------------------------------------------------------------- bytes

export function u8ToBin(u8: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < u8.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, Array.from(u8.subarray(i, i + CHUNK)));
  }
  return s;
}

export function binToU8(bin: string): Uint8Array<ArrayBuffer> {
  const u8 = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i) & 0xff;
  return u8;
}

export function binToHex(bin: string): string {
  return forge.util.bytesToHex(bin).toLowerCase();
}

export function hexToBin(hex: string): string {
  return forge.util.hexToBytes(hex);
}

export function sha256Bin(bin: string): string {
  return forge.md.sha256.create().update(bin).digest().getBytes();
}

export function sha1Bin(bin: string): string {
  return forge.md.sha1.create().update(bin).digest().getBytes();
}

/** Byte-wise comparison (prefix sorts first), the DER order of SET OF elements. */
export function compareBin(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

// ---------------------------------------------------------------- PEM

export function pemEncode(label: string, der: string): string {
  const b64 = forge.util.encode64(der);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** All PEM blocks with one of the labels, as DER binary strings, in file order. */
export function pemDecodeAll(pem: string, labels: readonly string[]): string[] {
  const out: string[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (const m of pem.matchAll(re)) {
    const label = m[1] ?? '';
    if (!labels.includes(label)) continue;
    const body = (m[2] ?? '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0 || body.length === 0) {
      throw new Asn1Error(`bad base64 in PEM block ${label}`);
    }
    out.push(forge.util.decode64(body));
  }
  return out;
}

export function pemDecodeOne(pem: string, labels: readonly string[]): string {
  const all = pemDecodeAll(pem, labels);
  if (all.length === 0) throw new Asn1Error(`no PEM block labelled ${labels.join(' or ')}`);
  return all[0]!;
}

// ---------------------------------------------------------------- encode

export function der(a: Asn1): string {
  return A.toDer(a).getBytes();
}

export function seq(v: Asn1[]): Asn1 {
  return A.create(Cls.UNIVERSAL, Tag.SEQUENCE, true, v);
}

/** SET OF, elements sorted by their DER encoding (X.690 §11.6). */
export function setOf(v: Asn1[]): Asn1 {
  const enc = v.map((x) => ({ x, d: der(x) }));
  enc.sort((p, q) => compareBin(p.d, q.d));
  return A.create(
    Cls.UNIVERSAL,
    Tag.SET,
    true,
    enc.map((e) => e.x),
  );
}

/**
 * OBJECT IDENTIFIER content octets. Arcs are BigInts: forge's oidToDer/derToOid use 32-bit arithmetic
 * and mangle the 128-bit arcs of 2.25.<UUID> OIDs (such as the platform seal policy, types.ts).
 */
export function oidContent(o: string): string {
  if (!/^[0-2](\.(0|[1-9][0-9]*))+$/.test(o)) throw new Asn1Error(`bad OID ${o}`);
  const arcs = o.split('.').map((a) => BigInt(a));
  if (arcs[0]! < 2n && arcs[1]! >= 40n) throw new Asn1Error(`bad OID ${o}`);
  let out = '';
  for (const v of [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)]) {
    let chunk = String.fromCharCode(Number(v & 0x7fn));
    for (let x = v >> 7n; x > 0n; x >>= 7n) chunk = String.fromCharCode(Number(x & 0x7fn) | 0x80) + chunk;
    out += chunk;
  }
  return out;
}

/** The dotted form of OBJECT IDENTIFIER content octets (BigInt arcs, see oidContent). */
export function oidFromContent(bin: string): string {
  if (bin.length === 0) throw new Asn1Error('empty OID');
  const values: bigint[] = [];
  let cur = 0n;
  let started = false;
  for (let i = 0; i < bin.length; i++) {
    const b = bin.charCodeAt(i);
    if (!started && b === 0x80) throw new Asn1Error('OID arc with a leading 0x80');
    started = true;
    cur = (cur << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      values.push(cur);
      cur = 0n;
      started = false;
    }
  }
  if (started) throw new Asn1Error('truncated OID');
  const first = values[0]!;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...values.slice(1)].map(String).join('.');
}

export function oid(o: string): Asn1 {
  return A.create(Cls.UNIVERSAL, Tag.OID, false, oidContent(o));
}

export function intNum(n: number): Asn1 {
  return A.create(Cls.UNIVERSAL, Tag.INTEGER, false, A.integerToDer(n).getBytes());
}

/** A non-negative INTEGER from its big-endian magnitude (leading zeros stripped, 0x00 added if needed). */
export function uintFromBin(mag: string): Asn1 {
  let i = 0;
  while (i < mag.length - 1 && mag.charCodeAt(i) === 0) i++;
  let v = mag.slice(i);
  if (v.length === 0) v = '\x00';
  if (v.charCodeAt(0) & 0x80) v = '\x00' + v;
  return A.create(Cls.UNIVERSAL, Tag.INTEGER, false, v);
}

export function nul(): Asn1 {
  return A.create(Cls.UNIVERSAL, Tag.NULL, false, '');
}

export function bool(b: boolean): Asn1 {
  return A.create(Cls.UNIVERSAL, Tag.BOOLEAN, false, b ? '\xff' : '\x00');
}

export function octets(bin: string): Asn1 {
  return A.create(Cls.UNIVERSAL, Tag.OCTETSTRING, false, bin);
}

export function bits(bin: string, unused = 0): Asn1 {
  return A.create(Cls.UNIVERSAL, Tag.BITSTRING, false, String.fromCharCode(unused) + bin);
}

export function utf8(s: string): Asn1 {
  return A.create(Cls.UNIVERSAL, Tag.UTF8, false, forge.util.encodeUtf8(s));
}

export function printable(s: string): Asn1 {
  return A.create(Cls.UNIVERSAL, Tag.PRINTABLESTRING, false, s);
}

export function enumerated(n: number): Asn1 {
  return A.create(Cls.UNIVERSAL, Tag.ENUMERATED, false, A.integerToDer(n).getBytes());
}

/** [tag] constructed context-specific (EXPLICIT wrapper, or IMPLICIT SET/SEQUENCE). */
export function ctx(tag: number, v: Asn1[]): Asn1 {
  return A.create(Cls.CONTEXT_SPECIFIC, tag, true, v);
}

export function ctxPrim(tag: number, bin: string): Asn1 {
  return A.create(Cls.CONTEXT_SPECIFIC, tag, false, bin);
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; whole seconds. */
export function time(d: Date): Asn1 {
  if (Number.isNaN(d.getTime())) throw new Asn1Error('invalid date');
  const y = d.getUTCFullYear();
  if (y >= 1950 && y < 2050) return A.create(Cls.UNIVERSAL, Tag.UTCTIME, false, A.dateToUtcTime(d));
  return A.create(Cls.UNIVERSAL, Tag.GENERALIZEDTIME, false, A.dateToGeneralizedTime(d));
}

export function algId(o: string, params: 'null' | 'absent' = 'null'): Asn1 {
  return seq(params === 'null' ? [oid(o), nul()] : [oid(o)]);
}

// ---------------------------------------------------------------- decode

const fromDer = A.fromDer as unknown as (
  bytes: string,
  options: { strict?: boolean; decodeBitStrings?: boolean; parseAllBytes?: boolean },
) => Asn1;

/** Strict DER parse; BIT STRING values stay raw (first byte = unused bits). */
export function parse(bin: string): Asn1 {
  try {
    return fromDer(bin, { strict: true, decodeBitStrings: false, parseAllBytes: true });
  } catch (e) {
    throw new Asn1Error(`not valid DER: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function children(n: Asn1 | undefined, what = 'node'): Asn1[] {
  if (!n || !Array.isArray(n.value)) throw new Asn1Error(`${what}: expected a constructed value`);
  return n.value;
}

export function prim(n: Asn1 | undefined, what = 'node'): string {
  if (!n || typeof n.value !== 'string') throw new Asn1Error(`${what}: expected a primitive value`);
  return n.value;
}

export function is(n: Asn1 | undefined, cls: forge.asn1.Class, type: number): n is Asn1 {
  return !!n && n.tagClass === cls && n.type === type;
}

export function expectUniversal(n: Asn1 | undefined, type: number, what: string): Asn1 {
  if (!is(n, Cls.UNIVERSAL, type)) throw new Asn1Error(`${what}: unexpected ASN.1 tag`);
  return n;
}

export function readOid(n: Asn1 | undefined, what = 'OID'): string {
  return oidFromContent(prim(expectUniversal(n, Tag.OID, what), what));
}

export function readTime(n: Asn1 | undefined, what = 'time'): Date {
  if (is(n, Cls.UNIVERSAL, Tag.UTCTIME)) return A.utcTimeToDate(prim(n));
  if (is(n, Cls.UNIVERSAL, Tag.GENERALIZEDTIME)) return A.generalizedTimeToDate(prim(n));
  throw new Asn1Error(`${what}: expected UTCTime or GeneralizedTime`);
}

/** BIT STRING content without the unused-bits byte. */
export function readBits(n: Asn1 | undefined, what = 'BIT STRING'): { bytes: string; unused: number } {
  const v = prim(expectUniversal(n, Tag.BITSTRING, what), what);
  if (v.length < 1) throw new Asn1Error(`${what}: empty`);
  return { bytes: v.slice(1), unused: v.charCodeAt(0) };
}

/** Hex of an INTEGER's value without sign padding, lower-case ("0" pads to whole bytes). */
export function intToHex(n: Asn1 | undefined, what = 'INTEGER'): string {
  const v = prim(expectUniversal(n, Tag.INTEGER, what), what);
  if (v.length === 0) throw new Asn1Error(`${what}: empty`);
  let i = 0;
  while (i < v.length - 1 && v.charCodeAt(i) === 0) i++;
  return binToHex(v.slice(i));
}

/** Canonical serial hex: lower-case, no 0x, no leading zero bytes, whole bytes. */
export function normalizeSerialHex(hex: string): string {
  let h = hex.trim().toLowerCase().replace(/^0x/, '').replace(/[:\s]/g, '');
  if (!/^[0-9a-f]+$/.test(h)) throw new Asn1Error(`not a hex serial: ${hex}`);
  if (h.length % 2) h = '0' + h;
  while (h.length > 2 && h.startsWith('00')) h = h.slice(2);
  return h;
}

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  crlReason: '2.5.29.21',
  authorityKeyIdentifier: '2.5.29.35',
  certificatePolicies: '2.5.29.32',
} as const;

/** Digest algorithm OIDs and signature algorithm OIDs → hash name (node:crypto / WebCrypto spelling). */
export const HASH_OF_OID: Record<string, 'sha256' | 'sha384' | 'sha512'> = {
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
  [OID.sha256WithRSAEncryption]: 'sha256',
  [OID.sha384WithRSAEncryption]: 'sha384',
  [OID.sha512WithRSAEncryption]: 'sha512',
  [OID.ecdsaWithSHA256]: 'sha256',
  [OID.ecdsaWithSHA384]: 'sha384',
  [OID.ecdsaWithSHA512]: 'sha512',
};
