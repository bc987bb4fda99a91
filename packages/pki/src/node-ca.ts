/**
 * The platform CA: an issuing authority that issues users' signing and encryption certificates and CRLs,
 * and the platform's own seal certificate (for its CMS signatures / seal). The issuing authority is
 * either a root made here (`ebid pki init`, or the development PKI) or the center's CA material given by
 * configuration (PKI_CA_*, see ca-config.ts): an issuing CA certificate with its chain up to a
 * self-signed root. Either way a PlatformPki is built by buildPlatformPki from the issuing authority
 * (key + certificate + the certificates above it) and the seal (key + certificate).
 *
 * A PKI directory holds root-ca.{key,crt} (own CA only) and platform.{key,crt} (the seal), keys mode 0600.
 *
 * The seal certificate carries the platform seal policy (PLATFORM_SEAL_POLICY_OID, issue 14 §3); user
 * certificates never do (their extensions are built here, nothing is copied from the CSR). A seal
 * certificate made before that policy existed is archived by ensureDevPki as
 * platform-legacy-<serial>.{crt,key} and a new one issued; loadPlatformPki refuses a platform.crt without
 * the policy (CONFIG_INVALID / SEAL_IDENTITY_MISSING) and lists the archived ones' fingerprints in
 * `sealTrust.legacySealFingerprints`, so what they signed stays verifiable, pinned one by one.
 *
 * The development root is marked unmistakably (OU=development and "(开发)" in its CN), so that a
 * production start recognises and refuses it (isDevelopmentCa).
 */
