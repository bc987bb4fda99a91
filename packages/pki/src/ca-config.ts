/**
 * The platform's CA in production (issue 15 §2), from either source:
 *
 * - an own CA in PKI_DIR (`ebid pki init`): root-ca.{key,crt}, self-signed, and the seal platform.{key,crt};
 * - the center's CA material by configuration (PKI_CA_*): the platform's issuing CA certificate that the
 *   center's CA issued (PEM with a PEM key, optionally encrypted, or a .p12 holding key, certificate and
 *   chain; the passphrase from the environment or a file), its chain up to the self-signed root, and the
 *   seal platform.{key,crt} in PKI_DIR, issued by that issuing CA (`ebid pki init` makes it).
 *
 * loadConfiguredPki checks everything a start must (the chain, every signature, the CA flags, each key
 * against its certificate, the validity at `at`, the seal policy; in production also that no development
 * CA is used and that no key file or the directory is open to other users) and refuses with an AppError
 * CONFIG_INVALID whose `details.problems` name the configuration key and the problem — never a secret.
 * pkiConfigProblems() gives them to the caller, which turns them into a ConfigError (@ebid/config).
 * initPlatformPki creates the files, refusing to overwrite any.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdir, readFile, readdir, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '@ebid/domain/errors';
import { pemDecodeAll, pemEncode } from './asn1.ts';
import {
  type Authority,
  type PkiNames,
  type PlatformPki,
  CA_USAGE,
  authority,
  buildPlatformPki,
  createFilesExclusively,
  isDevelopmentCa,
  isSelfSigned,
  keyMatches,
  legacySeals,
  newRoot,
  newSeal,
  pkiPaths,
  productionRootSubject,
} from './node-ca.ts';
import { type NodeCert, hasPlatformSealIdentity, nodeCert } from './node-verify.ts';
import { fromP12 } from './node-keys.ts';
import { type CertInfo, PLATFORM_SEAL_POLICY_OID, type PkiReason, pkiError } from './types.ts';

/** The center's CA files (the shape of @ebid/config's PkiCaFiles). */
export interface CaFilesInput {
  /** PEM certificate (further certificates in it count as its chain), or a .p12/.pfx. */
  certFile: string;
  /** PEM private key (absent with a .p12). */
  keyFile: string | null;
  passphrase: { from: 'env'; value: string } | { from: 'file'; file: string } | null;
  /** PEM certificates from the issuer of certFile up to the self-signed root. */
  chainFile: string | null;
}

export interface PkiSource {
  /** PKI_DIR: the seal, and an own CA's root. */
  dir: string;
  /** PKI_CA_*; null = the own CA in `dir`. */
  ca: CaFilesInput | null;
}

export interface LoadPkiOptions {
  /** Production: refuse a development CA and key files or a directory open to other users. */
  production: boolean;
  /** Refuse a certificate that is not valid at this instant (omitted: validity is not judged). */
  at?: Date;
}

export interface PkiConfigProblem {
  /** The configuration key to fix: PKI_DIR, PKI_CA_CERT, PKI_CA_KEY, PKI_CA_CHAIN, PKI_CA_PASSPHRASE[_FILE]. */
  key: string;
  /** What is wrong, in words an operator can act on; never a secret value. */
  problem: string;
}

function refuse(reason: PkiReason, problems: PkiConfigProblem[], cause?: unknown): AppError {
  return pkiError('CONFIG_INVALID', reason, problems.map((p) => `${p.key}: ${p.problem}`).join('; '), { problems }, cause);
}

function fail(reason: PkiReason, key: string, problem: string, cause?: unknown): never {
  throw refuse(reason, [{ key, problem }], cause);
}

/** The configuration problems of a refusal by loadConfiguredPki / initPlatformPki, or null for any other error. */
export function pkiConfigProblems(e: unknown): PkiConfigProblem[] | null {
  if (!(e instanceof AppError) || e.code !== 'CONFIG_INVALID') return null;
  const p = e.details?.problems;
  return Array.isArray(p) ? (p as PkiConfigProblem[]) : null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

const isP12 = (file: string) => /\.(p12|pfx)$/i.test(file);

// ---------------------------------------------------------------- permissions

async function modeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mode;
  } catch {
    return null;
  }
}

