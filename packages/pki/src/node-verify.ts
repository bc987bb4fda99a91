/**
 * Node-side certificate parsing and verification, and CMS detached sign/verify: forge's ASN.1 codec
 * builds and reads the structures, node:crypto does every hash, signature and chain check.
 */
import { X509Certificate, createHash, createPrivateKey, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { AppError } from '@ebid/domain/errors';
import { Asn1Error, OID, pemDecodeAll, pemDecodeOne } from './asn1.ts';
import { buildSignedAttrs, buildSignedData, findSignerCert, hashOfSigner, parseSignedData } from './cms.ts';
import { type SigningKind, assertSignable } from './signing-domains.ts';
import {
  type CertCheck,
  type CertFailReason,
  type CertInfo,
  type CmsCheck,
  PLATFORM_SEAL_POLICY_OID,
  pkiError,
} from './types.ts';
import { type ParsedCert, certInfoOf, parseCertDer, subjectKeyId } from './x509.ts';

export interface VerifyOptions {
  /** PEM trust anchors (the platform root, plus other CAs trusted by configuration: CA互认) */
  trustedRootsPem: string[];
  /** the instant at which the certificate must be valid */
  at: Date;
  isRevoked?: (serialHex: string, issuerDn: string) => boolean;
  usage?: 'signing' | 'encryption';
}

// ---------------------------------------------------------------- parsed-certificate cache

export interface NodeCert {
  parsed: ParsedCert;
  x509: X509Certificate;
  info: CertInfo;
}

const CACHE_MAX = 512;
const cache = new Map<string, NodeCert>();

/** Parse (or fetch from the cache) one DER certificate; throws Asn1Error / node errors when malformed. */
export function nodeCert(derBin: string): NodeCert {
  const hit = cache.get(derBin);
  if (hit) return hit;
  const parsed = parseCertDer(derBin);
  const x509 = new X509Certificate(Buffer.from(derBin, 'latin1'));
  const c: NodeCert = { parsed, x509, info: certInfoOf(parsed) };
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(derBin, c);
  return c;
}

export function cloneInfo(i: CertInfo): CertInfo {
  return {
    ...i,
    subject: { ...i.subject },
    notBefore: new Date(i.notBefore),
    notAfter: new Date(i.notAfter),
    keyUsage: [...i.keyUsage],
    policies: [...i.policies],
  };
}

function malformed(e: unknown): AppError {
  return pkiError('VALIDATION', 'CERT_MALFORMED', e instanceof Error ? e.message : String(e));
}

/** All certificates of a PEM text (a bundle is fine); throws AppError CERT_MALFORMED. */
export function nodeCertsFromPem(pem: string): NodeCert[] {
  try {
    const ders = pemDecodeAll(pem, ['CERTIFICATE']);
    if (ders.length === 0) throw new Asn1Error('no CERTIFICATE block');
    return ders.map(nodeCert);
  } catch (e) {
    throw e instanceof AppError ? e : malformed(e);
  }
}

export function parseCertificate(pem: string): CertInfo {
  try {
    return cloneInfo(nodeCert(pemDecodeOne(pem, ['CERTIFICATE'])).info);
  } catch (e) {
    throw e instanceof AppError ? e : malformed(e);
  }
}

// ---------------------------------------------------------------- chain verification

function issuedBy(child: NodeCert, parent: NodeCert): boolean {
  if (!parent.info.isCa) return false;
  try {
    return child.x509.checkIssued(parent.x509) && child.x509.verify(parent.x509.publicKey);
  } catch {
    return false;
  }
}

function usageOk(c: NodeCert, usage: 'signing' | 'encryption'): boolean {
  if (!c.parsed.extensions.has(OID.keyUsage)) return true; // RFC 5280: no KeyUsage = no restriction
  const ku = c.info.keyUsage;
  return usage === 'signing'
    ? ku.includes('digitalSignature') || ku.includes('nonRepudiation')
    : ku.includes('keyEncipherment') || ku.includes('dataEncipherment');
}

function rootsOf(opts: VerifyOptions): NodeCert[] {
  if (!Array.isArray(opts.trustedRootsPem)) throw pkiError('VALIDATION', 'CERT_UNTRUSTED', 'trustedRootsPem must be an array');
  return opts.trustedRootsPem.flatMap((pem) => nodeCertsFromPem(pem));
}

/** Build a path leaf → (intermediates from `pool`) → trust anchor, then check validity, revocation, usage. */
export function verifyNodeCert(leaf: NodeCert, pool: NodeCert[], opts: VerifyOptions): CertCheck {
  const at = opts.at;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw pkiError('VALIDATION', 'VALIDITY_INVALID', '`at` must be a valid Date');
  }
  const roots = rootsOf(opts);
  const fail = (reason: CertFailReason): CertCheck => ({ ok: false, reason });
  const chain: NodeCert[] = [leaf];
  let anchored = false;
  let cur = leaf;
  for (let depth = 0; depth < 8 && !anchored; depth++) {
    if (roots.some((r) => r.parsed.der === cur.parsed.der)) {
      anchored = true;
      break;
    }
    const root = roots.find((r) => issuedBy(cur, r));
    if (root) {
      chain.push(root);
      anchored = true;
      break;
    }
    const next = pool.find((c) => !chain.includes(c) && issuedBy(cur, c));
    if (!next) break;
    chain.push(next);
    cur = next;
  }
  if (!anchored) return fail('CERT_UNTRUSTED');
  for (const c of chain) {
    if (at.getTime() < c.info.notBefore.getTime()) return fail('CERT_NOT_YET_VALID');
    if (at.getTime() > c.info.notAfter.getTime()) return fail('CERT_EXPIRED');
  }
  if (opts.isRevoked) {
    const anchor = chain[chain.length - 1];
    for (const c of chain) {
      if (c === anchor && chain.length > 1) continue;
      if (opts.isRevoked(c.info.serialHex, c.info.issuerDn)) return fail('CERT_REVOKED');
    }
  }
  if (opts.usage && !usageOk(leaf, opts.usage)) return fail('CERT_WRONG_USAGE');
  return { ok: true, info: cloneInfo(leaf.info) };
}

