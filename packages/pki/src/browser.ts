/**
 * @ebid/pki/browser: the bidder's side in the browser. Keys come from WebCrypto (forge's pure-JS keygen
 * takes seconds); forge's ASN.1 codec builds the CSR and CMS structures and reads/writes the .p12; the
 * signatures are computed by WebCrypto. No `node:` imports and no Node globals here or in the shared
 * modules this imports (asn1.ts, x509.ts, cms.ts, p12.ts, types.ts, webcrypto-sign.ts).
 *
 * Private keys: generated EXTRACTABLE so the user can first export the .p12 backup, then converted with
 * toNonExtractable() and stored in IndexedDB (keyStore), where the browser keeps them opaque.
 */
import { binToU8, der, parse, pemEncode, u8ToBin } from './asn1.ts';
import { buildP12, openP12 } from './p12.ts';
import { type CertInfo, type DnInput, pkiError } from './types.ts';
import { buildCsrInfo, certInfoOf, dnToAsn1, signedEnvelope } from './x509.ts';
import { ENC_ALG, PRIVATE_USAGES, SIGN_ALG, algFor, matchesUsage, parseCertPem, subtle, type Usage } from './webcrypto-sign.ts';

export type { CertFailReason, CertInfo, CmsFailReason, DnInput, KeyUsageName, PkiReason } from './types.ts';
export { PKI_REASONS, PKI_REASON_MESSAGES } from './types.ts';

/** RSASSA-PKCS1-v1_5/SHA-256 for signing and RSA-OAEP/SHA-256 for encryption, 2048 bits, extractable. */
export async function generateUserKeys(): Promise<{ signing: CryptoKeyPair; encryption: CryptoKeyPair }> {
  const params = { modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };
  const [signing, encryption] = await Promise.all([
    subtle().generateKey({ ...SIGN_ALG, ...params }, true, ['sign', 'verify']),
    subtle().generateKey({ ...ENC_ALG, ...params }, true, ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']),
  ]);
  return { signing, encryption };
}

/**
 * A key that can make an RSASSA-PKCS1-v1_5/SHA-256 signature: the key itself, or, for an (extractable)
 * RSA-OAEP key, the same PKCS#8 re-imported as a non-extractable signing key for the CSR's
 * proof-of-possession signature only.
 */
async function csrSigningKey(privateKey: CryptoKey): Promise<CryptoKey> {
  if (matchesUsage(privateKey, 'signing')) return privateKey;
  if (!privateKey.algorithm.name.startsWith('RSA')) throw pkiError('VALIDATION', 'KEY_INVALID', 'an RSA key is required');
  if (!privateKey.extractable) {
    throw pkiError('VALIDATION', 'KEY_INVALID', 'a non-signing key must be extractable to sign its CSR');
  }
  const pkcs8 = await subtle().exportKey('pkcs8', privateKey);
  return subtle().importKey('pkcs8', pkcs8, SIGN_ALG, false, ['sign']);
}

/** PKCS#10 request: CertificationRequestInfo built with forge ASN.1, signed by WebCrypto. */
export async function createCsrPemWithWebCrypto(keyPair: CryptoKeyPair, subject: DnInput): Promise<string> {
  const spki = u8ToBin(new Uint8Array(await subtle().exportKey('spki', keyPair.publicKey)));
  const info = buildCsrInfo(dnToAsn1(subject), parse(spki));
  const key = await csrSigningKey(keyPair.privateKey);
  const sig = await subtle().sign(SIGN_ALG.name, key, binToU8(der(info)));
  return pemEncode('CERTIFICATE REQUEST', der(signedEnvelope(info, u8ToBin(new Uint8Array(sig)))));
}

/** A .p12 backup of an extractable private key with its certificate (and chain). */
export async function exportP12(input: {
  privateKey: CryptoKey;
  certPem: string;
  chainPem?: string[];
  passphrase: string;
  friendlyName?: string;
}): Promise<Uint8Array> {
  if (!input.privateKey.extractable) {
    throw pkiError('VALIDATION', 'KEY_INVALID', 'the key is not extractable; a .p12 must be made before toNonExtractable()');
  }
  const pkcs8 = u8ToBin(new Uint8Array(await subtle().exportKey('pkcs8', input.privateKey)));
  const bin = buildP12({
    pkcs8,
    certPems: [input.certPem, ...(input.chainPem ?? [])],
    passphrase: input.passphrase,
    ...(input.friendlyName !== undefined ? { friendlyName: input.friendlyName } : {}),
  });
  return binToU8(bin);
}

/** Opens a .p12 and imports its key as a NON-extractable WebCrypto key for `usage`. */
export async function importP12(
  bytes: Uint8Array,
  passphrase: string,
  usage: Usage,
): Promise<{ privateKey: CryptoKey; certPem: string; chainPem: string[] }> {
  const opened = openP12(u8ToBin(bytes), passphrase);
  let privateKey: CryptoKey;
  try {
    privateKey = await subtle().importKey('pkcs8', binToU8(opened.pkcs8), algFor(usage), false, PRIVATE_USAGES[usage]);
  } catch (e) {
    throw pkiError('VALIDATION', 'KEY_INVALID', e instanceof Error ? e.message : String(e));
  }
  return { privateKey, certPem: opened.certPem, chainPem: opened.chainPem };
}

/** The same private key, re-imported as non-extractable for `usage` (a no-op for a key that already is). */
export async function toNonExtractable(privateKey: CryptoKey, usage: Usage): Promise<CryptoKey> {
  if (!privateKey.extractable) {
    if (matchesUsage(privateKey, usage)) return privateKey;
    throw pkiError('VALIDATION', 'KEY_INVALID', `the non-extractable key is not a ${usage} key`);
  }
  if (privateKey.type !== 'private') throw pkiError('VALIDATION', 'KEY_INVALID', 'a private key is required');
  const pkcs8 = await subtle().exportKey('pkcs8', privateKey);
  return subtle().importKey('pkcs8', pkcs8, algFor(usage), false, PRIVATE_USAGES[usage]);
}

/**
 * The same CertInfo as the Node entry's parseCertificate (for display: subject, validity, usage), from
 * forge ASN.1 alone. It checks no signature: trust decisions belong to the server.
 */
export function parseCertificate(pem: string): CertInfo {
  return certInfoOf(parseCertPem(pem));
}

// ---------------------------------------------------------------- IndexedDB key store

const DB_NAME = 'ebid-pki';
const STORE = 'keys';

function idb(): IDBFactory {
  const f = globalThis.indexedDB;
  if (!f) throw pkiError('UNAVAILABLE', 'KEY_INVALID', 'IndexedDB is not available');
  return f;
}

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const open = idb().open(DB_NAME, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE);
  };
  const db = await req(open);
  try {
    const tx = db.transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
    const [result] = await Promise.all([req(fn(tx.objectStore(STORE))), done]);
    return result;
  } finally {
    db.close();
  }
}

