/**
 * A company's signature (X1): a detached CMS by a signing certificate of a user of the company — trusted,
 * valid at the instant given, not revoked, the current one — over an object of the kind asked (issue 14
 * §5). The outer signature of a bid and the confirmation of the opening record are checked here.
 */
import { eq } from 'drizzle-orm';
import { certificates, type CertificateRow, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import { assertSignable, verifyCmsDetached, type SigningKind } from '@ebid/pki';
import type { Deps } from '../deps.ts';

const SIGNATURE_INVALID_TEXT = { zh: '签名与文件内容不符', en: 'The signature does not match the content' };

const CERT_REASON_TEXT: Record<string, { zh: string; en: string }> = {
  SIGNATURE_INVALID: SIGNATURE_INVALID_TEXT,
  CMS_MALFORMED: { zh: '签名格式错误', en: 'The signature is malformed' },
  CERT_EXPIRED: { zh: '签名证书已过期', en: 'The signing certificate has expired' },
  CERT_NOT_YET_VALID: { zh: '签名证书尚未生效', en: 'The signing certificate is not yet valid' },
  CERT_REVOKED: { zh: '签名证书已被吊销', en: 'The signing certificate is revoked' },
  CERT_UNTRUSTED: { zh: '签名证书不是受信任的CA签发的', en: 'The signing certificate is not from a trusted CA' },
  CERT_WRONG_USAGE: { zh: '签名证书不是签名用途', en: 'The certificate is not a signing certificate' },
  CERT_MALFORMED: { zh: '签名证书格式错误', en: 'The signing certificate is malformed' },
};

function sigError(reason: string, text: { zh: string; en: string }, extra: Record<string, unknown>): AppError {
  return new AppError('VALIDATION', text, { reason, ...extra });
}

/** What every signed act asks of its signature; the signer rule (whose certificate) is the caller's. */
export interface SignatureInput {
  /** what the signature is for (issue 14 §5): the content must be an object of this kind */
  kind: Exclude<SigningKind, 'login'>;
  signature: Uint8Array;
  content: Uint8Array;
  at: Date;
  text?: Partial<Record<string, { zh: string; en: string }>>;
  details?: Record<string, unknown>;
}

/**
 * A detached CMS over `content` by a platform signing certificate — trusted, valid at `at`, not revoked, the
 * holder's current one — whose row `signer` accepts (else `refusal`). Returns the certificate row;
 * VALIDATION with details.reason (SIGNATURE_INVALID, CERT_*, the refusal's reason, CERT_SUPERSEDED) otherwise.
 */
export async function verifySignatureBy(
  tx: Tx,
  deps: Pick<Deps, 'pki'>,
  input: SignatureInput,
  signer: (cert: CertificateRow) => boolean,
  refusal: { reason: string; text: { zh: string; en: string } },
): Promise<CertificateRow> {
  const extra = input.details ?? {};
  assertSignable(input.kind, input.content);
  const textOf = (reason: string) => input.text?.[reason] ?? CERT_REASON_TEXT[reason] ?? SIGNATURE_INVALID_TEXT;
  const revoked = new Set((await tx.select({ s: certificates.serialHex }).from(certificates).where(eq(certificates.status, 'revoked'))).map((r) => r.s));
  const check = verifyCmsDetached(input.signature, input.content, {
    trustedRootsPem: deps.pki.trustedRootsPem,
    at: input.at,
    isRevoked: (serial) => revoked.has(serial),
    usage: 'signing',
  });
  if (!check.ok) {
    const reason = check.reason === 'CMS_MALFORMED' ? 'SIGNATURE_INVALID' : check.reason;
    throw sigError(reason, textOf(reason), extra);
  }
  const [cert] = await tx.select().from(certificates).where(eq(certificates.fingerprintSha256, check.signer.fingerprintSha256));
  if (!cert || cert.usage !== 'signing' || !signer(cert)) throw sigError(refusal.reason, refusal.text, extra);
  if (cert.status === 'revoked') throw sigError('CERT_REVOKED', textOf('CERT_REVOKED'), extra);
  if (cert.status !== 'active') throw sigError('CERT_SUPERSEDED', { zh: '签名证书已被新证书替换，请使用当前证书签名', en: 'The signing certificate was replaced; sign with the current one' }, extra);
  return cert;
}

/**
 * A detached CMS over `content` by a signing certificate of a user of company `orgId` (X1). Returns the
 * certificate row; VALIDATION with details.reason (SIGNATURE_INVALID, CERT_*, SIGNER_NOT_OF_COMPANY,
 * CERT_SUPERSEDED) otherwise.
 */
export async function verifyCompanySignature(tx: Tx, deps: Pick<Deps, 'pki'>, input: SignatureInput & { orgId: number }): Promise<CertificateRow> {
  return verifySignatureBy(tx, deps, input, (cert) => cert.orgId === input.orgId, {
    reason: 'SIGNER_NOT_OF_COMPANY',
    text: { zh: '签名证书不是本投标单位用户的签名证书', en: 'The signing certificate is not a signing certificate of a user of the bidding company' },
  });
}