/**
 * Verify a certificate (PEM; further certificates in the same PEM are used as intermediates) against
 * the trusted roots at `opts.at`. A broken trusted root throws; everything about the certificate
 * itself is a result.
 */
export function verifyCertificate(pem: string, opts: VerifyOptions): CertCheck {
  let certs: NodeCert[];
  try {
    certs = nodeCertsFromPem(pem);
  } catch {
    return { ok: false, reason: 'CERT_MALFORMED' };
  }
  const [leaf, ...pool] = certs;
  return verifyNodeCert(leaf!, pool, opts);
}

// ---------------------------------------------------------------- CMS

function keyOf(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (e) {
    throw pkiError('VALIDATION', 'KEY_INVALID', e instanceof Error ? e.message : String(e));
  }
}

/** CMS SignedData, detached, SHA-256, RSA PKCS#1 v1.5; the signer certificate and `chainPem` included. */
export function signCmsDetached(
  content: Uint8Array,
  signer: { keyPem: string; certPem: string; chainPem?: string[] },
  opts?: { signingTime?: Date },
): Buffer {
  const key = keyOf(signer.keyPem);
  const [cert] = nodeCertsFromPem(signer.certPem);
  const chain = (signer.chainPem ?? []).flatMap((p) => nodeCertsFromPem(p));
  return signCmsWith(content, key, cert!, chain, opts?.signingTime ?? new Date());
}

/**
 * A user's signature (issue 14 §5): signCmsDetached only after `assertSignable(kind, content, opts)` —
 * the one way `ebid` signs with a user's key, so it never signs an object of another kind than asked
 * (a login challenge must name `opts.origin`, the server the client connects to).
 */
export function signCmsDetachedAs(
  kind: SigningKind,
  content: Uint8Array,
  signer: { keyPem: string; certPem: string; chainPem?: string[] },
  opts: { origin?: string; signingTime?: Date } = {},
): Buffer {
  assertSignable(kind, content, opts.origin === undefined ? {} : { origin: opts.origin });
  return signCmsDetached(content, signer, opts.signingTime ? { signingTime: opts.signingTime } : undefined);
}

/** signCmsDetached with an already-loaded key and certificates. */
export function signCmsWith(content: Uint8Array, key: KeyObject, cert: NodeCert, chain: NodeCert[], signingTime: Date): Buffer {
  if (key.asymmetricKeyType !== 'rsa') throw pkiError('VALIDATION', 'KEY_INVALID', 'an RSA key is required');
  if (!cert.x509.checkPrivateKey(key)) throw pkiError('VALIDATION', 'KEY_CERT_MISMATCH');
  if (!usageOk(cert, 'signing')) throw pkiError('VALIDATION', 'CERT_WRONG_USAGE', 'the certificate is not a signing certificate');
  const digest = createHash('sha256').update(content).digest('binary');
  const { attrs, toSign } = buildSignedAttrs({ digest, signingTime, signer: cert.parsed });
  const signature = cryptoSign('sha256', Buffer.from(toSign, 'latin1'), key).toString('latin1');
  const out = buildSignedData({ signer: cert.parsed, chain: chain.map((c) => c.parsed), attrs, signature });
  return Buffer.from(out, 'latin1');
}

const RSA_SIG_OIDS: ReadonlySet<string> = new Set([
  OID.rsaEncryption,
  OID.sha256WithRSAEncryption,
  OID.sha384WithRSAEncryption,
  OID.sha512WithRSAEncryption,
]);
const EC_SIG_OIDS: ReadonlySet<string> = new Set([OID.ecdsaWithSHA256, OID.ecdsaWithSHA384, OID.ecdsaWithSHA512]);

/**
 * Verify a detached CMS signature over `content`: the messageDigest attribute, the signature over the
 * DER SET of signed attributes, then the signer certificate via the same checks as verifyCertificate
 * (usage defaults to 'signing'; certificates inside the CMS serve as intermediates, never as anchors).
 */
