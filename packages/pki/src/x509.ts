/**
 * X.509 names, certificates and CSRs with forge's ASN.1 codec only (browser-safe). Parsing never goes
 * through forge's certificate objects, which keep UTF8String values as raw bytes and double-encode
 * them when re-used (stack.md gotcha 8); names are decoded here and the issuer/subject nodes of parsed
 * certificates are copied byte for byte.
 */
import forge from './forge.ts';
import {
  type Asn1,
  Asn1Error,
  Cls,
  OID,
  Tag,
  algId,
  binToHex,
  bits,
  bool,
  children,
  ctx,
  der,
  expectUniversal,
  intNum,
  intToHex,
  is,
  octets,
  oid,
  parse,
  pemEncode,
  prim,
  printable,
  readBits,
  readOid,
  readTime,
  seq,
  sha1Bin,
  sha256Bin,
  time,
  utf8,
} from './asn1.ts';
import { type CertInfo, type DnInput, type KeyUsageName, pkiError } from './types.ts';

// ---------------------------------------------------------------- names

const ATTRS: readonly (readonly [oid: string, short: string])[] = [
  ['2.5.4.3', 'CN'],
  ['2.5.4.6', 'C'],
  ['2.5.4.7', 'L'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.9', 'STREET'],
  ['2.5.4.10', 'O'],
  ['2.5.4.11', 'OU'],
  ['2.5.4.5', 'serialNumber'],
  ['2.5.4.4', 'SN'],
  ['2.5.4.42', 'GN'],
  ['2.5.4.12', 'title'],
  ['2.5.4.17', 'postalCode'],
  ['2.5.4.97', 'organizationIdentifier'],
  ['1.2.840.113549.1.9.1', 'emailAddress'],
  ['0.9.2342.19200300.100.1.25', 'DC'],
  ['0.9.2342.19200300.100.1.1', 'UID'],
];
const SHORT_OF_OID = new Map(ATTRS.map(([o, s]) => [o, s]));

export interface NameAttr {
  oid: string;
  short: string;
  value: string;
}

const PRINTABLE_RE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
// eslint-disable-next-line no-control-regex -- we reject control characters in names on purpose
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

function dnField(label: string, v: string | undefined, max: number, required: boolean): string | undefined {
  if (v === undefined || v === '') {
    if (required) throw pkiError('VALIDATION', 'DN_INVALID', `${label} is required`);
    return undefined;
  }
  const s = v.normalize('NFC');
  if (s.trim() !== s || CONTROL_RE.test(s) || [...s].length > max) {
    throw pkiError('VALIDATION', 'DN_INVALID', `${label} must be 1–${max} characters, no control characters or outer spaces`);
  }
  return s;
}

/** Name for a DnInput: C, O, OU, CN, serialNumber; UTF8String for names, PrintableString for C. */
export function dnToAsn1(dn: DnInput): Asn1 {
  const cn = dnField('commonName', dn.commonName, 64, true)!;
  const o = dnField('organizationName', dn.organizationName, 64, false);
  const ou = dnField('organizationalUnitName', dn.organizationalUnitName, 64, false);
  const c = dnField('countryName', dn.countryName, 2, false);
  const sn = dnField('serialNumber', dn.serialNumber, 64, false);
  if (c !== undefined && !/^[A-Z]{2}$/.test(c)) {
    throw pkiError('VALIDATION', 'DN_INVALID', 'countryName must be two capital letters (ISO 3166)');
  }
  const rdn = (type: string, v: Asn1): Asn1 => forge.asn1.create(Cls.UNIVERSAL, Tag.SET, true, [seq([oid(type), v])]);
  const out: Asn1[] = [];
  if (c !== undefined) out.push(rdn('2.5.4.6', printable(c)));
  if (o !== undefined) out.push(rdn('2.5.4.10', utf8(o)));
  if (ou !== undefined) out.push(rdn('2.5.4.11', utf8(ou)));
  out.push(rdn('2.5.4.3', utf8(cn)));
  if (sn !== undefined) out.push(rdn('2.5.4.5', PRINTABLE_RE.test(sn) ? printable(sn) : utf8(sn)));
  return seq(out);
}

function decodeUcs4(bin: string): string {
  let s = '';
  for (let i = 0; i + 3 < bin.length; i += 4) {
    const cp =
      ((bin.charCodeAt(i) << 24) | (bin.charCodeAt(i + 1) << 16) | (bin.charCodeAt(i + 2) << 8) | bin.charCodeAt(i + 3)) >>> 0;
    s += String.fromCodePoint(cp);
  }
  return s;
}

function decodeDirectoryString(n: Asn1): string {
  if (n.tagClass !== Cls.UNIVERSAL || typeof n.value !== 'string') {
    return '#' + binToHex(der(n));
  }
  switch (n.type as number) {
    case Tag.UTF8:
      try {
        return forge.util.decodeUtf8(n.value);
      } catch {
        throw new Asn1Error('invalid UTF-8 in a name');
      }
    case Tag.BMPSTRING: // forge already decoded UCS-2
    case Tag.PRINTABLESTRING:
    case Tag.IA5STRING:
    case 18: // NumericString
    case 20: // TeletexString (treated as Latin-1)
    case 26: // VisibleString
      return n.value;
    case 28: // UniversalString
      return decodeUcs4(n.value);
    default:
      return '#' + binToHex(der(n));
  }
}

/** RDNs in encoded order (most general first). */
export function decodeName(name: Asn1): NameAttr[][] {
  expectUniversal(name, Tag.SEQUENCE, 'Name');
  return children(name, 'Name').map((rdn) => {
    expectUniversal(rdn, Tag.SET, 'RDN');
    return children(rdn, 'RDN').map((atv) => {
      const [t, v] = children(atv, 'AttributeTypeAndValue');
      const o = readOid(t, 'attribute type');
      if (!v) throw new Asn1Error('attribute without value');
      return { oid: o, short: SHORT_OF_OID.get(o) ?? o, value: decodeDirectoryString(v) };
    });
  });
}

function escapeRfc4514(v: string): string {
  let s = v.replace(/[\\"+,;<>]/g, (c) => '\\' + c).replace(/\0/g, '\\00');
  if (s.startsWith('#') || s.startsWith(' ')) s = '\\' + s;
  if (s.endsWith(' ') && s.length > 1) s = s.slice(0, -1) + '\\ ';
  return s;
}

/** RFC 4514 string: RDNs reversed (most specific first), multi-valued RDNs joined by '+'. */
export function nameToString(rdns: NameAttr[][]): string {
  return [...rdns]
    .reverse()
    .map((rdn) => rdn.map((a) => `${a.short}=${escapeRfc4514(a.value)}`).join('+'))
    .join(',');
}

/** Short name → value; the first occurrence wins. */
export function nameToRecord(rdns: NameAttr[][]): Record<string, string> {
  const rec: Record<string, string> = {};
  for (const rdn of rdns) for (const a of rdn) if (!(a.short in rec)) rec[a.short] = a.value;
  return rec;
}

// ---------------------------------------------------------------- certificates

export interface ParsedCert {
  der: string;
  tbs: Asn1;
  serial: Asn1;
  serialHex: string;
  issuer: Asn1;
  subject: Asn1;
  issuerRdns: NameAttr[][];
  subjectRdns: NameAttr[][];
  notBefore: Date;
  notAfter: Date;
  spki: Asn1;
  extensions: Map<string, { critical: boolean; value: string }>;
}

export function parseCertDer(bin: string): ParsedCert {
  const root = parse(bin);
  expectUniversal(root, Tag.SEQUENCE, 'Certificate');
  const [tbs, sigAlg, sig] = children(root, 'Certificate');
  if (!tbs || !sigAlg || !sig) throw new Asn1Error('Certificate: expected 3 elements');
  expectUniversal(tbs, Tag.SEQUENCE, 'TBSCertificate');
  readBits(sig, 'signatureValue');
  const f = children(tbs, 'TBSCertificate');
  const off = is(f[0], Cls.CONTEXT_SPECIFIC, 0) ? 1 : 0;
  const serial = f[off];
  const issuer = f[off + 2];
  const validity = f[off + 3];
  const subject = f[off + 4];
  const spki = f[off + 5];
  if (!serial || !issuer || !validity || !subject || !spki) throw new Asn1Error('TBSCertificate: missing fields');
  const serialHex = intToHex(serial, 'serialNumber');
  const [nb, na] = children(validity, 'Validity');
  const extensions = new Map<string, { critical: boolean; value: string }>();
  for (const n of f.slice(off + 6)) {
    if (!is(n, Cls.CONTEXT_SPECIFIC, 3)) continue;
    const [exts] = children(n, 'extensions');
    for (const e of children(exts, 'Extensions')) {
      const parts = children(e, 'Extension');
      const o = readOid(parts[0], 'extnID');
      const critical = parts.length === 3 && prim(parts[1], 'critical') !== '\x00';
      const value = prim(expectUniversal(parts[parts.length - 1], Tag.OCTETSTRING, 'extnValue'), 'extnValue');
      if (extensions.has(o)) throw new Asn1Error(`duplicate extension ${o}`);
      extensions.set(o, { critical, value });
    }
  }
  expectUniversal(spki, Tag.SEQUENCE, 'SubjectPublicKeyInfo');
  return {
    der: bin,
    tbs,
    serial,
    serialHex,
    issuer,
    subject,
    issuerRdns: decodeName(issuer),
    subjectRdns: decodeName(subject),
    notBefore: readTime(nb, 'notBefore'),
    notAfter: readTime(na, 'notAfter'),
    spki,
    extensions,
  };
}

const KU_BITS: readonly (KeyUsageName | null)[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  null, // keyAgreement
  'keyCertSign',
  'cRLSign',
];

export function decodeKeyUsage(extValue: string): KeyUsageName[] {
  const { bytes } = readBits(parse(extValue), 'KeyUsage');
  const out: KeyUsageName[] = [];
  KU_BITS.forEach((name, i) => {
    const byte = bytes.charCodeAt(i >> 3);
    if (name && i >> 3 < bytes.length && byte & (0x80 >> (i & 7))) out.push(name);
  });
  return out;
}

export function decodeBasicConstraintsCa(extValue: string): boolean {
  const bc = children(expectUniversal(parse(extValue), Tag.SEQUENCE, 'BasicConstraints'));
  const first = bc[0];
  return is(first, Cls.UNIVERSAL, Tag.BOOLEAN) && prim(first) !== '\x00';
}

/** Key identifier per RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING bytes. */
export function keyIdOfSpki(spki: Asn1): string {
  const [, pk] = children(spki, 'SubjectPublicKeyInfo');
  return sha1Bin(readBits(pk, 'subjectPublicKey').bytes);
}

export function subjectKeyId(cert: ParsedCert): string {
  const ext = cert.extensions.get(OID.subjectKeyIdentifier);
  if (ext) return prim(expectUniversal(parse(ext.value), Tag.OCTETSTRING, 'SubjectKeyIdentifier'));
  return keyIdOfSpki(cert.spki);
}

/** certificatePolicies (RFC 5280 §4.2.1.4): the policy identifiers, qualifiers ignored. */
export function decodeCertificatePolicies(extValue: string): string[] {
  return children(expectUniversal(parse(extValue), Tag.SEQUENCE, 'CertificatePolicies'), 'CertificatePolicies').map(
    (pi) => readOid(children(expectUniversal(pi, Tag.SEQUENCE, 'PolicyInformation'), 'PolicyInformation')[0], 'policyIdentifier'),
  );
}

export function certInfoOf(p: ParsedCert): CertInfo {
  const cp = p.extensions.get(OID.certificatePolicies);
  const ku = p.extensions.get(OID.keyUsage);
  const bc = p.extensions.get(OID.basicConstraints);
  return {
    serialHex: p.serialHex,
    subject: nameToRecord(p.subjectRdns),
    subjectDn: nameToString(p.subjectRdns),
    issuerDn: nameToString(p.issuerRdns),
    notBefore: p.notBefore,
    notAfter: p.notAfter,
    fingerprintSha256: binToHex(sha256Bin(p.der)),
    keyUsage: ku ? decodeKeyUsage(ku.value) : [],
    isCa: bc ? decodeBasicConstraintsCa(bc.value) : false,
    publicKeyPem: pemEncode('PUBLIC KEY', der(p.spki)),
    policies: cp ? decodeCertificatePolicies(cp.value) : [],
  };
}

// ---------------------------------------------------------------- building

export function extension(extnId: string, critical: boolean, value: Asn1): Asn1 {
  return seq(critical ? [oid(extnId), bool(true), octets(der(value))] : [oid(extnId), octets(der(value))]);
}

/** KeyUsage BIT STRING, DER: trailing zero bits dropped and counted as unused. */
export function keyUsageExt(usages: readonly KeyUsageName[]): Asn1 {
  let v = 0;
  for (const u of usages) {
    const i = KU_BITS.indexOf(u);
    if (i >= 0) v |= 0x80 >> i;
  }
  if (v === 0) throw new Error('empty key usage');
  let unused = 0;
  while (!(v & (1 << unused))) unused++;
  return extension(OID.keyUsage, true, bits(String.fromCharCode(v), unused));
}

export function basicConstraintsExt(ca: boolean): Asn1 {
  return extension(OID.basicConstraints, true, seq(ca ? [bool(true)] : []));
}

/** certificatePolicies, non-critical, one PolicyInformation per OID without qualifiers. */
export function certificatePoliciesExt(oids: readonly string[]): Asn1 {
  return extension(OID.certificatePolicies, false, seq(oids.map((o) => seq([oid(o)]))));
}

export function skiExt(keyId: string): Asn1 {
  return extension(OID.subjectKeyIdentifier, false, octets(keyId));
}

export function akiExt(keyId: string): Asn1 {
  return extension(OID.authorityKeyIdentifier, false, seq([forge.asn1.create(Cls.CONTEXT_SPECIFIC, 0, false, keyId)]));
}

export const SHA256_WITH_RSA = (): Asn1 => algId(OID.sha256WithRSAEncryption, 'null');

export function buildTbs(p: {
  serial: Asn1;
  issuer: Asn1;
  subject: Asn1;
  spki: Asn1;
  notBefore: Date;
  notAfter: Date;
  extensions: Asn1[];
}): Asn1 {
  return seq([
    ctx(0, [intNum(2)]),
    p.serial,
    SHA256_WITH_RSA(),
    p.issuer,
    seq([time(p.notBefore), time(p.notAfter)]),
    p.subject,
    p.spki,
    ctx(3, [seq(p.extensions)]),
  ]);
}

/** Certificate / CertificationRequest / CertificateList: SEQUENCE { toBeSigned, algorithm, BIT STRING }. */
export function signedEnvelope(toBeSigned: Asn1, signature: string): Asn1 {
  return seq([toBeSigned, SHA256_WITH_RSA(), bits(signature)]);
}

// ---------------------------------------------------------------- CSR

export function buildCsrInfo(subject: Asn1, spki: Asn1): Asn1 {
  return seq([intNum(0), subject, spki, ctx(0, [])]);
}

export interface ParsedCsr {
  infoDer: string;
  subject: Asn1;
  subjectRdns: NameAttr[][];
  spki: Asn1;
  sigAlgOid: string;
  signature: string;
}

export function parseCsrDer(bin: string): ParsedCsr {
  const root = parse(bin);
  const [info, alg, sig] = children(expectUniversal(root, Tag.SEQUENCE, 'CertificationRequest'));
  if (!info || !alg || !sig) throw new Asn1Error('CertificationRequest: expected 3 elements');
  const [version, subject, spki] = children(expectUniversal(info, Tag.SEQUENCE, 'CertificationRequestInfo'));
  if (!version || !subject || !spki) throw new Asn1Error('CertificationRequestInfo: missing fields');
  expectUniversal(spki, Tag.SEQUENCE, 'SubjectPublicKeyInfo');
  const sigBits = readBits(sig, 'signature');
  if (sigBits.unused !== 0) throw new Asn1Error('signature: unused bits');
  return {
    infoDer: der(info),
    subject,
    subjectRdns: decodeName(subject),
    spki,
    sigAlgOid: readOid(children(alg, 'AlgorithmIdentifier')[0], 'signature algorithm'),
    signature: sigBits.bytes,
  };
}
