/** User certificates (issue 3 §3, issue 13 §4): issuance from CSRs, approvals, listing, revocation. */
import { z } from 'zod';
import { ZCertificate, ZId, ZPem } from './common.ts';

export type Certificate = z.infer<typeof ZCertificate>;
export type CertUsage = Certificate['usage'];

/** Issue (or renew) the caller's signing and encryption certificates from two CSRs. */
export const ZIssueCertificatesInput = z.object({ signingCsrPem: ZPem, encryptionCsrPem: ZPem });
export type IssueCertificatesInput = z.infer<typeof ZIssueCertificatesInput>;

export const ZIssuedCertificates = z.object({ signing: ZCertificate, encryption: ZCertificate, caCertPem: z.string() });
export type IssuedCertificates = z.infer<typeof ZIssuedCertificates>;

/** Approval of a new application without certificate login (a lost key). */
export const ZApproveIssuanceInput = z.object({ userId: ZId, reason: z.string().trim().min(2).max(500) });
export type ApproveIssuanceInput = z.infer<typeof ZApproveIssuanceInput>;

export const ZIssuanceApproval = z.object({ approvalId: z.number().int(), expiresAt: z.string() });
export type IssuanceApproval = z.infer<typeof ZIssuanceApproval>;

export const ZCertificateListInput = z.object({ userId: ZId.optional() });
export type CertificateListInput = z.infer<typeof ZCertificateListInput>;

export const ZRevokeCertificateInput = z.object({ certificateId: ZId, reason: z.number().int().min(0).max(10).default(1) });
export type RevokeCertificateInput = z.infer<typeof ZRevokeCertificateInput>;

export const ZDescribeCertificateInput = z.object({ pem: ZPem });

/** A certificate's fields (e.g. from an imported .p12), read without trusting it. */
export const ZCertificateDescription = z.object({
  serialHex: z.string(),
  subject: z.record(z.string(), z.string()),
  subjectDn: z.string(),
  issuerDn: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  fingerprintSha256: z.string(),
});
export type CertificateDescription = z.infer<typeof ZCertificateDescription>;
