/**
 * CMS SignedData (RFC 5652), detached, built and parsed with forge's ASN.1 codec (browser-safe). The
 * RSA signature itself is computed by the caller (node:crypto or WebCrypto) over `signedAttrsDer`.
 *
 * Signed attributes: contentType, signingTime, messageDigest and ESS signingCertificateV2 (RFC 5035:
 * SHA-256 of the signer certificate plus its issuer/serial), which makes the signature CAdES-BES shaped.
 */
import forge from './forge.ts';
import {
  type Asn1,
  Asn1Error,
  Cls,
  HASH_OF_OID,
  OID,
  Tag,
  algId,
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
  prim,
  readOid,
  readTime,
  seq,
  setOf,
  sha256Bin,
  time,
} from './asn1.ts';
import { type ParsedCert, decodeName, nameToString, parseCertDer } from './x509.ts';

function attribute(type: string, values: Asn1[]): Asn1 {
  return seq([oid(type), setOf(values)]);
}

/** The signed attributes, in DER SET OF order, and the DER of the SET that the signature covers. */
export function buildSignedAttrs(p: { digest: string; signingTime: Date; signer: ParsedCert }): {
  attrs: Asn1[];
  toSign: string;
} {
  const essCertIdV2 = seq([
    // hashAlgorithm DEFAULT sha256: omitted
    octets(sha256Bin(p.signer.der)),
    seq([seq([ctx(4, [p.signer.issuer])]), p.signer.serial]),
  ]);
  const attrs = [
    attribute(OID.contentType, [oid(OID.data)]),
    attribute(OID.signingTime, [time(p.signingTime)]),
    attribute(OID.messageDigest, [octets(p.digest)]),
    attribute(OID.signingCertificateV2, [seq([seq([essCertIdV2])])]),
  ];
  const set = setOf(attrs);
  return { attrs: set.value as Asn1[], toSign: der(set) };
}

/** DER ContentInfo(SignedData) with the signer certificate first, then the chain. */
export function buildSignedData(p: { signer: ParsedCert; chain: ParsedCert[]; attrs: Asn1[]; signature: string }): string {
  const certs = [p.signer, ...p.chain.filter((c) => c.der !== p.signer.der)];
  const signerInfo = seq([
    intNum(1),
    seq([p.signer.issuer, p.signer.serial]),
    algId(OID.sha256, 'absent'),
    ctx(0, p.attrs),
    algId(OID.rsaEncryption, 'null'),
    octets(p.signature),
  ]);
  const signedData = seq([
    intNum(1),
    forge.asn1.create(Cls.UNIVERSAL, Tag.SET, true, [algId(OID.sha256, 'absent')]),
    seq([oid(OID.data)]),
    ctx(
      0,
      certs.map((c) => parse(c.der)),
    ),
    forge.asn1.create(Cls.UNIVERSAL, Tag.SET, true, [signerInfo]),
  ]);
  return der(seq([oid(OID.signedData), ctx(0, [signedData])]));
}

export interface ParsedSignerInfo {
  sid: { kind: 'issuerSerial'; issuerDer: string; serialDer: string } | { kind: 'ski'; keyId: string };
  digestOid: string;
  signedAttrs?: {
    toVerify: string;
    contentType?: string;
    messageDigest?: string;
    signingTime?: Date;
  };
  sigAlgOid: string;
  signature: string;
}

export interface ParsedSignedData {
  certs: ParsedCert[];
  signers: ParsedSignerInfo[];
  hasEContent: boolean;
  eContentType: string;
}