/** Production: the directory itself must be closed to group and others (when it exists). */
async function dirPermissionProblems(dir: string): Promise<PkiConfigProblem[]> {
  const mode = await modeOf(dir);
  if (mode === null || (mode & 0o077) === 0) return [];
  return [{ key: 'PKI_DIR', problem: `the directory is accessible by group or others (mode ${(mode & 0o777).toString(8)}; chmod 700)` }];
}

/** Production: every private key file (and the passphrase file) must be readable by the server's user only. */
async function keyFilePermissionProblems(src: PkiSource): Promise<PkiConfigProblem[]> {
  const p = pkiPaths(src.dir);
  const files: { key: string; path: string; label: string }[] = [{ key: 'PKI_DIR', path: p.platformKey, label: 'platform.key' }];
  if (!src.ca) files.push({ key: 'PKI_DIR', path: p.rootKey, label: 'root-ca.key' });
  const legacy = (await readdir(src.dir).catch(() => [] as string[])).filter((n) => /^platform-legacy-[0-9a-f]+\.key$/.test(n));
  for (const n of legacy.sort()) files.push({ key: 'PKI_DIR', path: `${src.dir}/${n}`, label: n });
  if (src.ca) {
    if (src.ca.keyFile) files.push({ key: 'PKI_CA_KEY', path: src.ca.keyFile, label: 'the key file' });
    if (isP12(src.ca.certFile)) files.push({ key: 'PKI_CA_CERT', path: src.ca.certFile, label: 'the .p12 file' });
    if (src.ca.passphrase?.from === 'file') files.push({ key: 'PKI_CA_PASSPHRASE_FILE', path: src.ca.passphrase.file, label: 'the passphrase file' });
  }
  const out: PkiConfigProblem[] = [];
  for (const f of files) {
    const mode = await modeOf(f.path);
    if (mode !== null && (mode & 0o077) !== 0) {
      out.push({ key: f.key, problem: `${f.label} is readable or writable by group or others (mode ${(mode & 0o777).toString(8)}; chmod 600)` });
    }
  }
  return out;
}

// ---------------------------------------------------------------- reading

async function readText(path: string, key: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail('PKI_NOT_FOUND', key, code === 'ENOENT' ? `${what} does not exist` : `cannot read ${what} (${code ?? 'error'})`, e);
  }
}

/** Every certificate of a PEM text; a text without one, or a broken one, is refused under `key`. */
function certsOf(pem: string, key: string, what: string): NodeCert[] {
  let ders: string[];
  try {
    ders = pemDecodeAll(pem, ['CERTIFICATE']);
    if (ders.length === 0) throw new Error('no CERTIFICATE block');
    return ders.map((d) => nodeCert(d));
  } catch (e) {
    fail('CERT_MALFORMED', key, `${what} is not a readable PEM certificate`, e);
  }
}

async function passphraseOf(ca: CaFilesInput): Promise<{ value: string; key: string } | null> {
  const p = ca.passphrase;
  if (!p) return null;
  if (p.from === 'env') return { value: p.value, key: 'PKI_CA_PASSPHRASE' };
  const text = (await readText(p.file, 'PKI_CA_PASSPHRASE_FILE', 'the passphrase file')).replace(/\r?\n$/, '');
  if (text === '') fail('PKI_PASSPHRASE_INVALID', 'PKI_CA_PASSPHRASE_FILE', 'the passphrase file is empty');
  return { value: text, key: 'PKI_CA_PASSPHRASE_FILE' };
}

function rsaKey(key: KeyObject, cfgKey: string, what: string): KeyObject {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa') fail('KEY_INVALID', cfgKey, `${what} is not an RSA private key (the platform signs with RSA)`);
  return key;
}

