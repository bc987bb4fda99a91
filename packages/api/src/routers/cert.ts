import { z } from 'zod';
import { approveCertificateIssuance, describeCertificate, issueMyCertificates, listCertificates, revokeCertificate } from '@ebid/services';
import { ZCertificate, ZId, ZPem } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const certRouter = createTRPCRouter({
  /** Issue (or renew) the caller's signing and encryption certificates from two CSRs. */
  issue: guardedProcedure
    .input(z.object({ signingCsrPem: ZPem, encryptionCsrPem: ZPem }))
    .output(z.object({ signing: ZCertificate, encryption: ZCertificate, caCertPem: z.string() }))
    .mutation(({ ctx, input }) => issueMyCertificates(ctx.deps, requestContext(ctx), input)),

  /** A company administrator (another person) or center staff approves a new application without certificate login (a lost key). */
  approveIssuance: guardedProcedure
    .input(z.object({ userId: ZId, reason: z.string().trim().min(2).max(500) }))
    .output(z.object({ approvalId: z.number().int(), expiresAt: z.string() }))
    .mutation(({ ctx, input }) => approveCertificateIssuance(ctx.deps, requestContext(ctx), input)),

  list: guardedProcedure
    .input(z.object({ userId: ZId.optional() }))
    .output(z.array(ZCertificate))
    .query(({ ctx, input }) => listCertificates(ctx.deps, requestContext(ctx), input)),

  revoke: guardedProcedure
    .input(z.object({ certificateId: ZId, reason: z.number().int().min(0).max(10).default(1) }))
    .output(ZCertificate)
    .mutation(({ ctx, input }) => revokeCertificate(ctx.deps, requestContext(ctx), input)),

  /** Read a certificate's fields (e.g. from an imported .p12) without trusting it. */
  describe: guardedProcedure
    .input(z.object({ pem: ZPem }))
    .output(
      z.object({
        serialHex: z.string(),
        subject: z.record(z.string(), z.string()),
        subjectDn: z.string(),
        issuerDn: z.string(),
        notBefore: z.string(),
        notAfter: z.string(),
        fingerprintSha256: z.string(),
      }),
    )
    .query(({ input }) => {
      const i = describeCertificate(input.pem);
      return {
        serialHex: i.serialHex,
        subject: i.subject,
        subjectDn: i.subjectDn,
        issuerDn: i.issuerDn,
        notBefore: i.notBefore.toISOString(),
        notAfter: i.notAfter.toISOString(),
        fingerprintSha256: i.fingerprintSha256,
      };
    }),
});
