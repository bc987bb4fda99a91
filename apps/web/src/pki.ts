/**
 * The browser's certificate work (DESIGN §5): keys generated with WebCrypto and kept non-extractable in
 * IndexedDB, CSRs, .p12 backups, and the detached CMS signature of certificate login. `@ebid/pki/browser`
 * brings node-forge with it, so it is loaded on demand (dynamic import) by the pages that need it and
 * never weighs on the portal's first load.
 */
import type * as PkiBrowser from '@ebid/pki/browser';
import type { ApiClient, RouterOutputs } from './api.ts';
import { AppError, type AppErrorCode } from '@ebid/domain';
import { bytesToBase64, checkImportedCert, keyStoreName, rememberKey, utf8, type CertUsage, type ImportContext, type ImportRefusalReason } from './certs.ts';

export type Pki = typeof PkiBrowser;

let loading: Promise<Pki> | null = null;

/** The browser PKI module, loaded once (a failed load, e.g. a dropped network, is retried next time). */
export function loadPki(): Promise<Pki> {
  loading ??= import('@ebid/pki/browser').catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

export interface SigningKey {
  privateKey: CryptoKey;
  certPem: string;
}

export type Session = RouterOutputs['auth']['certLogin'];

/**
 * Certificate login: a fresh challenge, signed (detached CMS over its UTF-8 bytes) by the user's key —
 * only if it is a login challenge for this page's own origin (`ebid-login:v1:<origin>:<nonce>`, issue
 * 14 §5): whatever else a server hands over (a bid manifest, another site's challenge) is not signed.
 */
export async function certificateSignIn(api: ApiClient, key: SigningKey, pki?: Pki, origin: string | undefined = globalThis.location?.origin): Promise<Session> {
  const p = pki ?? (await loadPki());
  const { challenge } = await api.auth.certChallenge.mutate();
  const der = await p.signCmsDetachedAsWithWebCrypto('login', utf8(challenge), key, origin === undefined ? {} : { origin });
  return api.auth.certLogin.mutate({ challenge, signature: bytesToBase64(der) });
}

const REFUSAL_CODES: Partial<Record<ImportRefusalReason, AppErrorCode>> = {
  CERT_REVOKED: 'CERT_REVOKED',
  CERT_EXPIRED: 'CERT_EXPIRED',
  CERT_NOT_YET_VALID: 'CERT_NOT_YET_VALID',
};

/**
 * Read a .p12 backup (its key and certificate) with its passphrase, for the `usage` slot it was chosen
 * in. Its certificate is checked at once (checkImportedCert: usage, and — as far as `check` tells —
 * the signed-in user and company, the server's record and the server's clock), so a wrong file is
 * refused here, before anything is kept or sealed.
 */
export async function readP12(file: Blob, passphrase: string, usage: CertUsage, pki?: Pki, check: ImportContext = {}) {
  const p = pki ?? (await loadPki());
  const bytes = new Uint8Array(await file.arrayBuffer());
  const opened = await p.importP12(bytes, passphrase, usage);
  const fileName = check.fileName ?? (file instanceof File ? file.name : undefined);
  const refusal = checkImportedCert(p.parseCertificate(opened.certPem), usage, { ...check, fileName });
  if (refusal) {
    throw new AppError(REFUSAL_CODES[refusal.reason] ?? 'CERT_INVALID', { zh: refusal.zh, en: refusal.en }, { field: 'p12', usage, reason: refusal.reason });
  }
  return opened;
}

/** The key of a user this browser keeps, or null when IndexedDB has none under that name. */
export async function loadSavedKey(name: string, pki?: Pki): Promise<SigningKey | null> {
  const p = pki ?? (await loadPki());
  const saved = await p.keyStore.load(name);
  return saved ? { privateKey: saved.key, certPem: saved.certPem } : null;
}

export type Certificate = RouterOutputs['cert']['list'][number];

/** The caller's own certificates (`cert.list`), shared by 我的证书 and the import of .p12 backups. */
export const certQueryKey = ['cert', 'list'] as const;

/** The steps of applying for certificates, in order (the UI shows them as a step bar). */
export const APPLY_STEPS = ['keys', 'csr', 'issue', 'backup', 'store'] as const;
export type ApplyStep = (typeof APPLY_STEPS)[number];

export interface ApplyInput {
  username: string;
  /** The certificate subject the platform expects: the person and the organization (with its credit code). */
  subject: { commonName: string; organizationName: string; serialNumber: string; countryName: string };
  /** Protects the two .p12 backups. */
  passphrase: string;
}

export interface ApplyResult {
  signing: { cert: Certificate; p12: Uint8Array<ArrayBuffer> };
  encryption: { cert: Certificate; p12: Uint8Array<ArrayBuffer> };
  caCertPem: string;
  /** Whether the keys were kept in this browser's IndexedDB (the backups are the only copy otherwise). */
  stored: boolean;
  storeError?: unknown;
}

export class ApplyCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ApplyCancelled';
  }
}

/**
 * Generate two key pairs in the browser, send their CSRs, and turn what the CA returns into two .p12
 * backups and two non-extractable keys in IndexedDB. Cancelling is possible until the request is sent;
 * after that the new certificates replace the old ones, so the keys must be kept.
 */
export async function applyForCertificates(
  api: ApiClient,
  input: ApplyInput,
  opts: { onStep?: (step: ApplyStep) => void; signal?: AbortSignal; pki?: Pki } = {},
): Promise<ApplyResult> {
  const check = () => {
    if (opts.signal?.aborted) throw new ApplyCancelled();
  };
  const step = (s: ApplyStep) => {
    check();
    opts.onStep?.(s);
  };
  const pki = opts.pki ?? (await loadPki());

  step('keys');
  const keys = await pki.generateUserKeys();

  step('csr');
  const signingCsrPem = await pki.createCsrPemWithWebCrypto(keys.signing, input.subject);
  const encryptionCsrPem = await pki.createCsrPemWithWebCrypto(keys.encryption, input.subject);

  step('issue');
  const issued = await api.cert.issue.mutate({ signingCsrPem, encryptionCsrPem });

  opts.onStep?.('backup');
  const backup = async (usage: CertUsage) =>
    new Uint8Array(
      await pki.exportP12({
        privateKey: keys[usage].privateKey,
        certPem: issued[usage].pem,
        chainPem: [issued.caCertPem],
        passphrase: input.passphrase,
        friendlyName: `${input.username}-${usage}`,
      }),
    );
  const signingP12 = await backup('signing');
  const encryptionP12 = await backup('encryption');

  opts.onStep?.('store');
  let stored = true;
  let storeError: unknown;
  try {
    for (const usage of ['signing', 'encryption'] as const) {
      const key = await pki.toNonExtractable(keys[usage].privateKey, usage);
      const name = keyStoreName(input.username, usage);
      await pki.keyStore.save(name, key, issued[usage].pem);
      rememberKey({
        name,
        usage,
        username: input.username,
        subjectDn: issued[usage].subjectDn,
        serialHex: issued[usage].serialHex,
        notAfter: issued[usage].notAfter,
        savedAt: new Date().toISOString(),
      });
    }
  } catch (e) {
    // Private mode or a full disk: the certificates exist, and the backups hold the keys.
    stored = false;
    storeError = e;
  }
  return {
    signing: { cert: issued.signing, p12: signingP12 },
    encryption: { cert: issued.encryption, p12: encryptionP12 },
    caCertPem: issued.caCertPem,
    stored,
    ...(storeError === undefined ? {} : { storeError }),
  };
}