function pemKey(pem: string, cfgKey: string, what: string, passphrase: { value: string; key: string } | null): KeyObject {
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem);
  if (encrypted && !passphrase) fail('PKI_PASSPHRASE_INVALID', 'PKI_CA_PASSPHRASE', `required: ${what} is encrypted (or set PKI_CA_PASSPHRASE_FILE)`);
  try {
    const key = encrypted ? createPrivateKey({ key: pem, format: 'pem', passphrase: passphrase!.value }) : createPrivateKey(pem);
    return rsaKey(key, cfgKey, what);
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (encrypted) fail('PKI_PASSPHRASE_INVALID', passphrase!.key, `wrong passphrase: ${what} cannot be decrypted with it`);
    fail('KEY_INVALID', cfgKey, `${what} is not a readable PEM private key`, e);
  }
}

interface Origin {
  /** the configuration key that names the file a certificate came from */
  key: string;
  /** how to name it in a message */
  label: (c: NodeCert) => string;
}

interface Issuing {
  issuing: Authority;
  /** the certificates above the issuing CA, its issuer first, the root last */
  above: NodeCert[];
  originOf: (c: NodeCert) => Origin;
}

const dnLabel = (c: NodeCert) => `the certificate "${c.info.subjectDn}"`;

function checkCa(c: NodeCert, origin: Origin): void {
  const ku = c.info.keyUsage;
  if (!c.info.isCa || !CA_USAGE.every((u) => ku.includes(u))) {
    fail('CERT_WRONG_USAGE', origin.key, `${origin.label(c)} is not a CA certificate (it needs basicConstraints cA=true and keyUsage keyCertSign, cRLSign)`);
  }
}

function checkTime(c: NodeCert, origin: Origin, at: Date | undefined): void {
  if (!at) return;
  if (at.getTime() < c.info.notBefore.getTime()) fail('CERT_NOT_YET_VALID', origin.key, `${origin.label(c)} is not valid before ${day(c.info.notBefore)}`);
  if (at.getTime() > c.info.notAfter.getTime()) fail('CERT_EXPIRED', origin.key, `${origin.label(c)} expired on ${day(c.info.notAfter)}`);
}

/** The own CA in PKI_DIR: root-ca.key + root-ca.crt, a self-signed CA. */
async function ownIssuing(dir: string): Promise<Issuing> {
  const p = pkiPaths(dir);
  const origin: Origin = { key: 'PKI_DIR', label: () => 'root-ca.crt' };
  const crt = await readText(p.rootCrt, 'PKI_DIR', 'root-ca.crt (run `ebid pki init`)');
  const keyPem = await readText(p.rootKey, 'PKI_DIR', 'root-ca.key (run `ebid pki init`)');
  const [cert] = certsOf(crt, 'PKI_DIR', 'root-ca.crt');
  const key = pemKey(keyPem, 'PKI_DIR', 'root-ca.key', null);
  if (!keyMatches(key, cert!)) fail('KEY_CERT_MISMATCH', 'PKI_DIR', 'root-ca.key does not match root-ca.crt (the key does not match the certificate)');
  checkCa(cert!, origin);
  if (!isSelfSigned(cert!)) fail('CERT_UNTRUSTED', 'PKI_DIR', 'root-ca.crt is not self-signed: it does not chain to a trusted root (give an issuing CA by PKI_CA_CERT and PKI_CA_CHAIN instead)');
  return { issuing: authority(key, pemEncode('CERTIFICATE', cert!.parsed.der)), above: [], originOf: () => origin };
}

