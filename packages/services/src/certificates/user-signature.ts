/**
 * A user's own signature (issue 20 §2; the user-level variant of bids/company-signature.ts): a detached
 * CMS over `content` by the acting user's OWN current signing certificate — trusted, valid at the instant
 * given, not revoked, usage signing. A signature by another user's certificate (even a colleague's of the
 * same company) is refused: the signed act is the handler's personally.
 */
import type { CertificateRow, Tx } from '@ebid/db';
import { verifySignatureBy, type SignatureInput } from '../bids/company-signature.ts';
import type { Deps } from '../deps.ts';

/**
 * Verify `signature` over `content` as user `userId`'s own signature. Returns the certificate row;
 * VALIDATION with details.reason (SIGNATURE_INVALID, CERT_*, SIGNER_NOT_USER, CERT_SUPERSEDED) otherwise.
 */
export async function verifyUserSignature(tx: Tx, deps: Pick<Deps, 'pki'>, input: SignatureInput & { userId: number }): Promise<CertificateRow> {
  return verifySignatureBy(tx, deps, input, (cert) => cert.userId === input.userId, {
    reason: 'SIGNER_NOT_USER',
    text: { zh: '签名证书不是您本人的签名证书', en: 'The signing certificate is not your own signing certificate' },
  });
}
