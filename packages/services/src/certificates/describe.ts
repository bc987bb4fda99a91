/** Reading a certificate (e.g. from a .p12 the user imports) without trusting it. */
import type { CertificateDescription } from '@ebid/contracts';
import { parseCertificate, type CertInfo } from '@ebid/pki';
import { translatePkiError } from './errors.ts';

/** Parse without trusting: used by the UI to show a .p12's certificate before login. */
export function describeCertificate(pem: string): CertificateDescription {
  let i: CertInfo;
  try {
    i = parseCertificate(pem);
  } catch (e) {
    translatePkiError(e);
  }
  return {
    serialHex: i.serialHex,
    subject: i.subject,
    subjectDn: i.subjectDn,
    issuerDn: i.issuerDn,
    notBefore: i.notBefore.toISOString(),
    notAfter: i.notAfter.toISOString(),
    fingerprintSha256: i.fingerprintSha256,
  };
}