interface StoredKey {
  key: CryptoKey;
  certPem: string;
  savedAt: string;
}

/**
 * Private keys in IndexedDB (database "ebid-pki", store "keys"), as structured clones of
 * NON-extractable CryptoKeys: script on the page can use them but never read them out.
 */
export const keyStore = {
  async save(name: string, key: CryptoKey, certPem: string): Promise<void> {
    if (key.extractable) {
      throw pkiError('VALIDATION', 'KEY_INVALID', 'only non-extractable keys are stored; call toNonExtractable() first');
    }
    const value: StoredKey = { key, certPem, savedAt: new Date().toISOString() };
    await withStore('readwrite', (s) => s.put(value, name));
  },
  async load(name: string): Promise<{ key: CryptoKey; certPem: string } | null> {
    const v = (await withStore('readonly', (s) => s.get(name))) as StoredKey | undefined;
    return v ? { key: v.key, certPem: v.certPem } : null;
  },
  async remove(name: string): Promise<void> {
    await withStore('readwrite', (s) => s.delete(name));
  },
};

// ---------------------------------------------------------------- sealed-bid envelope (ENVELOPE.md)

export * from './signing-domains.ts';
export { signCmsDetachedAsWithWebCrypto, signCmsDetachedWithWebCrypto } from './webcrypto-sign.ts';

export * from './envelope/format.ts';
export {
  keyCommitmentOfWebCrypto,
  openPartWebCrypto,
  partHashOfBlob,
  sealPartWebCrypto,
  signOuterWebCrypto,
  unwrapContentKeyWebCrypto,
  type OpenPartWebCryptoResult,
  type SealPartWebCryptoInput,
  type SealPartWebCryptoResult,
} from './envelope/webcrypto.ts';
