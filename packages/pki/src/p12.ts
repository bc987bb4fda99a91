/**
 * PKCS#12 through node-forge (browser-safe). Key bag: PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC; MAC:
 * HMAC-SHA1 (PKCS#12 KDF), which OpenSSL 3 reads without `-legacy`.
 *
 * Passphrases are limited to printable ASCII: forge's pure-JS PBKDF2 (the browser path) feeds the
 * passphrase's UTF-16 code units to HMAC instead of its UTF-8 bytes, so a non-ASCII passphrase would
 * give files that OpenSSL, Node and the browser disagree about.
 */
import forge from './forge.ts';
import { Asn1Error, pemDecodeAll, pemEncode } from './asn1.ts';
import { pkiError } from './types.ts';
import { parseCertDer } from './x509.ts';

export const P12_ITERATIONS = 10_000;

export function checkPassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string' || passphrase.length === 0 || !/^[\x20-\x7e]+$/.test(passphrase)) {
    throw pkiError('VALIDATION', 'P12_PASSPHRASE_UNSUPPORTED', 'the passphrase must be non-empty printable ASCII');
  }
}

function certsFromPems(pems: string[]): string[] {
  const out: string[] = [];
  for (const pem of pems) {
    let ders: string[];
    try {
      ders = pemDecodeAll(pem, ['CERTIFICATE']);
      for (const d of ders) parseCertDer(d);
    } catch (e) {
      throw pkiError('VALIDATION', 'CERT_MALFORMED', e instanceof Error ? e.message : String(e));
    }
    if (ders.length === 0) throw pkiError('VALIDATION', 'CERT_MALFORMED', 'no CERTIFICATE block');
    out.push(...ders);
  }
  return out;
}

/** DER PFX. `pkcs8` is a DER PrivateKeyInfo (RSA); `certPems[0]` is the key's certificate. */
export function buildP12(p: { pkcs8: string; certPems: string[]; passphrase: string; friendlyName?: string }): string {
  checkPassphrase(p.passphrase);
  let key: forge.pki.rsa.PrivateKey;
  try {
    key = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(p.pkcs8)) as forge.pki.rsa.PrivateKey;
  } catch (e) {
    throw pkiError('VALIDATION', 'KEY_INVALID', `not an RSA PKCS#8 key: ${e instanceof Error ? e.message : String(e)}`);
  }
  const certDers = certsFromPems(p.certPems);
  let certs: forge.pki.Certificate[];
  try {
    // forge's own certificate objects keep the parsed TBSCertificate and re-emit it byte for byte.
    certs = certDers.map((d) => forge.pki.certificateFromAsn1(forge.asn1.fromDer(d)));
  } catch (e) {
    throw pkiError('VALIDATION', 'CERT_MALFORMED', `only RSA certificates can go in a .p12: ${String(e)}`);
  }
  const leaf = certs[0];
  if (leaf && !(leaf.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n)) {
    throw pkiError('VALIDATION', 'KEY_CERT_MISMATCH');
  }
  const options: Record<string, unknown> = {
    algorithm: 'aes256',
    prfAlgorithm: 'sha256',
    count: P12_ITERATIONS,
    saltSize: 16,
    generateLocalKeyId: true,
  };
  if (p.friendlyName !== undefined) options.friendlyName = p.friendlyName;
  const pfx = forge.pkcs12.toPkcs12Asn1(key, certs, p.passphrase, options);
  return forge.asn1.toDer(pfx).getBytes();
}

export interface OpenedP12 {
  /** DER PrivateKeyInfo */
  pkcs8: string;
  certPem: string;
  chainPem: string[];
}

function isPassphraseError(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e);
  return /Invalid password|wrong password|MAC could not be verified/i.test(m);
}

export function openP12(bin: string, passphrase: string): OpenedP12 {
  if (typeof passphrase !== 'string') throw pkiError('VALIDATION', 'P12_BAD_PASSPHRASE');
  let asn: forge.asn1.Asn1;
  try {
    asn = forge.asn1.fromDer(bin);
  } catch (e) {
    throw pkiError('VALIDATION', 'P12_MALFORMED', e instanceof Error ? e.message : String(e));
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn, false, passphrase);
  } catch (e) {
    if (isPassphraseError(e)) throw pkiError('VALIDATION', 'P12_BAD_PASSPHRASE', undefined, undefined, e);
    throw pkiError('VALIDATION', 'P12_MALFORMED', e instanceof Error ? e.message : String(e));
  }
  const O = forge.pki.oids;
  const keyBags = [
    ...(p12.getBags({ bagType: O.pkcs8ShroudedKeyBag! })[O.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: O.keyBag! })[O.keyBag!] ?? []),
  ];
  const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw pkiError('VALIDATION', 'P12_MALFORMED', 'no RSA private key in the .p12');
  const certBags = p12.getBags({ bagType: O.certBag! })[O.certBag!] ?? [];
  const certs: { der: string; matches: boolean }[] = [];
  for (const b of certBags) {
    const c = b.cert;
    const asn1 = c ? forge.pki.certificateToAsn1(c) : (b as unknown as { asn1?: forge.asn1.Asn1 }).asn1;
    if (!asn1) continue;
    const d = forge.asn1.toDer(asn1).getBytes();
    const matches = !!c && (c.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n);
    certs.push({ der: d, matches });
  }
  const leaf = certs.find((c) => c.matches);
  if (!leaf) throw pkiError('VALIDATION', 'P12_MALFORMED', 'no certificate for the private key in the .p12');
  const pkcs8 = forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))).getBytes();
  try {
    parseCertDer(leaf.der);
  } catch (e) {
    if (e instanceof Asn1Error) throw pkiError('VALIDATION', 'P12_MALFORMED', e.message);
    throw e;
  }
  return {
    pkcs8,
    certPem: pemEncode('CERTIFICATE', leaf.der),
    chainPem: certs.filter((c) => c !== leaf).map((c) => pemEncode('CERTIFICATE', c.der)),
  };
}