/** The center's CA by configuration: PKI_CA_CERT (+ PKI_CA_KEY or inside the .p12) and its chain. */
async function configuredIssuing(ca: CaFilesInput): Promise<Issuing> {
  const passphrase = await passphraseOf(ca);
  let key: KeyObject;
  let cert: NodeCert;
  const pool: { c: NodeCert; origin: Origin }[] = [];
  const certOrigin: Origin = { key: 'PKI_CA_CERT', label: () => 'the certificate' };
  if (isP12(ca.certFile)) {
    let bin: Buffer;
    try {
      bin = await readFile(ca.certFile);
    } catch (e) {
      fail('PKI_NOT_FOUND', 'PKI_CA_CERT', `cannot read the .p12 file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, e);
    }
    if (!passphrase) fail('PKI_PASSPHRASE_INVALID', 'PKI_CA_PASSPHRASE', 'required to open the .p12 PKI_CA_CERT (or PKI_CA_PASSPHRASE_FILE)');
    let opened: { privateKeyPem: string; certPem: string; chainPem: string[] };
    try {
      opened = fromP12(bin, passphrase.value);
    } catch (e) {
      const reason = e instanceof AppError ? e.details?.reason : undefined;
      if (reason === 'P12_BAD_PASSPHRASE') fail('PKI_PASSPHRASE_INVALID', passphrase.key, 'wrong passphrase: the .p12 PKI_CA_CERT cannot be opened with it', e);
      if (reason === 'P12_PASSPHRASE_UNSUPPORTED') fail('PKI_PASSPHRASE_INVALID', passphrase.key, 'a .p12 passphrase must be printable ASCII', e);
      fail('CERT_MALFORMED', 'PKI_CA_CERT', 'not a readable PKCS#12 file with a private key and its certificate', e);
    }
    key = pemKey(opened.privateKeyPem, 'PKI_CA_CERT', 'the key in the .p12', null);
    cert = certsOf(opened.certPem, 'PKI_CA_CERT', 'the certificate in the .p12')[0]!;
    const inP12: Origin = { key: 'PKI_CA_CERT', label: (c) => `${dnLabel(c)} (in the .p12)` };
    for (const pem of opened.chainPem) for (const c of certsOf(pem, 'PKI_CA_CERT', 'a certificate in the .p12')) pool.push({ c, origin: inP12 });
  } else {
    const certs = certsOf(await readText(ca.certFile, 'PKI_CA_CERT', 'the certificate file'), 'PKI_CA_CERT', 'the certificate file');
    cert = certs[0]!;
    for (const c of certs.slice(1)) pool.push({ c, origin: { key: 'PKI_CA_CERT', label: dnLabel } });
    if (!ca.keyFile) fail('KEY_INVALID', 'PKI_CA_KEY', 'required with a PEM PKI_CA_CERT');
    key = pemKey(await readText(ca.keyFile, 'PKI_CA_KEY', 'the key file'), 'PKI_CA_KEY', 'the key', passphrase);
  }
  if (ca.chainFile) {
    const chainOrigin: Origin = { key: 'PKI_CA_CHAIN', label: dnLabel };
    for (const c of certsOf(await readText(ca.chainFile, 'PKI_CA_CHAIN', 'the chain file'), 'PKI_CA_CHAIN', 'the chain file')) pool.push({ c, origin: chainOrigin });
  }
  if (!keyMatches(key, cert)) {
    fail('KEY_CERT_MISMATCH', isP12(ca.certFile) ? 'PKI_CA_CERT' : 'PKI_CA_KEY', 'the key does not match the certificate (PKI_CA_CERT)');
  }
  checkCa(cert, certOrigin);
  // The path up to a self-signed root, each certificate issued (name and signature) by the next.
  const above: NodeCert[] = [];
  const origins = new Map<NodeCert, Origin>([[cert, certOrigin]]);
  let cur = cert;
  for (let depth = 0; !isSelfSigned(cur); depth++) {
    const next = pool.find(({ c }) => c !== cur && !above.includes(c) && signedBy(cur, c));
    if (!next || depth >= 8) {
      const who = cur === cert ? 'PKI_CA_CERT' : `"${cur.info.subjectDn}"`;
      if (pool.length === 0) {
        fail('CERT_UNTRUSTED', 'PKI_CA_CHAIN', `missing: ${who} is not self-signed, so its issuer's certificates up to the root are needed (does not chain to a trusted root)`);
      }
      fail('CERT_UNTRUSTED', 'PKI_CA_CHAIN', `${who} does not chain to a trusted root: its issuer "${cur.info.issuerDn}" is not among the given certificates`);
    }
    checkCa(next.c, next.origin);
    above.push(next.c);
    origins.set(next.c, next.origin);
    cur = next.c;
  }
  return { issuing: authority(key, pemEncode('CERTIFICATE', cert.parsed.der)), above, originOf: (c) => origins.get(c) ?? certOrigin };
}

function signedBy(child: NodeCert, parent: NodeCert): boolean {
  try {
    return child.x509.checkIssued(parent.x509) && child.x509.verify(parent.x509.publicKey);
  } catch {
    return false;
  }
}

