/**
 * WebCrypto signing shared by the browser entry (browser.ts) and the WebCrypto envelope
 * (envelope/webcrypto.ts): the algorithms, crypto.subtle, certificate PEM parsing and the detached CMS
 * signature. Its own module so neither of the two imports the other. No `node:` imports, no Node globals.
 */
import { OID, binToU8, pemDecodeOne, u8ToBin } from './asn1.ts';
import { buildSignedAttrs, buildSignedData } from './cms.ts';
import { pkiError } from './types.ts';
import { type SigningKind, assertSignable } from './signing-domains.ts';
import { type ParsedCert, decodeKeyUsage, parseCertDer } from './x509.ts';

export type Usage = 'signing' | 'encryption';

export const subtle = (): SubtleCrypto => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw pkiError('UNAVAILABLE', 'KEY_INVALID', 'WebCrypto (crypto.subtle) is not available; use HTTPS or localhost');
  return s;
};

export const SIGN_ALG: RsaHashedImportParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
export const ENC_ALG: RsaHashedImportParams = { name: 'RSA-OAEP', hash: 'SHA-256' };
export const PRIVATE_USAGES: Record<Usage, KeyUsage[]> = { signing: ['sign'], encryption: ['decrypt', 'unwrapKey'] };

export function algFor(usage: Usage): RsaHashedImportParams {
  return usage === 'signing' ? SIGN_ALG : ENC_ALG;
}

function hashName(key: CryptoKey): string | undefined {
  const alg = key.algorithm as Partial<RsaHashedKeyAlgorithm>;
  return alg.hash?.name;
}

export function matchesUsage(key: CryptoKey, usage: Usage): boolean {
  return key.algorithm.name === algFor(usage).name && hashName(key) === 'SHA-256';
}

export function parseCertPem(pem: string): ParsedCert {
  try {
    return parseCertDer(pemDecodeOne(pem, ['CERTIFICATE']));
  } catch (e) {
    throw pkiError('VALIDATION', 'CERT_MALFORMED', e instanceof Error ? e.message : String(e));
  }
}

/**
 * CMS SignedData, detached, SHA-256 (RFC 5652): forge ASN.1 builds SignedData and the signed attributes,
 * WebCrypto signs their DER SET. Verifies with verifyCmsDetached (Node) and `openssl cms -verify`.
 */
export async function signCmsDetachedWithWebCrypto(
  content: Uint8Array,
  signer: { privateKey: CryptoKey; certPem: string; chainPem?: string[] },
): Promise<Uint8Array> {
  if (!matchesUsage(signer.privateKey, 'signing')) {
    throw pkiError('VALIDATION', 'KEY_INVALID', 'an RSASSA-PKCS1-v1_5 SHA-256 signing key is required');
  }
  const cert = parseCertPem(signer.certPem);
  const ku = cert.extensions.get(OID.keyUsage);
  if (ku) {
    const usages = decodeKeyUsage(ku.value);
    if (!usages.includes('digitalSignature') && !usages.includes('nonRepudiation')) {
      throw pkiError('VALIDATION', 'CERT_WRONG_USAGE', 'the certificate is not a signing certificate');
    }
  }
  const chain = (signer.chainPem ?? []).map(parseCertPem);
  const digest = u8ToBin(new Uint8Array(await subtle().digest('SHA-256', new Uint8Array(content))));
  const { attrs, toSign } = buildSignedAttrs({ digest, signingTime: new Date(), signer: cert });
  const sig = await subtle().sign(SIGN_ALG.name, signer.privateKey, binToU8(toSign));
  return binToU8(buildSignedData({ signer: cert, chain, attrs, signature: u8ToBin(new Uint8Array(sig)) }));
}

/**
 * A user's signature in the browser (issue 14 §5): signCmsDetachedWithWebCrypto only after
 * `assertSignable(kind, content, opts)` — every signing call of the web app goes through it, so the page
 * never signs an object of another kind than asked (a login challenge must name `opts.origin`, the
 * page's own origin).
 */
export async function signCmsDetachedAsWithWebCrypto(
  kind: SigningKind,
  content: Uint8Array,
  signer: { privateKey: CryptoKey; certPem: string; chainPem?: string[] },
  opts: { origin?: string } = {},
): Promise<Uint8Array> {
  assertSignable(kind, content, opts);
  return signCmsDetachedWithWebCrypto(content, signer);
}
