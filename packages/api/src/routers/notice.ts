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
import {
  ZDraftNoticeInput,
  ZNotice,
  ZNoticeIdInput,
  ZProjectIdInput,
  ZPublicAuditRootInput,
  ZPublicAuditRoots,
  ZPublicAuditRootsInput,
  ZPublicChanges,
  ZPublicChangesInput,
  ZPublicNotice,
  ZPublicNoticeInput,
  ZPublicNoticePage,
  ZPublicNoticesInput,
  ZPublishedAuditRoot,
  ZRejectNoticeInput,
  ZUpdateNoticeInput,
} from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const noticeRouter = createTRPCRouter({
  draft: guardedProcedure
    .input(ZDraftNoticeInput)
    .output(ZNotice)
    .mutation(({ ctx, input }) => draftNotice(ctx.deps, requestContext(ctx), input)),
  update: guardedProcedure
    .input(ZUpdateNoticeInput)
    .output(ZNotice)
    .mutation(({ ctx, input }) => updateNotice(ctx.deps, requestContext(ctx), input)),
  submit: guardedProcedure
    .input(ZNoticeIdInput)
    .output(ZNotice)
    .mutation(({ ctx, input }) => submitNotice(ctx.deps, requestContext(ctx), input)),
  publish: guardedProcedure
    .input(ZNoticeIdInput)
    .output(ZNotice)
    .mutation(({ ctx, input }) => publishNotice(ctx.deps, requestContext(ctx), input)),
  reject: guardedProcedure
    .input(ZRejectNoticeInput)
    .output(ZNotice)
    .mutation(({ ctx, input }) => rejectNotice(ctx.deps, requestContext(ctx), input)),
  forProject: guardedProcedure
    .input(ZProjectIdInput)
    .output(z.array(ZNotice))
    .query(({ ctx, input }) => listProjectNotices(ctx.deps, requestContext(ctx), input)),
  pending: guardedProcedure
    .input(z.void())
    .output(z.array(ZNotice))
    .query(({ ctx }) => listPendingNotices(ctx.deps, requestContext(ctx))),
});

/** The public portal and open data API (no login). */
export const portalRouter = createTRPCRouter({
  notices: guardedProcedure
    .input(ZPublicNoticesInput)
    .output(ZPublicNoticePage)
    .query(({ ctx, input }) =>
      listPublicNotices(ctx.deps, {
        ...input,
        from: input.from ? new Date(input.from) : undefined,
        to: input.to ? new Date(input.to) : undefined,
      }),
    ),
  notice: guardedProcedure
    .input(ZPublicNoticeInput)
    .output(ZPublicNotice)
    .query(({ ctx, input }) => getPublicNotice(ctx.deps, input.noticeId)),
  /** ProZorro-style change feed: poll with `after` = the last id seen; `next` is the id to poll with next. */
  changes: guardedProcedure
    .input(ZPublicChangesInput)
    .output(ZPublicChanges)
    .query(({ ctx, input }) => publicChangeFeed(ctx.deps, input)),
  /** Published audit roots, oldest first (issue 13 §6): poll with `after` = the last id kept. */
  auditRoots: guardedProcedure
    .input(ZPublicAuditRootsInput)
    .output(ZPublicAuditRoots)
    .query(({ ctx, input }) => listPublicAuditRoots(ctx.deps, input)),
  auditRoot: guardedProcedure
    .input(ZPublicAuditRootInput)
    .output(ZPublishedAuditRoot)
    .query(({ ctx, input }) => getPublicAuditRoot(ctx.deps, input.id)),
});