/** The issuing authority and its chain, checked (CA flags, signatures, validity at `at`, no development CA in production). */
async function loadIssuing(src: PkiSource, opts: LoadPkiOptions): Promise<Issuing> {
  const got = src.ca ? await configuredIssuing(src.ca) : await ownIssuing(src.dir);
  const chain = [got.issuing.node, ...got.above];
  if (opts.production) {
    for (const c of chain) {
      if (isDevelopmentCa(c.info)) {
        const o = got.originOf(c);
        fail('DEV_CA_IN_PRODUCTION', o.key, `${o.label(c)} is a development CA: a development CA is not allowed in production`);
      }
    }
  }
  for (const c of chain) checkTime(c, got.originOf(c), opts.at);
  return got;
}

/** The seal platform.{key,crt} in PKI_DIR: its key, issued by the issuing CA, the seal policy, valid at `at`. */
async function loadSeal(dir: string, issuing: Issuing, own: boolean, at: Date | undefined): Promise<Authority> {
  const p = pkiPaths(dir);
  const crt = await readText(p.platformCrt, 'PKI_DIR', 'platform.crt (run `ebid pki init`)');
  const keyPem = await readText(p.platformKey, 'PKI_DIR', 'platform.key (run `ebid pki init`)');
  const [cert] = certsOf(crt, 'PKI_DIR', 'platform.crt');
  const key = pemKey(keyPem, 'PKI_DIR', 'platform.key', null);
  if (!keyMatches(key, cert!)) fail('KEY_CERT_MISMATCH', 'PKI_DIR', 'platform.key does not match platform.crt (the key does not match the certificate)');
  if (!signedBy(cert!, issuing.issuing.node)) {
    fail('CERT_UNTRUSTED', 'PKI_DIR', `platform.crt was not issued by the platform's issuing CA (${own ? 'root-ca.crt' : 'PKI_CA_CERT'}): it does not chain to the configured root`);
  }
  if (!hasPlatformSealIdentity(cert!.info)) {
    fail('SEAL_IDENTITY_MISSING', 'PKI_DIR', `platform.crt lacks the platform seal policy ${PLATFORM_SEAL_POLICY_OID} (issue a new seal with \`ebid pki init\` in an empty PKI_DIR)`);
  }
  checkTime(cert!, { key: 'PKI_DIR', label: () => 'platform.crt' }, at);
  return authority(key, pemEncode('CERTIFICATE', cert!.parsed.der));
}

/**
 * The platform's PKI from PKI_DIR (own CA) or PKI_CA_* (the center's CA) and the seal in PKI_DIR, every
 * check made; a refusal is an AppError CONFIG_INVALID with `details.problems` (pkiConfigProblems).
 */
export async function loadConfiguredPki(src: PkiSource, opts: LoadPkiOptions): Promise<PlatformPki> {
  if (opts.production) {
    if ((await modeOf(src.dir)) === null) fail('PKI_NOT_FOUND', 'PKI_DIR', 'the directory does not exist (run `ebid pki init`)');
    const problems = [...(await dirPermissionProblems(src.dir)), ...(await keyFilePermissionProblems(src))];
    if (problems.length > 0) throw refuse('PKI_FILE_PERMISSIONS', problems);
  }
  const issuing = await loadIssuing(src, opts);
  const seal = await loadSeal(src.dir, issuing, !src.ca, opts.at);
  let legacy: string[];
  try {
    legacy = await legacySeals(src.dir, [issuing.issuing.node, ...issuing.above]);
  } catch (e) {
    fail('CERT_UNTRUSTED', 'PKI_DIR', `an archived seal certificate (platform-legacy-*.crt) was not issued by the platform CA`, e);
  }
  return buildPlatformPki({ dir: src.dir, issuing: issuing.issuing, above: issuing.above, seal, legacySealFingerprints: legacy });
}

// ---------------------------------------------------------------- ebid pki init

async function fileExists(path: string): Promise<boolean> {
  return (await modeOf(path)) !== null;
}

