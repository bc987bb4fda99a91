/**
 * The platform CA: a root that issues users' signing and encryption certificates and CRLs, and the
 * platform's own seal certificate (for its CMS signatures / seal). The development PKI lives in a
 * directory: root-ca.{key,crt} and platform.{key,crt}, keys mode 0600.
 *
 * The seal certificate carries the platform seal policy (PLATFORM_SEAL_POLICY_OID, issue 14 §3); user
 * certificates never do (their extensions are built here, nothing is copied from the CSR). A seal
 * certificate made before that policy existed is archived by ensureDevPki as
 * platform-legacy-<serial>.{crt,key} and a new one issued; loadPlatformPki refuses a platform.crt without
 * the policy (CONFIG_INVALID / SEAL_IDENTITY_MISSING) and lists the archived ones' fingerprints in
 * `sealTrust.legacySealFingerprints`, so what they signed stays verifiable, pinned one by one.
 */
import {
  createPublicKey,
  generateKeyPair,
  randomBytes,
  sign as cryptoSign,
  verify as cryptoVerify,
  type KeyObject,
} from 'node:crypto';
import { chmod, mkdir, open, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '@ebid/domain/errors';
import { platformIdentity } from '@ebid/domain/platform-identity';
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
import { type SealTrust, cloneInfo, hasPlatformSealIdentity, nodeCertsFromPem, signCmsWith } from './node-verify.ts';
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

export interface PlatformPki {
  rootCertPem: string;
  platformCertPem: string;
  rootInfo: CertInfo;
  platformInfo: CertInfo;
  /** the directory the files were loaded from */
  dir: string;
  /** What verifiers of platform signatures anchor to: this root only, plus the archived seal certificates. */
  sealTrust: SealTrust;
  issueUserCertificate(input: {
    csrPem: string;
    usage: 'signing' | 'encryption';
    expectedSubject: DnInput;
    notBefore: Date;
    notAfter: Date;
  }): { pem: string; info: CertInfo };
  issueCrl(input: {
    number: number;
    thisUpdate: Date;
    nextUpdate: Date;
    revoked: { serialHex: string; revokedAt: Date; reason?: number }[];
  }): Buffer;
  /** CMS detached (SHA-256) signed by the platform signing certificate, chain included. */
  signDetached(content: Uint8Array): Buffer;
}

const { platformName } = platformIdentity();
export const DEV_ROOT_SUBJECT: DnInput = {
  countryName: 'CN',
  organizationName: platformName,
  commonName: `${platformName}根证书 (开发)`,
};
export const DEV_PLATFORM_SUBJECT: DnInput = {
  countryName: 'CN',
  organizationName: platformName,
  commonName: `${platformName} 平台签章`,
};

const SIGNING_USAGE: KeyUsageName[] = ['digitalSignature', 'nonRepudiation'];
const ENCRYPTION_USAGE: KeyUsageName[] = ['keyEncipherment', 'dataEncipherment'];

interface Authority {
  key: KeyObject;
  cert: ParsedCert;
  certPem: string;
  keyId: string;
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
function issue(p: {
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

function spkiOf(key: KeyObject): Asn1 {
  return parse(createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('latin1'));
}

function authority(keyPem: string, certPem: string): Authority {
  const key = loadRsaPrivateKey(keyPem);
  const [cert] = nodeCertsFromPem(certPem);
  if (!cert!.x509.checkPrivateKey(key)) throw pkiError('CONFIG_INVALID', 'KEY_CERT_MISMATCH');
  return { key, cert: cert!.parsed, certPem, keyId: subjectKeyId(cert!.parsed) };
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

function buildCrl(root: Authority, input: Parameters<PlatformPki['issueCrl']>[0]): Buffer {
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
    root.cert.subject,
    time(thisUpdate),
    time(nextUpdate),
    ...(entries.length > 0 ? [seq(entries)] : []),
    ctx(0, [seq([akiExt(root.keyId), extension(OID.crlNumber, false, uintFromBin(hexToBin(numHex)))])]),
  ]);
  return Buffer.from(signDer(root.key, tbsCertList), 'latin1');
}

function platformPki(dir: string, root: Authority, platform: Authority, legacySealFingerprints: string[]): PlatformPki {
  const [rootNode] = nodeCertsFromPem(root.certPem);
  const [platNode] = nodeCertsFromPem(platform.certPem);
  const rootInfo = rootNode!.info;
  const platformInfo = platNode!.info;
  return {
    rootCertPem: root.certPem,
    platformCertPem: platform.certPem,
    get rootInfo() {
      return cloneInfo(rootInfo);
    },
    get platformInfo() {
      return cloneInfo(platformInfo);
    },
    dir,
    get sealTrust() {
      return { trustedRootsPem: [root.certPem], legacySealFingerprints: [...legacySealFingerprints] };
    },
    issueUserCertificate(input) {
      const csr = checkCsr(input.csrPem, input.expectedSubject);
      if (input.usage !== 'signing' && input.usage !== 'encryption') {
        throw pkiError('VALIDATION', 'CERT_WRONG_USAGE', "usage must be 'signing' or 'encryption'");
      }
      const pem = issue({
        issuer: root,
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
      return buildCrl(root, input);
    },
    signDetached(content) {
      return signCmsWith(content, platform.key, platNode!, [rootNode!], new Date());
    },
  };
}

// ---------------------------------------------------------------- files

function paths(dir: string) {
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

async function newKeyPem(bits: number): Promise<{ pem: string; key: KeyObject }> {
  const { privateKey } = await genRsa('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  return { pem, key: privateKey };
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
const SKEW_MS = 5 * 60 * 1000;

/**
 * Creates the development PKI in `dir` on the first call (root CA 10 years, RSA-3072; platform signing
 * certificate 5 years, RSA-2048; both valid from `now` − 5 minutes) and loads it afterwards. Safe to call
 * from several processes at once (a lock file serializes the creation).
 */
export async function ensureDevPki(dir: string, opts?: { now?: Date }): Promise<PlatformPki> {
  const p = paths(dir);
  const all = [p.rootKey, p.rootCrt, p.platformKey, p.platformCrt];
  if ((await Promise.all(all.map(exists))).every(Boolean) && (await sealIdentityOf(p.platformCrt))) return loadPlatformPki(dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await withLock(p.lock, async () => {
    const now = opts?.now ?? new Date();
    const notBefore = new Date(now.getTime() - SKEW_MS);
    const haveRoot = (await exists(p.rootKey)) && (await exists(p.rootCrt));
    let root: Authority;
    if (haveRoot) {
      root = authority(await readFile(p.rootKey, 'utf8'), await readFile(p.rootCrt, 'utf8'));
    } else {
      const { pem: keyPem, key } = await newKeyPem(3072);
      const certPem = issue({
        issuer: undefined,
        selfKey: key,
        subject: dnToAsn1(DEV_ROOT_SUBJECT),
        spki: spkiOf(key),
        notBefore,
        notAfter: new Date(now.getTime() + 10 * YEAR_MS),
        usage: ['keyCertSign', 'cRLSign'],
        ca: true,
      });
      await writeAtomic(p.rootKey, keyPem, 0o600);
      await writeAtomic(p.rootCrt, certPem, 0o644);
      root = authority(keyPem, certPem);
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
      const { pem: keyPem, key } = await newKeyPem(2048);
      const certPem = issue({
        issuer: root,
        subject: dnToAsn1(DEV_PLATFORM_SUBJECT),
        spki: spkiOf(key),
        notBefore,
        notAfter: new Date(now.getTime() + 5 * YEAR_MS),
        usage: SIGNING_USAGE,
        ca: false,
        policies: [PLATFORM_SEAL_POLICY_OID],
      });
      await writeAtomic(p.platformKey, keyPem, 0o600);
      await writeAtomic(p.platformCrt, certPem, 0o644);
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

/** Fingerprints of the archived seal certificates (platform-legacy-*.crt) that the root issued. */
async function legacySeals(dir: string, rootCrtPem: string): Promise<string[]> {
  const [rootNode] = nodeCertsFromPem(rootCrtPem);
  const names = (await readdir(dir)).filter((n) => /^platform-legacy-[0-9a-f]+\.crt$/.test(n)).sort();
  const out: string[] = [];
  for (const n of names) {
    const [c] = nodeCertsFromPem(await readFile(join(dir, n), 'utf8'));
    if (!c!.x509.checkIssued(rootNode!.x509) || !c!.x509.verify(rootNode!.x509.publicKey)) {
      throw pkiError('CONFIG_INVALID', 'CERT_UNTRUSTED', `${n} in ${dir} was not issued by root-ca.crt`);
    }
    out.push(c!.info.fingerprintSha256);
  }
  return out;
}

/**
 * Loads root-ca.{key,crt} and platform.{key,crt} from `dir` (and the archived platform-legacy-*.crt);
 * AppError CONFIG_INVALID if missing or inconsistent, or if platform.crt lacks the seal identity
 * (SEAL_IDENTITY_MISSING: issue a seal certificate with PLATFORM_SEAL_POLICY_OID; ensureDevPki does so).
 */
export async function loadPlatformPki(dir: string): Promise<PlatformPki> {
  const p = paths(dir);
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
    const [rootNode] = nodeCertsFromPem(rootCrtPem);
    const [platNode] = nodeCertsFromPem(platformCrtPem);
    if (!platNode!.x509.checkIssued(rootNode!.x509) || !platNode!.x509.verify(rootNode!.x509.publicKey)) {
      throw pkiError('CONFIG_INVALID', 'CERT_UNTRUSTED', `platform.crt in ${dir} was not issued by root-ca.crt`);
    }
    if (!hasPlatformSealIdentity(platNode!.info)) {
      throw pkiError('CONFIG_INVALID', 'SEAL_IDENTITY_MISSING', `platform.crt in ${dir} lacks the certificate policy ${PLATFORM_SEAL_POLICY_OID}`);
    }
    return platformPki(dir, root, platform, await legacySeals(dir, rootCrtPem));
  } catch (e) {
    // A broken file in the PKI directory is a configuration problem, not the caller's input.
    if (e instanceof AppError && e.code !== 'CONFIG_INVALID') {
      throw pkiError('CONFIG_INVALID', (e.details?.reason as PkiReason | undefined) ?? 'PKI_NOT_FOUND', `${dir}: ${e.messageEn}`, { dir }, e);
    }
    throw e;
  }
}
