/**
 * A user's own signature (issue 20 §2; the user-level variant of bids/company-signature.ts): a detached
 * CMS over `content` by the acting user's OWN current signing certificate — trusted, valid at the instant
 * given, not revoked, usage signing. A signature by another user's certificate (even a colleague's of the
 * same company) is refused: the signed act is the handler's personally.
 */
import { eq } from 'drizzle-orm';
import { certificates, type CertificateRow, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import { assertSignable, verifyCmsDetached, type SigningKind } from '@ebid/pki';
import { CERT_REASON_TEXT, SIGNATURE_INVALID_TEXT } from '../bids/company-signature.ts';
import type { Deps } from '../deps.ts';

function sigError(reason: string, text: { zh: string; en: string }, extra: Record<string, unknown>): AppError {
  return new AppError('VALIDATION', text, { reason, ...extra });
}

/**
 * Verify `signature` over `content` as user `userId`'s own signature. Returns the certificate row;
 * VALIDATION with details.reason (SIGNATURE_INVALID, CERT_*, SIGNER_NOT_USER, CERT_SUPERSEDED) otherwise.
 */
export async function verifyUserSignature(
  tx: Tx,
  deps: Pick<Deps, 'pki'>,
  input: {
    /** what the signature is for (issue 14 §5): the content must be an object of this kind */
    kind: Exclude<SigningKind, 'login'>;
    signature: Uint8Array;
    content: Uint8Array;
    userId: number;
    at: Date;
    details?: Record<string, unknown>;
  },
): Promise<CertificateRow> {
  const extra = input.details ?? {};
  assertSignable(input.kind, input.content);
  const textOf = (reason: string) => CERT_REASON_TEXT[reason] ?? SIGNATURE_INVALID_TEXT;
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
  if (!cert || cert.usage !== 'signing' || cert.userId !== input.userId) {
    throw sigError('SIGNER_NOT_USER', { zh: '签名证书不是您本人的签名证书', en: 'The signing certificate is not your own signing certificate' }, extra);
  }
  if (cert.status === 'revoked') throw sigError('CERT_REVOKED', textOf('CERT_REVOKED'), extra);
  if (cert.status !== 'active') throw sigError('CERT_SUPERSEDED', { zh: '签名证书已被新证书替换，请使用当前证书签名', en: 'The signing certificate was replaced; sign with the current one' }, extra);
  return cert;
}
