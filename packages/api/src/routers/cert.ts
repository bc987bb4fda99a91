import { z } from 'zod';
import { approveCertificateIssuance, describeCertificate, issueMyCertificates, listCertificates, revokeCertificate } from '@ebid/services';
import {
  ZApproveIssuanceInput,
  ZCertificate,
  ZCertificateDescription,
  ZCertificateListInput,
  ZDescribeCertificateInput,
  ZIssuanceApproval,
  ZIssueCertificatesInput,
  ZIssuedCertificates,
  ZRevokeCertificateInput,
} from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const certRouter = createTRPCRouter({
  /** Issue (or renew) the caller's signing and encryption certificates from two CSRs. */
  issue: guardedProcedure
    .input(ZIssueCertificatesInput)
    .output(ZIssuedCertificates)
    .mutation(({ ctx, input }) => issueMyCertificates(ctx.deps, requestContext(ctx), input)),

  /** A company administrator (another person) or center staff approves a new application without certificate login (a lost key). */
  approveIssuance: guardedProcedure
    .input(ZApproveIssuanceInput)
    .output(ZIssuanceApproval)
    .mutation(({ ctx, input }) => approveCertificateIssuance(ctx.deps, requestContext(ctx), input)),

  list: guardedProcedure
    .input(ZCertificateListInput)
    .output(z.array(ZCertificate))
    .query(({ ctx, input }) => listCertificates(ctx.deps, requestContext(ctx), input)),

  revoke: guardedProcedure
    .input(ZRevokeCertificateInput)
    .output(ZCertificate)
    .mutation(({ ctx, input }) => revokeCertificate(ctx.deps, requestContext(ctx), input)),

  /** Read a certificate's fields (e.g. from an imported .p12) without trusting it. */
  describe: guardedProcedure
    .input(ZDescribeCertificateInput)
    .output(ZCertificateDescription)
    .query(({ input }) => describeCertificate(input.pem)),
});
