/**
 * Notices (issue 4 §3): drafted by the owner side, reviewed and published by center staff, or issued by
 * the platform itself (termination, failure). Inputs and outputs of the `notice` procedures (issue 17 §1).
 */
import { z } from 'zod';
import { NOTICE_KINDS } from '@ebid/domain';
import { ZId } from './common.ts';

/** Every notice kind (the database enum notice_kind; the list is the domain vocabulary's). */
export { NOTICE_KINDS };
export const ZNoticeKind = z.enum(NOTICE_KINDS);
export type NoticeKind = z.infer<typeof ZNoticeKind>;
/** Kinds the owner side drafts for staff review; termination and failure notices are issued by the platform. */
export const ZDraftNoticeKind = z.enum(['tender', 'prequalification', 'amendment', 'land_sale', 'property_disclosure', 'single_source']);

const ZTitle = z.string().trim().min(4).max(200);
const ZBody = z.string().trim().min(10).max(20_000);

export const ZNotice = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  kind: ZNoticeKind,
  title: z.string(),
  body: z.string(),
  status: z.enum(['draft', 'pending_review', 'scheduled', 'published', 'rejected']),
  amendsNoticeId: z.number().int().nullable(),
  contentSha256: z.string().nullable(),
  pdfSha256: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** Approved before its 公告发布时间: published by a timer at this instant. */
  scheduledFor: z.string().nullable(),
  reviewNote: z.string().nullable(),
  version: z.number().int(),
});
export type NoticeView = z.infer<typeof ZNotice>;

export const ZDraftNoticeInput = z.object({ projectId: ZId, kind: ZDraftNoticeKind, title: ZTitle, body: ZBody });
export type DraftNoticeInput = z.infer<typeof ZDraftNoticeInput>;

export const ZUpdateNoticeInput = z.object({ noticeId: ZId, title: ZTitle, body: ZBody, expectedVersion: z.number().int().min(1) });
export type UpdateNoticeInput = z.infer<typeof ZUpdateNoticeInput>;

export const ZNoticeIdInput = z.object({ noticeId: ZId });
export type NoticeIdInput = z.infer<typeof ZNoticeIdInput>;

export const ZRejectNoticeInput = z.object({ noticeId: ZId, note: z.string().trim().min(2).max(1000) });
export type RejectNoticeInput = z.infer<typeof ZRejectNoticeInput>;