/**
 * `ebid pki init`: with an own CA, a root (RSA-3072, 20 years; O = the center, CN "<center> 根证书") and
 * the seal (RSA-2048, 5 years; O = the platform, CN "<platform> 平台签章", the seal policy) in `dir`; with
 * the center's CA configured, only the seal, issued by that CA (checked as at a start first). Keys 0600,
 * the directory 0700. Refuses (PKI_EXISTS, nothing written) when any of the files exists; writes all or
 * nothing, never replacing a file. Returns the files created and the PKI as a start will load it.
 */
export async function initPlatformPki(p: {
  src: PkiSource;
  names: PkiNames;
  production: boolean;
  now?: Date;
}): Promise<{ created: string[]; pki: PlatformPki }> {
  const { src } = p;
  const now = p.now ?? new Date();
  const paths = pkiPaths(src.dir);
  const targets = src.ca ? [paths.platformKey, paths.platformCrt] : [paths.rootKey, paths.rootCrt, paths.platformKey, paths.platformCrt];
  for (const t of targets) {
    if (await fileExists(t)) fail('PKI_EXISTS', 'PKI_DIR', `${basename(t)} already exists in ${src.dir}; refusing to overwrite (nothing was written)`);
  }
  if (p.production) {
    const problems = await dirPermissionProblems(src.dir);
    if (src.ca) problems.push(...(await keyFilePermissionProblems(src)).filter((x) => x.key !== 'PKI_DIR'));
    if (problems.length > 0) throw refuse('PKI_FILE_PERMISSIONS', problems);
  }
  let files: { path: string; data: string; mode: number }[];
  if (src.ca) {
    const issuing = await loadIssuing(src, { production: p.production, at: now });
    const seal = await newSeal(issuing.issuing, p.names, now);
    files = [
      { path: paths.platformKey, data: seal.keyPem, mode: 0o600 },
      { path: paths.platformCrt, data: seal.certPem, mode: 0o644 },
    ];
  } else {
    const root = await newRoot(productionRootSubject(p.names), now, 20);
    const seal = await newSeal(authority(root.keyPem, root.certPem), p.names, now);
    files = [
      { path: paths.rootKey, data: root.keyPem, mode: 0o600 },
      { path: paths.rootCrt, data: root.certPem, mode: 0o644 },
      { path: paths.platformKey, data: seal.keyPem, mode: 0o600 },
      { path: paths.platformCrt, data: seal.certPem, mode: 0o644 },
    ];
  }
  await mkdir(src.dir, { recursive: true, mode: 0o700 });
  try {
    await createFilesExclusively(files);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      const dest = (e as NodeJS.ErrnoException & { dest?: string }).dest ?? (e as NodeJS.ErrnoException).path ?? '';
      fail('PKI_EXISTS', 'PKI_DIR', `${basename(dest)} appeared in ${src.dir} meanwhile; refusing to overwrite (nothing was written)`, e);
    }
    throw e;
  }
  const pki = await loadConfiguredPki(src, { production: p.production, at: now });
  return { created: files.map((f) => f.path), pki };
}

// ---------------------------------------------------------------- expiry

export interface PlatformCertExpiry {
  role: 'root' | 'intermediate' | 'issuing' | 'seal';
  subject: string;
  /** ISO 8601 */
  notAfter: string;
  /** whole days from `now` to notAfter (negative once expired) */
  daysLeft: number;
  /** within the warning window (or expired) */
  expiring: boolean;
}

export interface PlatformPkiExpiry {
  status: 'ok' | 'expiring';
  certificates: PlatformCertExpiry[];
}

/** Each platform certificate's end and whether it falls within `warningDays` of `now` (PKI_EXPIRY_WARNING_DAYS). */
export function platformPkiExpiry(certs: readonly { role: PlatformCertExpiry['role']; info: Pick<CertInfo, 'subjectDn' | 'notAfter'> }[], now: Date, warningDays: number): PlatformPkiExpiry {
  const DAY = 86_400_000;
  const certificates = certs.map((c) => {
    const ms = c.info.notAfter.getTime() - now.getTime();
    return {
      role: c.role,
      subject: c.info.subjectDn,
      notAfter: c.info.notAfter.toISOString(),
      daysLeft: Math.floor(ms / DAY),
      expiring: ms <= warningDays * DAY,
    };
  });
  return { status: certificates.some((c) => c.expiring) ? 'expiring' : 'ok', certificates };
}