function parseSignerInfo(si: Asn1): ParsedSignerInfo {
  const f = children(expectUniversal(si, Tag.SEQUENCE, 'SignerInfo'), 'SignerInfo');
  const [, sidNode, digestAlg] = f;
  let sid: ParsedSignerInfo['sid'];
  if (is(sidNode, Cls.UNIVERSAL, Tag.SEQUENCE)) {
    const [issuer, serial] = children(sidNode, 'IssuerAndSerialNumber');
    if (!issuer || !serial) throw new Asn1Error('IssuerAndSerialNumber: missing fields');
    sid = { kind: 'issuerSerial', issuerDer: der(issuer), serialDer: der(serial) };
  } else if (is(sidNode, Cls.CONTEXT_SPECIFIC, 0)) {
    sid = { kind: 'ski', keyId: prim(sidNode, 'SubjectKeyIdentifier') };
  } else {
    throw new Asn1Error('SignerIdentifier: unexpected tag');
  }
  const digestOid = readOid(children(digestAlg, 'digestAlgorithm')[0], 'digestAlgorithm');
  let i = 3;
  let signedAttrs: ParsedSignerInfo['signedAttrs'];
  const maybeAttrs = f[i];
  if (is(maybeAttrs, Cls.CONTEXT_SPECIFIC, 0)) {
    const list = children(maybeAttrs, 'signedAttrs');
    const toVerify = der(forge.asn1.create(Cls.UNIVERSAL, Tag.SET, true, list));
    signedAttrs = { toVerify };
    const seen = new Set<string>();
    for (const a of list) {
      const [t, vals] = children(a, 'Attribute');
      const type = readOid(t, 'attrType');
      if (seen.has(type)) throw new Asn1Error(`attribute ${type} appears twice`);
      seen.add(type);
      const values = children(expectUniversal(vals, Tag.SET, 'attrValues'), 'attrValues');
      if (type === OID.contentType || type === OID.messageDigest || type === OID.signingTime) {
        if (values.length !== 1) throw new Asn1Error(`attribute ${type} must have one value`);
      }
      if (type === OID.contentType) signedAttrs.contentType = readOid(values[0], 'contentType');
      if (type === OID.messageDigest) {
        signedAttrs.messageDigest = prim(expectUniversal(values[0], Tag.OCTETSTRING, 'messageDigest'));
      }
      if (type === OID.signingTime) signedAttrs.signingTime = readTime(values[0], 'signingTime');
    }
    i++;
  }
  const sigAlgOid = readOid(children(f[i], 'signatureAlgorithm')[0], 'signatureAlgorithm');
  const signature = prim(expectUniversal(f[i + 1], Tag.OCTETSTRING, 'signature'), 'signature');
  return { sid, digestOid, ...(signedAttrs ? { signedAttrs } : {}), sigAlgOid, signature };
}

export function parseSignedData(bin: string): ParsedSignedData {
  const ci = children(expectUniversal(parse(bin), Tag.SEQUENCE, 'ContentInfo'), 'ContentInfo');
  if (readOid(ci[0], 'contentType') !== OID.signedData) throw new Asn1Error('not a SignedData');
  if (!is(ci[1], Cls.CONTEXT_SPECIFIC, 0)) throw new Asn1Error('ContentInfo: missing content');
  const sd = children(expectUniversal(children(ci[1])[0], Tag.SEQUENCE, 'SignedData'), 'SignedData');
  const encap = children(expectUniversal(sd[2], Tag.SEQUENCE, 'EncapsulatedContentInfo'));
  const eContentType = readOid(encap[0], 'eContentType');
  const certs: ParsedCert[] = [];
  let signerInfos: Asn1 | undefined;
  for (const n of sd.slice(3)) {
    if (is(n, Cls.CONTEXT_SPECIFIC, 0)) {
      for (const c of children(n, 'certificates')) {
        if (is(c, Cls.UNIVERSAL, Tag.SEQUENCE)) certs.push(parseCertDer(der(c)));
      }
    } else if (is(n, Cls.UNIVERSAL, Tag.SET)) {
      signerInfos = n;
    }
  }
  if (!signerInfos) throw new Asn1Error('SignedData: no signerInfos');
  return {
    certs,
    signers: children(signerInfos, 'signerInfos').map(parseSignerInfo),
    hasEContent: encap.length > 1,
    eContentType,
  };
}

export function hashOfSigner(si: ParsedSignerInfo): 'sha256' | 'sha384' | 'sha512' {
  const h = HASH_OF_OID[si.digestOid];
  if (!h) throw new Asn1Error(`unsupported digest algorithm ${si.digestOid}`);
  const implied = HASH_OF_OID[si.sigAlgOid];
  if (implied && implied !== h) throw new Asn1Error('digest and signature algorithms disagree');
  return h;
}

/** The certificate that the SignerIdentifier names, if it is in the CMS. */
export function findSignerCert(si: ParsedSignerInfo, certs: ParsedCert[], keyIdOf: (c: ParsedCert) => string): ParsedCert | undefined {
  if (si.sid.kind === 'issuerSerial') {
    const { issuerDer, serialDer } = si.sid;
    const exact = certs.find((c) => der(c.issuer) === issuerDer && der(c.serial) === serialDer);
    if (exact) return exact;
    // Same name in another string encoding: compare the decoded names.
    const dn = nameToString(decodeName(parse(issuerDer)));
    const serialHex = intToHex(parse(serialDer));
    return certs.find((c) => c.serialHex === serialHex && nameToString(c.issuerRdns) === dn);
  }
  const { keyId } = si.sid;
  return certs.find((c) => keyIdOf(c) === keyId);
}