export function verifyCmsDetached(cmsDer: Uint8Array, content: Uint8Array, opts: VerifyOptions): CmsCheck {
  const bad = (reason: 'SIGNATURE_INVALID' | 'CMS_MALFORMED'): CmsCheck => ({ ok: false, reason });
  let signer: NodeCert;
  let pool: NodeCert[];
  let hash: 'sha256' | 'sha384' | 'sha512';
  let si;
  try {
    const sd = parseSignedData(Buffer.from(cmsDer.buffer, cmsDer.byteOffset, cmsDer.byteLength).toString('latin1'));
    if (sd.signers.length !== 1 || sd.hasEContent || sd.eContentType !== OID.data) return bad('CMS_MALFORMED');
    si = sd.signers[0]!;
    hash = hashOfSigner(si);
    const signerParsed = findSignerCert(si, sd.certs, subjectKeyId);
    if (!signerParsed) return bad('CMS_MALFORMED');
    const all = sd.certs.map((c) => nodeCert(c.der));
    signer = nodeCert(signerParsed.der);
    pool = all.filter((c) => c !== signer);
  } catch {
    return bad('CMS_MALFORMED');
  }
  let data: Buffer;
  if (si.signedAttrs) {
    const { contentType, messageDigest, toVerify } = si.signedAttrs;
    if (contentType !== OID.data || messageDigest === undefined) return bad('CMS_MALFORMED');
    const digest = createHash(hash).update(content).digest();
    if (!digest.equals(Buffer.from(messageDigest, 'latin1'))) return bad('SIGNATURE_INVALID');
    data = Buffer.from(toVerify, 'latin1');
  } else {
    data = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  }
  const pub = signer.x509.publicKey;
  const keyType = pub.asymmetricKeyType;
  if (!((RSA_SIG_OIDS.has(si.sigAlgOid) && keyType === 'rsa') || (EC_SIG_OIDS.has(si.sigAlgOid) && keyType === 'ec'))) {
    return bad('CMS_MALFORMED');
  }
  let ok = false;
  try {
    ok = cryptoVerify(hash, data, pub, Buffer.from(si.signature, 'latin1'));
  } catch {
    ok = false;
  }
  if (!ok) return bad('SIGNATURE_INVALID');
  const check = verifyNodeCert(signer, pool, { ...opts, usage: opts.usage ?? 'signing' });
  if (!check.ok) return check;
  const signingTime = si.signedAttrs?.signingTime;
  return { ok: true, signer: check.info, ...(signingTime ? { signingTime } : {}) };
}

// ---------------------------------------------------------------- the platform seal (issue 14 §3)

/** Where platform signatures are anchored: the platform's own root(s), never a CA trusted by configuration. */
export interface SealTrust {
  /** the platform root CA certificate(s), PEM */
  trustedRootsPem: string[];
  /**
   * SHA-256 fingerprints (lower-case hex) of seal certificates made before the seal identity existed
   * (issue 14 §3): accepted for what they signed then, pinned one by one, never by their name.
   */
  legacySealFingerprints?: string[];
}

/** Whether a certificate carries the platform seal identity (the policy OID in types.ts). */
export function hasPlatformSealIdentity(info: Pick<CertInfo, 'policies'>): boolean {
  return info.policies.includes(PLATFORM_SEAL_POLICY_OID);
}

/**
 * Verify a platform signature (receipt, checkpoint, audit root, seal): the CMS must verify, chain to
 * `trust.trustedRootsPem` and be signed by a certificate that carries the platform seal identity (or is
 * one of the pinned legacy seal certificates) — otherwise NOT_PLATFORM_SEAL, whatever its subject says.
 * The certificate is judged at `at`, the time the signed object states (a receipt's receivedAt, a
 * checkpoint's at), else at the CMS signingTime: a seal certificate that expired since does not make
 * what it signed while valid unverifiable. A time outside its validity fails (CERT_EXPIRED / _NOT_YET_VALID).
 */
export function verifyPlatformSeal(
  cmsDer: Uint8Array,
  content: Uint8Array,
  opts: SealTrust & { at?: Date; isRevoked?: VerifyOptions['isRevoked'] },
): CmsCheck {
  let at = opts.at;
  if (at === undefined || Number.isNaN(at.getTime())) {
    try {
      const sd = parseSignedData(Buffer.from(cmsDer.buffer, cmsDer.byteOffset, cmsDer.byteLength).toString('latin1'));
      at = sd.signers[0]?.signedAttrs?.signingTime;
    } catch {
      return { ok: false, reason: 'CMS_MALFORMED' };
    }
    if (!at) return { ok: false, reason: 'CMS_MALFORMED' };
  }
  const r = verifyCmsDetached(cmsDer, content, {
    trustedRootsPem: opts.trustedRootsPem,
    at,
    usage: 'signing',
    ...(opts.isRevoked ? { isRevoked: opts.isRevoked } : {}),
  });
  if (!r.ok) return r;
  const legacy = (opts.legacySealFingerprints ?? []).map((f) => f.toLowerCase().replace(/:/g, ''));
  if (!hasPlatformSealIdentity(r.signer) && !legacy.includes(r.signer.fingerprintSha256)) return { ok: false, reason: 'NOT_PLATFORM_SEAL' };
  return r;
}