import {
  createPublicKey,
  generateKeyPair,
  randomBytes,
  sign as cryptoSign,
  verify as cryptoVerify,
  type KeyObject,
} from 'node:crypto';
import { chmod, link, mkdir, open, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '@ebid/domain/errors';
import {
  type Asn1,
  HASH_OF_OID,
  OID,
  ctx,
  der,
  enumerated,
  hexToBin,
  intNum,
  normalizeSerialHex,
  parse,
  pemDecodeOne,
  pemEncode,
  seq,
  time,
  uintFromBin,
} from './asn1.ts';
import { loadRsaPrivateKey } from './node-keys.ts';
import { type NodeCert, type SealTrust, cloneInfo, hasPlatformSealIdentity, nodeCertsFromPem, signCmsWith } from './node-verify.ts';
import { type CertInfo, type DnInput, type KeyUsageName, PLATFORM_SEAL_POLICY_OID, type PkiReason, pkiError } from './types.ts';
import {
  type ParsedCert,
  SHA256_WITH_RSA,
  akiExt,
  basicConstraintsExt,
  buildTbs,
  certificatePoliciesExt,
  dnToAsn1,
  extension,
  keyIdOfSpki,
  keyUsageExt,
  nameToRecord,
  parseCsrDer,
  signedEnvelope,
  skiExt,
  subjectKeyId,
  type ParsedCsr,
} from './x509.ts';

export type PlatformCertRole = 'root' | 'intermediate' | 'issuing' | 'seal';

export interface PlatformCertificate {
  role: PlatformCertRole;
  pem: string;
  info: CertInfo;
}

export interface PlatformPki {
  /** The self-signed root at the top of the chain: what GET /pki/root.pem serves and verifiers anchor to. */
  rootCertPem: string;
  /** The seal certificate (platform.crt). */
  platformCertPem: string;
  /** The issuing CA: signs users' certificates and the CRLs (the root itself for a CA made here). */
  issuingCertPem: string;
  /** The issuing CA and every certificate above it, the root last (just the root when the root issues). */
  chainPem: string[];
  rootInfo: CertInfo;
  platformInfo: CertInfo;
  issuingInfo: CertInfo;
  /** Every platform certificate with its role (root, intermediates, issuing CA, seal), for expiry warnings. */
  certificates: PlatformCertificate[];
  /** the directory the seal (and an own CA) was loaded from */
  dir: string;
  /**
   * What verifiers of platform signatures anchor to: the root only, plus the archived seal certificates.
   * (Platform signatures carry the seal certificate and every intermediate, so the root is enough.)
   */
  sealTrust: SealTrust;
  issueUserCertificate(input: {
    csrPem: string;
    usage: 'signing' | 'encryption';
    expectedSubject: DnInput;
    notBefore: Date;
    notAfter: Date;
  }): { pem: string; info: CertInfo };
  /** A CRL signed by the issuing CA (the issuer of users' certificates). */
  issueCrl(input: {
    number: number;
    thisUpdate: Date;
    nextUpdate: Date;
    revoked: { serialHex: string; revokedAt: Date; reason?: number }[];
  }): Buffer;
  /** CMS detached (SHA-256) signed by the platform seal certificate, with its chain up to the root. */
  signDetached(content: Uint8Array): Buffer;
}

/** The names the platform's CA certificates carry (config.center). */
export interface PkiNames {
  platformName: string;
  centerName: string;
}

/** The demo center's names: the development PKI's default (tests, the embedded demo). */
export const DEV_PKI_NAMES: PkiNames = { platformName: '示范市公共资源交易平台', centerName: '示范市公共资源交易中心' };

/** The organizational unit that marks a development root (never in production). */
export const DEV_CA_UNIT = 'development';

export function devRootSubject(names: PkiNames): DnInput {
  return {
    countryName: 'CN',
    organizationName: names.platformName,
    organizationalUnitName: DEV_CA_UNIT,
    commonName: `${names.platformName}根证书 (开发)`,
  };
}

/** The seal certificate's subject, the same in development and production. */
export function sealSubject(names: PkiNames): DnInput {
  return { countryName: 'CN', organizationName: names.platformName, commonName: `${names.platformName} 平台签章` };
}

/** The root a center's own CA (`ebid pki init`) gets. */
export function productionRootSubject(names: PkiNames): DnInput {
  return { countryName: 'CN', organizationName: names.centerName, commonName: `${names.centerName} 根证书` };
}

export const DEV_ROOT_SUBJECT: DnInput = devRootSubject(DEV_PKI_NAMES);
export const DEV_PLATFORM_SUBJECT: DnInput = sealSubject(DEV_PKI_NAMES);

/** Whether a certificate is a development CA's: OU=development, or "(开发)" in its CN (roots made before the OU). */
export function isDevelopmentCa(info: Pick<CertInfo, 'subject'>): boolean {
  return info.subject.OU === DEV_CA_UNIT || (info.subject.CN ?? '').includes('(开发)');
}

const SIGNING_USAGE: KeyUsageName[] = ['digitalSignature', 'nonRepudiation'];
const ENCRYPTION_USAGE: KeyUsageName[] = ['keyEncipherment', 'dataEncipherment'];
export const CA_USAGE: KeyUsageName[] = ['keyCertSign', 'cRLSign'];

export interface Authority {
  key: KeyObject;
  cert: ParsedCert;
  certPem: string;
  keyId: string;
  node: NodeCert;
}

/** 16 random bytes, top bit clear (positive) and second bit set (no leading zero byte). */
function randomSerial(): Asn1 {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x40;
  return uintFromBin(b.toString('latin1'));
}

function signDer(key: KeyObject, toBeSigned: Asn1): string {
  const sig = cryptoSign('sha256', Buffer.from(der(toBeSigned), 'latin1'), key);
  return der(signedEnvelope(toBeSigned, sig.toString('latin1')));
}

function checkValidity(notBefore: Date, notAfter: Date): void {
  const ok =
    notBefore instanceof Date &&
    notAfter instanceof Date &&
    !Number.isNaN(notBefore.getTime()) &&
    !Number.isNaN(notAfter.getTime()) &&
    notBefore.getTime() < notAfter.getTime();
  if (!ok) throw pkiError('VALIDATION', 'VALIDITY_INVALID', 'notBefore must be a valid Date before notAfter');
}

/** Issue a certificate; `issuer` undefined = self-signed with `selfKey`. */
export function issueCertificate(p: {
  issuer: Authority | undefined;
  selfKey?: KeyObject;
  subject: Asn1;
  spki: Asn1;
  notBefore: Date;
  notAfter: Date;
  usage: KeyUsageName[];
  ca: boolean;
  /** certificatePolicies OIDs (the platform seal's only) */
  policies?: string[];
}): string {
  checkValidity(p.notBefore, p.notAfter);
  const ski = keyIdOfSpki(p.spki);
  const tbs = buildTbs({
    serial: randomSerial(),
    issuer: p.issuer ? p.issuer.cert.subject : p.subject,
    subject: p.subject,
    spki: p.spki,
    notBefore: p.notBefore,
    notAfter: p.notAfter,
    extensions: [
      basicConstraintsExt(p.ca),
      keyUsageExt(p.usage),
      skiExt(ski),
      akiExt(p.issuer ? p.issuer.keyId : ski),
      ...(p.policies && p.policies.length > 0 ? [certificatePoliciesExt(p.policies)] : []),
    ],
  });
  const key = p.issuer ? p.issuer.key : p.selfKey;
  if (!key) throw new Error('issue: no signing key');
  return pemEncode('CERTIFICATE', signDer(key, tbs));
}

export function spkiOf(key: KeyObject): Asn1 {
  return parse(createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('latin1'));
}

/** Whether `key` is the private key of `cert` (their public keys compared). */
export function keyMatches(key: KeyObject, cert: NodeCert): boolean {
  try {
    const a = createPublicKey(key).export({ type: 'spki', format: 'der' });
    const b = cert.x509.publicKey.export({ type: 'spki', format: 'der' });
    return a.equals(b);
  } catch {
    return false;
  }
}

/** An issuing authority or the seal from a key and its certificate (the first of `certPem`). */
export function authority(key: string | KeyObject, certPem: string): Authority {
  const k = typeof key === 'string' ? loadRsaPrivateKey(key) : key;
  const [cert] = nodeCertsFromPem(certPem);
  if (!keyMatches(k, cert!)) throw pkiError('CONFIG_INVALID', 'KEY_CERT_MISMATCH');
  const pem = pemEncode('CERTIFICATE', cert!.parsed.der);
  return { key: k, cert: cert!.parsed, certPem: pem, keyId: subjectKeyId(cert!.parsed), node: cert! };
}

const same = (a: string | undefined, b: string | undefined): boolean => (a ?? '').normalize('NFC') === (b ?? '').normalize('NFC');

function checkCsr(csrPem: string, expected: DnInput): ParsedCsr {
  let csr: ParsedCsr;
  let pub: KeyObject;
  try {
    csr = parseCsrDer(pemDecodeOne(csrPem, ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']));
    pub = createPublicKey({ key: Buffer.from(der(csr.spki), 'latin1'), format: 'der', type: 'spki' });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw pkiError('VALIDATION', 'CSR_MALFORMED', e instanceof Error ? e.message : String(e));
  }
  const hash = HASH_OF_OID[csr.sigAlgOid];
  let sigOk = false;
  try {
    sigOk = !!hash && cryptoVerify(hash, Buffer.from(csr.infoDer, 'latin1'), pub, Buffer.from(csr.signature, 'latin1'));
  } catch {
    sigOk = false;
  }
  if (!sigOk) throw pkiError('VALIDATION', 'CSR_BAD_SIGNATURE');
  const got = nameToRecord(csr.subjectRdns);
  if (!same(got.CN, expected.commonName) || !same(got.O, expected.organizationName)) {
    throw pkiError('VALIDATION', 'CSR_SUBJECT_MISMATCH', undefined, {
      expected: { CN: expected.commonName, O: expected.organizationName ?? null },
      got: { CN: got.CN ?? null, O: got.O ?? null },
    });
  }
  if (pub.asymmetricKeyType !== 'rsa' || (pub.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw pkiError('VALIDATION', 'CSR_WEAK_KEY', `${pub.asymmetricKeyType ?? 'unknown'} ${pub.asymmetricKeyDetails?.modulusLength ?? '?'}`);
  }
  return csr;
}

function buildCrl(issuer: Authority, input: Parameters<PlatformPki['issueCrl']>[0]): Buffer {
  const { number, thisUpdate, nextUpdate, revoked } = input;
  if (!Number.isSafeInteger(number) || number < 0) throw pkiError('VALIDATION', 'CRL_INVALID', 'number must be a non-negative integer');
  try {
    checkValidity(thisUpdate, nextUpdate);
  } catch {
    throw pkiError('VALIDATION', 'CRL_INVALID', 'thisUpdate must be a valid Date before nextUpdate');
  }
  const entries = revoked.map((r) => {
    let serialHex: string;
    try {
      serialHex = normalizeSerialHex(r.serialHex);
    } catch {
      throw pkiError('VALIDATION', 'CRL_INVALID', `bad serial ${r.serialHex}`);
    }
    if (!(r.revokedAt instanceof Date) || Number.isNaN(r.revokedAt.getTime())) {
      throw pkiError('VALIDATION', 'CRL_INVALID', `bad revokedAt for ${r.serialHex}`);
    }
    if (r.reason !== undefined && (!Number.isInteger(r.reason) || r.reason < 0 || r.reason > 10 || r.reason === 7)) {
      throw pkiError('VALIDATION', 'CRL_INVALID', `bad reason code ${r.reason}`);
    }
    const fields = [uintFromBin(hexToBin(serialHex)), time(r.revokedAt)];
    if (r.reason !== undefined) fields.push(seq([extension(OID.crlReason, false, enumerated(r.reason))]));
    return seq(fields);
  });
  let numHex = number.toString(16);
  if (numHex.length % 2) numHex = '0' + numHex;
  const tbsCertList = seq([
    intNum(1), // v2
    SHA256_WITH_RSA(),
    issuer.cert.subject,
    time(thisUpdate),
    time(nextUpdate),
    ...(entries.length > 0 ? [seq(entries)] : []),
    ctx(0, [seq([akiExt(issuer.keyId), extension(OID.crlNumber, false, uintFromBin(hexToBin(numHex)))])]),
  ]);
  return Buffer.from(signDer(issuer.key, tbsCertList), 'latin1');
}

/** Whether `child` was issued by `parent`: names, CA flag and signature. */
export function issuedBy(child: NodeCert, parent: NodeCert): boolean {
  try {
    return parent.info.isCa && child.x509.checkIssued(parent.x509) && child.x509.verify(parent.x509.publicKey);
  } catch {
    return false;
  }
}

/** Whether a certificate is self-signed (its own issuer, its signature verifies with its own key). */
export function isSelfSigned(c: NodeCert): boolean {
  try {
    return c.x509.checkIssued(c.x509) && c.x509.verify(c.x509.publicKey);
  } catch {
    return false;
  }
}

/**
 * The PlatformPki of an issuing authority and a seal, whichever source they came from. `above` lists the
 * certificates above the issuing CA, its issuer first and the self-signed root last ([] when the issuing
 * CA is itself the root). The caller has checked the chain and the seal (issued by the issuing CA).
 */
export function buildPlatformPki(p: {
  dir: string;
  issuing: Authority;
  above: NodeCert[];
  seal: Authority;
  legacySealFingerprints: string[];
}): PlatformPki {
  const { issuing, seal } = p;
  const chainNodes = [issuing.node, ...p.above];
  const rootNode = chainNodes[chainNodes.length - 1]!;
  const chainPem = chainNodes.map((c) => pemEncode('CERTIFICATE', c.parsed.der));
  const rootCertPem = chainPem[chainPem.length - 1]!;
  // Root first, then the intermediates, the issuing CA and the seal (an own CA's root is listed once).
  const certificates: PlatformCertificate[] = [
    ...chainNodes
      .map((c, i): PlatformCertificate => ({
        role: i === chainNodes.length - 1 ? 'root' : i === 0 ? 'issuing' : 'intermediate',
        pem: chainPem[i]!,
        info: c.info,
      }))
      .reverse(),
    { role: 'seal', pem: seal.certPem, info: seal.node.info },
  ];
  const legacy = [...p.legacySealFingerprints];
  return {
    rootCertPem,
    platformCertPem: seal.certPem,
    issuingCertPem: issuing.certPem,
    get chainPem() {
      return [...chainPem];
    },
    get rootInfo() {
      return cloneInfo(rootNode.info);
    },
    get platformInfo() {
      return cloneInfo(seal.node.info);
    },
    get issuingInfo() {
      return cloneInfo(issuing.node.info);
    },
    get certificates() {
      return certificates.map((c) => ({ ...c, info: cloneInfo(c.info) }));
    },
    dir: p.dir,
    get sealTrust() {
      return { trustedRootsPem: [rootCertPem], legacySealFingerprints: [...legacy] };
    },
    issueUserCertificate(input) {
      const csr = checkCsr(input.csrPem, input.expectedSubject);
      if (input.usage !== 'signing' && input.usage !== 'encryption') {
        throw pkiError('VALIDATION', 'CERT_WRONG_USAGE', "usage must be 'signing' or 'encryption'");
      }
      const pem = issueCertificate({
        issuer: issuing,
        subject: dnToAsn1(input.expectedSubject),
        spki: csr.spki,
        notBefore: input.notBefore,
        notAfter: input.notAfter,
        usage: input.usage === 'signing' ? SIGNING_USAGE : ENCRYPTION_USAGE,
        ca: false,
      });
      const [node] = nodeCertsFromPem(pem);
      // Never a seal: a user certificate is built without policies above; this keeps it so if that changes.
      if (hasPlatformSealIdentity(node!.info)) throw new Error('a user certificate must not carry the platform seal policy');
      return { pem, info: cloneInfo(node!.info) };
    },
    issueCrl(input) {
      return buildCrl(issuing, input);
    },
    signDetached(content) {
      // The seal certificate, then every certificate up to the root: `openssl cms -verify -CAfile
      // root.pem` and pdfsig need nothing but the root.
      return signCmsWith(content, seal.key, seal.node, chainNodes, new Date());
    },
  };
}

// ---------------------------------------------------------------- files

/** The files of a PKI directory. */
export function pkiPaths(dir: string) {
  return {
    rootKey: join(dir, 'root-ca.key'),
    rootCrt: join(dir, 'root-ca.crt'),
    platformKey: join(dir, 'platform.key'),
    platformCrt: join(dir, 'platform.crt'),
    legacy: (serialHex: string, ext: 'crt' | 'key') => join(dir, `platform-legacy-${serialHex}.${ext}`),
    lock: join(dir, '.ensure-dev-pki.lock'),
  };
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Write via a temporary file + rename, so a reader never sees half a file. */
async function writeAtomic(path: string, data: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data, { mode });
  await chmod(tmp, mode);
  await rename(tmp, path);
}

/**
 * Create new files, never replacing one: each is written to a temporary file and then hard-linked to its
 * name (which fails if the name exists), so a reader never sees half a file and a file that appeared
 * meanwhile is not overwritten. All or nothing: on any failure the files already created are removed.
 */
export async function createFilesExclusively(files: { path: string; data: string; mode: number }[]): Promise<void> {
  const created: string[] = [];
  try {
    for (const f of files) {
      const tmp = `${f.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, f.data, { mode: f.mode, flag: 'wx' });
      try {
        await chmod(tmp, f.mode);
        await link(tmp, f.path);
      } finally {
        await unlink(tmp).catch(() => undefined);
      }
      created.push(f.path);
    }
  } catch (e) {
    for (const c of created) await unlink(c).catch(() => undefined);
    throw e;
  }
}

async function withLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const fh = await open(lockPath, 'wx');
      await fh.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const st = await stat(lockPath).catch(() => null);
      if (st && Date.now() - st.mtimeMs > 120_000) await unlink(lockPath).catch(() => undefined); // stale
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockPath}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

const genRsa = promisify(generateKeyPair);

export async function newKeyPem(bits: number): Promise<{ pem: string; key: KeyObject }> {
  const { privateKey } = await genRsa('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  return { pem, key: privateKey };
}

export const YEAR_MS = 365 * 24 * 3600 * 1000;
export const SKEW_MS = 5 * 60 * 1000;

/** A new seal key and certificate issued by `issuer` (RSA-2048, 5 years, never beyond the issuer's own end). */
export async function newSeal(issuer: Authority, names: PkiNames, now: Date, years = 5): Promise<{ keyPem: string; certPem: string }> {
  const { pem: keyPem, key } = await newKeyPem(2048);
  const notAfter = new Date(Math.min(now.getTime() + years * YEAR_MS, issuer.cert.notAfter.getTime()));
  const certPem = issueCertificate({
    issuer,
    subject: dnToAsn1(sealSubject(names)),
    spki: spkiOf(key),
    notBefore: new Date(now.getTime() - SKEW_MS),
    notAfter,
    usage: SIGNING_USAGE,
    ca: false,
    policies: [PLATFORM_SEAL_POLICY_OID],
  });
  return { keyPem, certPem };
}

/** A new self-signed root (RSA-3072) with `subject`, valid from `now` − 5 minutes for `years`. */
export async function newRoot(subject: DnInput, now: Date, years: number): Promise<{ keyPem: string; certPem: string }> {
  const { pem: keyPem, key } = await newKeyPem(3072);
  const certPem = issueCertificate({
    issuer: undefined,
    selfKey: key,
    subject: dnToAsn1(subject),
    spki: spkiOf(key),
    notBefore: new Date(now.getTime() - SKEW_MS),
    notAfter: new Date(now.getTime() + years * YEAR_MS),
    usage: CA_USAGE,
    ca: true,
  });
  return { keyPem, certPem };
}

/**
 * Creates the development PKI in `dir` on the first call (root CA 10 years, RSA-3072, marked as a
 * development CA; platform seal certificate 5 years, RSA-2048; both valid from `now` − 5 minutes) and
 * loads it afterwards. Safe to call from several processes at once (a lock file serializes the
 * creation). `names` (config.center) name the platform in the subjects; the demo center's by default.
 * Never used in production (deps.ts), which refuses a development root.
 */
export async function ensureDevPki(dir: string, opts?: { now?: Date; names?: PkiNames }): Promise<PlatformPki> {
  const p = pkiPaths(dir);
  const names = opts?.names ?? DEV_PKI_NAMES;
  const all = [p.rootKey, p.rootCrt, p.platformKey, p.platformCrt];
  if ((await Promise.all(all.map(exists))).every(Boolean) && (await sealIdentityOf(p.platformCrt))) return loadPlatformPki(dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await withLock(p.lock, async () => {
    const now = opts?.now ?? new Date();
    const haveRoot = (await exists(p.rootKey)) && (await exists(p.rootCrt));
    let root: Authority;
    if (haveRoot) {
      root = authority(await readFile(p.rootKey, 'utf8'), await readFile(p.rootCrt, 'utf8'));
    } else {
      const made = await newRoot(devRootSubject(names), now, 10);
      await writeAtomic(p.rootKey, made.keyPem, 0o600);
      await writeAtomic(p.rootCrt, made.certPem, 0o644);
      root = authority(made.keyPem, made.certPem);
    }
    let haveSeal = haveRoot && (await exists(p.platformKey)) && (await exists(p.platformCrt));
    if (haveSeal && !(await sealIdentityOf(p.platformCrt))) {
      // A seal certificate from before issue 14 §3: archive it (what it signed stays verifiable by its
      // pinned fingerprint and its own time) and issue one with the seal identity.
      const [old] = nodeCertsFromPem(await readFile(p.platformCrt, 'utf8'));
      await rename(p.platformKey, p.legacy(old!.info.serialHex, 'key'));
      await rename(p.platformCrt, p.legacy(old!.info.serialHex, 'crt'));
      haveSeal = false;
    }
    if (!haveSeal) {
      const seal = await newSeal(root, names, now);
      await writeAtomic(p.platformKey, seal.keyPem, 0o600);
      await writeAtomic(p.platformCrt, seal.certPem, 0o644);
    }
  });
  return loadPlatformPki(dir);
}

/** Whether the certificate file carries the platform seal identity (false if unreadable). */
async function sealIdentityOf(crtPath: string): Promise<boolean> {
  try {
    const [c] = nodeCertsFromPem(await readFile(crtPath, 'utf8'));
    return hasPlatformSealIdentity(c!.info);
  } catch {
    return false;
  }
}

/** Fingerprints of the archived seal certificates (platform-legacy-*.crt), each issued by one of `issuers`. */
export async function legacySeals(dir: string, issuers: NodeCert[]): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => /^platform-legacy-[0-9a-f]+\.crt$/.test(n)).sort();
  const out: string[] = [];
  for (const n of names) {
    const [c] = nodeCertsFromPem(await readFile(join(dir, n), 'utf8'));
    if (!issuers.some((i) => c!.x509.checkIssued(i.x509) && c!.x509.verify(i.x509.publicKey))) {
      throw pkiError('CONFIG_INVALID', 'CERT_UNTRUSTED', `${n} in ${dir} was not issued by the platform CA`);
    }
    out.push(c!.info.fingerprintSha256);
  }
  return out;
}

/**
 * Loads an own CA from `dir`: root-ca.{key,crt} and platform.{key,crt} (and the archived
 * platform-legacy-*.crt); AppError CONFIG_INVALID if missing or inconsistent, or if platform.crt lacks
 * the seal identity (SEAL_IDENTITY_MISSING: issue a seal certificate with PLATFORM_SEAL_POLICY_OID;
 * ensureDevPki does so). No validity, permission or development checks: a production start goes through
 * loadConfiguredPki (ca-config.ts), which makes them.
 */
export async function loadPlatformPki(dir: string): Promise<PlatformPki> {
  const p = pkiPaths(dir);
  let files: string[];
  try {
    files = await Promise.all([p.rootKey, p.rootCrt, p.platformKey, p.platformCrt].map((f) => readFile(f, 'utf8')));
  } catch (e) {
    throw pkiError('CONFIG_INVALID', 'PKI_NOT_FOUND', `cannot read the PKI files in ${dir}`, { dir }, e);
  }
  const [rootKeyPem, rootCrtPem, platformKeyPem, platformCrtPem] = files as [string, string, string, string];
  try {
    const root = authority(rootKeyPem, rootCrtPem);
    const platform = authority(platformKeyPem, platformCrtPem);
    if (!issuedBy(platform.node, root.node)) {
      throw pkiError('CONFIG_INVALID', 'CERT_UNTRUSTED', `platform.crt in ${dir} was not issued by root-ca.crt`);
    }
    if (!hasPlatformSealIdentity(platform.node.info)) {
      throw pkiError('CONFIG_INVALID', 'SEAL_IDENTITY_MISSING', `platform.crt in ${dir} lacks the certificate policy ${PLATFORM_SEAL_POLICY_OID}`);
    }
    return buildPlatformPki({ dir, issuing: root, above: [], seal: platform, legacySealFingerprints: await legacySeals(dir, [root.node]) });
  } catch (e) {
    // A broken file in the PKI directory is a configuration problem, not the caller's input.
    if (e instanceof AppError && e.code !== 'CONFIG_INVALID') {
      throw pkiError('CONFIG_INVALID', (e.details?.reason as PkiReason | undefined) ?? 'PKI_NOT_FOUND', `${dir}: ${e.messageEn}`, { dir }, e);
    }
    throw e;
  }
}
