/**
 * The public portal and open data (issue 4 §4, issue 13 §6): published notices, the change feed and the
 * published audit roots, readable without login. Inputs and outputs of the `portal` procedures.
 */
import { z } from 'zod';
import { PROCEDURE_METHODS, PROCEDURE_STATUSES, TRADE_TYPES } from '@ebid/domain';
import { ZId, ZPage } from './common.ts';
import { ZNoticeKind } from './notices.ts';

/** Another published notice of the same project, as the notice detail lists it (issue 19 §1). */
export const ZPublicProjectNotice = z.object({
  id: z.number().int(),
  kind: ZNoticeKind,
  title: z.string(),
  publishedAt: z.string(),
  /** The sealed PDF's download name in words (the project, the kind of notice, the day), as the route sends it. */
  pdfFileName: z.string(),
  pdfSize: z.number().int(),
});
export type PublicProjectNotice = z.infer<typeof ZPublicProjectNotice>;

/**
 * The opening record (开标记录表) once it is public (O5: the session closed; never where the offers are
 * confidential, issue 18 §2): what the project's portal page links. Absent before; nothing about it leaks.
 */
export const ZPublicOpeningRecordLink = z.object({
  version: z.number().int(),
  fileName: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** `/openings/<projectId>/record.pdf` (public once closed). */
  url: z.string(),
  closedAt: z.string(),
});
export type PublicOpeningRecordLink = z.infer<typeof ZPublicOpeningRecordLink>;

export const ZPublicNotice = z.object({
  id: z.number().int(),
  kind: ZNoticeKind,
  title: z.string(),
  body: z.string(),
  publishedAt: z.string(),
  pdfSha256: z.string(),
  pdfSize: z.number().int(),
  /** The sealed PDF's download name in words (the project, the kind of notice, the day), as the route sends it. */
  pdfFileName: z.string(),
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
    /**
     * The project's sections with their status (issue 16 §7: a section fails alone, with its own
     * 流标公告). On the notice detail only (not in lists).
     */
    sections: z
      .array(z.object({ code: z.string(), name: z.string(), status: z.enum(['open', 'failed']), failureReason: z.string().nullable(), failureNoticeId: z.number().int().nullable() }))
      .optional(),
  }),
  /** The section a notice is about alone (a section's 流标公告); null = the project. On the detail only. */
  section: z.object({ code: z.string(), name: z.string() }).nullable().optional(),
  /**
   * The project's public notices and files (issue 19 §1): the notice detail is the project's portal page.
   * Every published notice of the project, newest first (this one included), and the opening record once
   * public (null before). On the detail only.
   */
  projectFiles: z.object({ notices: z.array(ZPublicProjectNotice), openingRecord: ZPublicOpeningRecordLink.nullable() }).optional(),
});
export type PublicNotice = z.infer<typeof ZPublicNotice>;

/** The portal's list: published notices, newest publication first (ties: the later notice first); `beforeId` pages on. */
export const ZPublicNoticesInput = z.object({
  tradeType: z.enum(TRADE_TYPES).optional(),
  method: z.enum(PROCEDURE_METHODS).optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  status: z.enum(PROCEDURE_STATUSES).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(64).optional(),
  ...ZPage,
});
export type PublicNoticesInput = z.infer<typeof ZPublicNoticesInput>;

export const ZPublicNoticePage = z.object({ items: z.array(ZPublicNotice), nextBeforeId: z.number().int().nullable() });
export type PublicNoticePage = z.infer<typeof ZPublicNoticePage>;

export const ZPublicNoticeInput = z.object({ noticeId: ZId });

/** ProZorro-style change feed: poll with `after` = the last id seen; `next` is the id to poll with next. */
export const ZPublicChangesInput = z.object({ after: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) });
export type PublicChangesInput = z.infer<typeof ZPublicChangesInput>;

export const ZPublicChanges = z.object({
  changes: z.array(z.object({ id: z.number().int(), entity: z.string(), entityId: z.number().int(), change: z.string(), at: z.string() })),
  next: z.number().int(),
});
export type PublicChanges = z.infer<typeof ZPublicChanges>;

/** A published audit root as a witness keeps it (issue 13 §6): the signed document and its CMS, no seq. */
export const ZPublishedAuditRoot = z.object({
  id: z.number().int(),
  at: z.string(),
  treeSize: z.number().int(),
  root: z.string(),
  checkpointSha256: z.string(),
  document: z.string(),
  signature: z.string(),
});

export const ZPublicAuditRootsInput = z.object({ after: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) });
export const ZPublicAuditRoots = z.object({ roots: z.array(ZPublishedAuditRoot), next: z.number().int() });
export const ZPublicAuditRootInput = z.object({ id: ZId });
