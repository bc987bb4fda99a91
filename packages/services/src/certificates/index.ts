/** User certificates from the platform CA (DESIGN §5, issue 3 §3, issue 13 §4): apply, approve, list, revoke, read. */
export { CERT_VALIDITY_MS, issueMyCertificates } from './apply.ts';
export { approveCertificateIssuance } from './approve.ts';
export { listCertificates } from './list.ts';
export { revokeCertificate } from './revoke.ts';
export { latestCrl } from './crl.ts';
export { describeCertificate } from './describe.ts';
export { verifyUserSignature } from './user-signature.ts';
