import { z } from 'zod';
import {
  draftNotice,
  getPublicAuditRoot,
  getPublicNotice,
  listPublicAuditRoots,
  listPendingNotices,
  listProjectNotices,
  listPublicNotices,
  publicChangeFeed,
  publishNotice,
  rejectNotice,
  submitNotice,
  updateNotice,
} from '@ebid/services';
import { PROCEDURE_METHODS, PROCEDURE_STATUSES, TRADE_TYPES } from '@ebid/domain';
import { ZId, ZPage } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZKind = z.enum(['tender', 'prequalification', 'amendment', 'land_sale', 'property_disclosure', 'single_source', 'termination', 'failure']);
/** Kinds the owner side drafts for staff review; termination and failure notices are issued by the platform. */
const ZDraftKind = z.enum(['tender', 'prequalification', 'amendment', 'land_sale', 'property_disclosure', 'single_source']);
const ZTitle = z.string().trim().min(4).max(200);
const ZBody = z.string().trim().min(10).max(20_000);

const ZNotice = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  kind: ZKind,
  title: z.string(),
  body: z.string(),
  status: z.enum(['draft', 'pending_review', 'scheduled', 'published', 'rejected']),
  amendsNoticeId: z.number().int().nullable(),
  contentSha256: z.string().nullable(),
  pdfSha256: z.string().nullable(),
  publishedAt: z.string().nullable(),
  scheduledFor: z.string().nullable(),
  reviewNote: z.string().nullable(),
  version: z.number().int(),
});

const ZPublicNotice = z.object({
  id: z.number().int(),
  kind: ZKind,
  title: z.string(),
  body: z.string(),
  publishedAt: z.string(),
  pdfSha256: z.string(),
  pdfSize: z.number().int(),
  project: z.object({
    id: z.number().int(),
    unifiedDealCode: z.string(),
    name: z.string(),
    tradeType: z.enum(TRADE_TYPES),
    method: z.string(),
    regionCode: z.string(),
    status: z.string(),
    tendereeName: z.string(),
    bidDeadline: z.string().nullable(),
    sections: z
      .array(z.object({ code: z.string(), name: z.string(), status: z.enum(['open', 'failed']), failureReason: z.string().nullable(), failureNoticeId: z.number().int().nullable() }))
      .optional(),
  }),
  section: z.object({ code: z.string(), name: z.string() }).nullable().optional(),
});

export const noticeRouter = createTRPCRouter({
  draft: guardedProcedure
    .input(z.object({ projectId: ZId, kind: ZDraftKind, title: ZTitle, body: ZBody }))
    .output(ZNotice)
    .mutation(({ ctx, input }) => draftNotice(ctx.deps, requestContext(ctx), input)),
  update: guardedProcedure
    .input(z.object({ noticeId: ZId, title: ZTitle, body: ZBody, expectedVersion: z.number().int().min(1) }))
    .output(ZNotice)
    .mutation(({ ctx, input }) => updateNotice(ctx.deps, requestContext(ctx), input)),
  submit: guardedProcedure
    .input(z.object({ noticeId: ZId }))
    .output(ZNotice)
    .mutation(({ ctx, input }) => submitNotice(ctx.deps, requestContext(ctx), input)),
  publish: guardedProcedure
    .input(z.object({ noticeId: ZId }))
    .output(ZNotice)
    .mutation(({ ctx, input }) => publishNotice(ctx.deps, requestContext(ctx), input)),
  reject: guardedProcedure
    .input(z.object({ noticeId: ZId, note: z.string().trim().min(2).max(1000) }))
    .output(ZNotice)
    .mutation(({ ctx, input }) => rejectNotice(ctx.deps, requestContext(ctx), input)),
  forProject: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(z.array(ZNotice))
    .query(({ ctx, input }) => listProjectNotices(ctx.deps, requestContext(ctx), input)),
  pending: guardedProcedure
    .input(z.void())
    .output(z.array(ZNotice))
    .query(({ ctx }) => listPendingNotices(ctx.deps, requestContext(ctx))),
});

/** A published audit root as a witness keeps it (issue 13 §6): the signed document and its CMS, no seq. */
const ZPublishedAuditRoot = z.object({
  id: z.number().int(),
  at: z.string(),
  treeSize: z.number().int(),
  root: z.string(),
  checkpointSha256: z.string(),
  document: z.string(),
  signature: z.string(),
});


/** The public portal and open data API (no login). */
export const portalRouter = createTRPCRouter({
  notices: guardedProcedure
    .input(
      z.object({
        tradeType: z.enum(TRADE_TYPES).optional(),
        method: z.enum(PROCEDURE_METHODS).optional(),
        regionCode: z.string().regex(/^\d{6}$/).optional(),
        status: z.enum(PROCEDURE_STATUSES).optional(),
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
        q: z.string().trim().min(1).max(64).optional(),
        ...ZPage,
      }),
    )
    .output(z.object({ items: z.array(ZPublicNotice), nextBeforeId: z.number().int().nullable() }))
    .query(({ ctx, input }) =>
      listPublicNotices(ctx.deps, {
        ...input,
        from: input.from ? new Date(input.from) : undefined,
        to: input.to ? new Date(input.to) : undefined,
      }),
    ),
  notice: guardedProcedure
    .input(z.object({ noticeId: ZId }))
    .output(ZPublicNotice)
    .query(({ ctx, input }) => getPublicNotice(ctx.deps, input.noticeId)),
  /** ProZorro-style change feed: poll with `after` = the last id seen; `next` is the id to poll with next. */
  changes: guardedProcedure
    .input(z.object({ after: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) }))
    .output(
      z.object({
        changes: z.array(z.object({ id: z.number().int(), entity: z.string(), entityId: z.number().int(), change: z.string(), at: z.string() })),
        next: z.number().int(),
      }),
    )
    .query(({ ctx, input }) => publicChangeFeed(ctx.deps, input)),
  /** Published audit roots, oldest first (issue 13 §6): poll with `after` = the last id kept. */
  auditRoots: guardedProcedure
    .input(z.object({ after: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }))
    .output(z.object({ roots: z.array(ZPublishedAuditRoot), next: z.number().int() }))
    .query(({ ctx, input }) => listPublicAuditRoots(ctx.deps, input)),
  auditRoot: guardedProcedure
    .input(z.object({ id: ZId }))
    .output(ZPublishedAuditRoot)
    .query(({ ctx, input }) => getPublicAuditRoot(ctx.deps, input.id)),
});
