/** Node-side key pairs, CSRs and .p12 files. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { der, parse, pemEncode } from './asn1.ts';
import { buildP12, openP12 } from './p12.ts';
import { type DnInput, pkiError } from './types.ts';
import { buildCsrInfo, dnToAsn1, signedEnvelope } from './x509.ts';

/** RSA-2048 (e = 65537) via node:crypto; PKCS#8 private key, SPKI public key, both PEM. */
export function generateKeyPairPem(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

function toError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function loadRsaPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw pkiError('VALIDATION', 'KEY_INVALID', toError(e));
  }
  if (key.asymmetricKeyType !== 'rsa') throw pkiError('VALIDATION', 'KEY_INVALID', 'an RSA key is required');
  return key;
}

/** PKCS#10 request signed (SHA-256 RSA) with the private key; the subject is encoded as UTF8String. */
export function createCsrPem(keys: { privateKeyPem: string; publicKeyPem: string }, subject: DnInput): string {
  const priv = loadRsaPrivateKey(keys.privateKeyPem);
  let pubDer: Buffer;
  try {
    pubDer = createPublicKey(keys.publicKeyPem).export({ type: 'spki', format: 'der' });
  } catch (e) {
    throw pkiError('VALIDATION', 'KEY_INVALID', toError(e));
  }
  if (!pubDer.equals(createPublicKey(priv).export({ type: 'spki', format: 'der' }))) {
    throw pkiError('VALIDATION', 'KEY_INVALID', 'the public key does not belong to the private key');
  }
  const info = buildCsrInfo(dnToAsn1(subject), parse(pubDer.toString('latin1')));
  const sig = cryptoSign('sha256', Buffer.from(der(info), 'latin1'), priv);
  return pemEncode('CERTIFICATE REQUEST', der(signedEnvelope(info, sig.toString('latin1'))));
}

/** .p12 (PBES2 AES-256-CBC, PBKDF2-HMAC-SHA256; HMAC-SHA1 MAC) with the certificate and chain. */
export function toP12(input: {
  privateKeyPem: string;
  certPem: string;
  chainPem?: string[];
  passphrase: string;
  friendlyName?: string;
}): Buffer {
  const key = loadRsaPrivateKey(input.privateKeyPem);
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' }).toString('latin1');
  const bin = buildP12({
    pkcs8,
    certPems: [input.certPem, ...(input.chainPem ?? [])],
    passphrase: input.passphrase,
    ...(input.friendlyName !== undefined ? { friendlyName: input.friendlyName } : {}),
  });
  return Buffer.from(bin, 'latin1');
}

/** Opens a .p12; a wrong passphrase throws AppError VALIDATION with details.reason P12_BAD_PASSPHRASE. */
export function fromP12(der: Uint8Array, passphrase: string): { privateKeyPem: string; certPem: string; chainPem: string[] } {
  const opened = openP12(Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('latin1'), passphrase);
  return { privateKeyPem: pemEncode('PRIVATE KEY', opened.pkcs8), certPem: opened.certPem, chainPem: opened.chainPem };
}
